import 'reflect-metadata';
import { graphql, type GraphQLObjectType } from 'graphql';
import { Arg, buildSchema, Ctx, Field, FieldResolver, ID, Info, Int, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { leanFieldResolvers } from '../../server/graphql/lean-field-resolvers.js';

@ObjectType()
class Box {
  @Field(() => ID)
  id!: string;
}

const calls: string[] = [];

@Resolver(() => Box)
class BoxResolver {
  @Query(() => Box)
  box(@Arg('id', () => ID) id: string): Box {
    return Object.assign(new Box(), { id });
  }

  // Parameters in an order other than graphql's (root, args, context, info).
  @FieldResolver(() => String)
  label(@Info() info: { fieldName: string }, @Ctx() ctx: { prefix: string }, @Root() box: Box): string {
    return `${ctx.prefix}${box.id}:${info.fieldName}`;
  }

  @FieldResolver(() => Int)
  times(@Root() box: Box, @Arg('n', () => Int) n: number): number {
    return box.id.length * n;
  }

  @FieldResolver(() => String)
  @UseMiddleware(async (_data, next) => {
    calls.push('middleware');
    return next();
  })
  watched(@Root() box: Box): string {
    return `watched ${box.id}`;
  }
}

describe('lean field resolvers: type-graphql left out only where it would do nothing', () => {
  it('replaces root/context/info resolvers, keeps those with arguments or middleware, and answers the same', async () => {
    const options = { resolvers: [BoxResolver] as [typeof BoxResolver], validate: false };
    const typeGraphql = await buildSchema(options);
    const lean = await buildSchema(options);
    expect(leanFieldResolvers(lean, options.resolvers, options)).toBe(1);
    const fields = (lean.getType('Box') as GraphQLObjectType).getFields();
    const before = (typeGraphql.getType('Box') as GraphQLObjectType).getFields();
    expect(fields.label!.resolve).not.toBe(before.label!.resolve);

    const source = '{ box(id: "ab") { id label times(n: 3) watched } }';
    calls.length = 0;
    const expected = await graphql({ schema: typeGraphql, source, contextValue: { prefix: '#' } });
    const answered = await graphql({ schema: lean, source, contextValue: { prefix: '#' } });
    expect(answered).toEqual(expected);
    expect(answered.data).toEqual({ box: { id: 'ab', label: '#ab:label', times: 6, watched: 'watched ab' } });
    expect(calls).toEqual(['middleware', 'middleware']);
  });

  it('leaves every resolver alone when the schema has global middleware or an auth checker', async () => {
    const withMiddleware = { resolvers: [BoxResolver] as [typeof BoxResolver], globalMiddlewares: [async (_d: unknown, next: () => Promise<unknown>) => next()] };
    expect(leanFieldResolvers(await buildSchema(withMiddleware), withMiddleware.resolvers, withMiddleware)).toBe(0);
    const withAuth = { resolvers: [BoxResolver] as [typeof BoxResolver], authChecker: () => true };
    expect(leanFieldResolvers(await buildSchema(withAuth), withAuth.resolvers, withAuth)).toBe(0);
  });
});

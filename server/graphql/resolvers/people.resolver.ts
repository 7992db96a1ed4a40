import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Body, Meeting, Membership, Organisation, Person } from '../../../schema/entities/index.js';
import { AddMembershipInput, CreatePersonInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';
import { presentMeeting, readsMeeting } from '../../auth/read-policy.js';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => [Person], { description: 'Persons, by name' })
  persons(@Ctx() ctx: GraphQLContext) {
    return ctx.em.find(Person, {}, { orderBy: { name: 'asc' } });
  }

  @Query(() => Person, { nullable: true })
  person(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.loaders.person.load(id);
  }

  @FieldResolver(() => [Membership])
  memberships(@Root() p: Person, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.membershipsOfPerson.load(p.id);
  }

  @Mutation(() => Person)
  createPerson(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreatePersonInput) input: CreatePersonInput) {
    return ctx.services.people.create(input);
  }

  @Mutation(() => Person)
  updatePerson(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input', () => CreatePersonInput) input: CreatePersonInput) {
    return ctx.services.people.update(id, input);
  }

  @Mutation(() => Membership)
  addMembership(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddMembershipInput) input: AddMembershipInput) {
    return ctx.services.people.addMembership(input);
  }

  @Mutation(() => Membership)
  endMembership(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('validTo', () => LocalDateResolver) validTo: string,
  ) {
    return ctx.services.people.endMembership(id, validTo);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Person)
  async person(@Root() m: Membership, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.person.load(m.person.id))!;
  }

  @FieldResolver(() => Body)
  async body(@Root() m: Membership, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.body.load(m.body.id))!;
  }
}

@Resolver(() => Body)
export class BodyResolver {
  @Query(() => [Body], { description: 'Bodies (utvalg), by name' })
  bodies(@Ctx() ctx: GraphQLContext) {
    return ctx.em.find(Body, {}, { orderBy: { name: 'asc' } });
  }

  @Query(() => Body, { nullable: true, description: 'A body by its slug, e.g. "radmannsgruppen"' })
  body(@Ctx() ctx: GraphQLContext, @Arg('slug', () => String) slug: string) {
    return ctx.em.findOne(Body, { slug });
  }

  @Query(() => [Organisation])
  organisations(@Ctx() ctx: GraphQLContext) {
    return ctx.em.find(Organisation, {}, { orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => Organisation)
  async organisation(@Root() b: Body, @Ctx() ctx: GraphQLContext) {
    return ctx.em.findOneOrFail(Organisation, { id: b.organisation.id });
  }

  @FieldResolver(() => [Meeting], { description: 'Meetings of the body, oldest first' })
  async meetings(@Root() b: Body, @Ctx() ctx: GraphQLContext) {
    const all = await ctx.loaders.meetingsOfBody.load(b.id);
    return all.filter((m) => readsMeeting(ctx.viewer, m)).map((m) => presentMeeting(ctx.viewer, m));
  }

  @FieldResolver(() => [Membership])
  memberships(@Root() b: Body, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.membershipsOfBody.load(b.id);
  }
}

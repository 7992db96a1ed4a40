import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Body, RoleGrant, User } from '../../../schema/entities/index.js';
import type { GraphQLContext } from '../context.js';

@Resolver(() => User)
export class ViewerResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user of the token, or null for the public' })
  me(@Ctx() ctx: GraphQLContext) {
    return ctx.viewer.userId ? ctx.em.findOne(User, { id: ctx.viewer.userId }) : null;
  }

  @FieldResolver(() => [RoleGrant], { description: 'Roles per body (sekretariat or member); only for oneself or an admin' })
  roles(@Root() u: User, @Ctx() ctx: GraphQLContext) {
    if (u.id !== ctx.viewer.userId && !ctx.viewer.isAdmin) return [];
    return ctx.em.find(RoleGrant, { user: u.id }, { orderBy: { createdAt: 'asc' } });
  }
}

@Resolver(() => RoleGrant)
export class RoleGrantResolver {
  @FieldResolver(() => Body)
  async body(@Root() g: RoleGrant, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.body.load(g.body.id))!;
  }
}

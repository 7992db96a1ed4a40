import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AuditEntry, User } from '../../../schema/entities/index.js';
import type { GraphQLContext } from '../context.js';
import { AuditEntryConnection, ConnectionArgs } from '../connections.js';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => [AuditEntry], { description: 'Who changed what in a meeting and when, newest first (secretariat only)' })
  auditLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ) {
    return ctx.services.audit.list(meetingId, limit ?? 500);
  }

  @Query(() => AuditEntryConnection, { description: 'The audit trail of a meeting page by page, newest first (secretariat only)' })
  auditLogConnection(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
  ): Promise<AuditEntryConnection> {
    return ctx.services.audit.page(meetingId, page);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name of the user who made the change' })
  async userName(@Root() e: AuditEntry, @Ctx() ctx: GraphQLContext) {
    if (!e.userId) return null;
    return (await ctx.em.findOne(User, { id: e.userId }))?.name ?? null;
  }
}

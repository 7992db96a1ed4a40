import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NoticeDelivery, Person } from '../../../schema/entities/index.js';
import type { GraphQLContext } from '../context.js';

/** The innkalling's messages: their delivery (or the outbox without SMTP), retries, and forfall replies. */
@Resolver(() => NoticeDelivery)
export class NoticeResolver {
  @Query(() => [NoticeDelivery], { description: 'The innkalling messages of a meeting and their delivery (the outbox when no SMTP server is set); for the secretariat' })
  noticeDeliveries(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.notices.list(meetingId);
  }

  @Mutation(() => [NoticeDelivery], { description: 'Sends the innkalling messages that failed (or were not tried) again; none is sent twice' })
  retryNoticeDeliveries(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.notices.retry(meetingId);
  }

  @Mutation(() => Boolean, { description: 'Forfall from a recipient of the innkalling, by the token of their reply link (no sign-in needed)' })
  replyAbsence(@Ctx() ctx: GraphQLContext, @Arg('token', () => String) token: string, @Arg('note', () => String, { nullable: true }) note?: string | null) {
    return ctx.services.notices.replyAbsence(token, note);
  }

  @FieldResolver(() => Person)
  async person(@Root() d: NoticeDelivery, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.person.load(d.person.id))!;
  }
}

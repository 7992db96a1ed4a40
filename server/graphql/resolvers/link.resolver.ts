import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Body, User } from '../../../schema/entities/index.js';
import { CollabTicket, ResourceLink } from '../../../schema/links.js';
import { minutesDocName } from '../../../schema/ydoc-layout.js';
import type { Links } from '../../auth/links.js';
import { forbidden, unauthenticated } from '../../auth/policies.js';
import { liveAccess } from '../../auth/read-policy.js';
import { AppError, notFound } from '../../errors.js';
import { rotateCalendarFeeds } from '../../services/users.js';
import type { GraphQLContext } from '../context.js';

function linksOf(ctx: GraphQLContext): Links {
  if (!ctx.links) throw new AppError('INTERNAL_SERVER_ERROR', 'Links are not available here.');
  return ctx.links;
}

/** Addresses that stand in for the bearer token where a header cannot go (README, "Who may do what"). */
@Resolver()
export class LinkResolver {
  @Mutation(() => ResourceLink, {
    description:
      'A link signed for one document or file (e.g. "/meetings/<id>/innkalling.pdf"), for the caller, valid for a few minutes; ' +
      'refused (NOT_FOUND, FORBIDDEN) when the caller may not read it, BAD_USER_INPUT for a path that is no such resource',
  })
  async resourceLink(@Ctx() ctx: GraphQLContext, @Arg('path', () => String) path: string): Promise<ResourceLink> {
    const links = linksOf(ctx);
    const link = await links.resources.linkFor(ctx, path);
    return { ...link, url: `${links.publicUrl()}${link.path}` };
  }

  @Mutation(() => CollabTicket, {
    description: "A single-use ticket, valid for a minute, that opens one meeting's live referat (for the caller's access: write or read)",
  })
  async collabTicket(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string): Promise<CollabTicket> {
    const links = linksOf(ctx);
    if (!ctx.viewer.userId) throw unauthenticated('Sign in to open the live referat.');
    const meeting = await ctx.services.meetings.get(meetingId);
    if (!liveAccess(ctx.viewer, meeting.body.id)) throw forbidden('Only the secretariat and members of the body can open its live referat.');
    const docName = minutesDocName(meeting.id);
    return { docName, ...(await links.tickets.issue(docName, ctx.viewer.userId)) };
  }

  @Query(() => String, {
    description:
      "The signed-in user's own address of a body's calendar feed (with what they may see, such as planned meetings): " +
      'it does not expire; rotateCalendarFeeds replaces it',
  })
  async calendarFeedUrl(@Ctx() ctx: GraphQLContext, @Arg('bodySlug', () => String) bodySlug: string): Promise<string> {
    const links = linksOf(ctx);
    if (!ctx.viewer.userId) throw unauthenticated('Sign in to get your own calendar address (the public feed needs none).');
    const body = await ctx.em.findOne(Body, { slug: bodySlug });
    if (!body) throw notFound('Body', bodySlug);
    return `${links.publicUrl()}${await links.feeds.pathFor(ctx.em, ctx.viewer.userId, body.slug)}`;
  }

  @Mutation(() => Int, { description: "Stops every calendar feed address of the caller; calendarFeedUrl then gives new ones. Returns the new feed version" })
  async rotateCalendarFeeds(@Ctx() ctx: GraphQLContext): Promise<number> {
    if (!ctx.viewer.userId) throw unauthenticated('Sign in to replace your calendar addresses.');
    return rotateCalendarFeeds(ctx.em, await ctx.em.findOneOrFail(User, { id: ctx.viewer.userId }));
  }
}

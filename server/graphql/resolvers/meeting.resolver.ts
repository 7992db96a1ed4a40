import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AgendaItem, Attachment, Attendance, Body, Meeting } from '../../../schema/entities/index.js';
import { CreateMeetingInput, MeetingFilter, UpdateMeetingInput } from '../../../schema/inputs/index.js';
import { notFound } from '../../errors.js';
import { osloYear } from '../../documents/norwegian-dates.js';
import type { GraphQLContext } from '../context.js';
import { ConnectionArgs, MeetingConnection } from '../connections.js';
import { visibleAttachments } from '../visibility.js';
import { andThen } from '../known-loader.js';
import { selectedFields } from '../selection.js';
import { readItemsAhead } from './agenda-item.resolver.js';
import { presentAttendance, presentItem, presentMeeting, readsMeeting } from '../../auth/read-policy.js';

@Resolver(() => Meeting)
export class MeetingResolver {
  @Query(() => [Meeting], { description: 'Meetings, oldest first; filter by body, year and status' })
  async meetings(@Ctx() ctx: GraphQLContext, @Arg('filter', () => MeetingFilter, { nullable: true }) filter?: MeetingFilter) {
    return (await ctx.services.meetings.list(filter ?? {})).map((m) => presentMeeting(ctx.viewer, m));
  }

  @Query(() => MeetingConnection, { description: 'Meetings page by page, newest first (startsAt, then id); filter by body, year and status' })
  async meetingsConnection(
    @Ctx() ctx: GraphQLContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => MeetingFilter, { nullable: true }) filter?: MeetingFilter,
  ): Promise<MeetingConnection> {
    const found = await ctx.services.meetings.page(filter ?? {}, page);
    return { ...found, edges: found.edges.map((e) => ({ ...e, node: presentMeeting(ctx.viewer, e.node) })) };
  }

  @Query(() => Meeting, { description: 'One meeting with everything nested' })
  async meeting(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    // Read-only rows through the request's loader (the nested fields read the same way); the same rule as
    // MeetingService.get: a meeting the viewer may not see is not found.
    const m = await ctx.loaders.meeting.load(id);
    if (!m || !readsMeeting(ctx.viewer, m)) throw notFound('Meeting', id);
    return presentMeeting(ctx.viewer, m);
  }

  // The nested fields answer without a promise what the request has already read (known-loader.ts).
  @FieldResolver(() => Body)
  body(@Root() m: Meeting, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.body.get(m.body.id) as Body | Promise<Body>;
  }

  @FieldResolver(() => Int, { description: 'Calendar year in Norway; item numbers belong to it' })
  year(@Root() m: Meeting) {
    return osloYear(m.startsAt);
  }

  /** With the items' sub-items and vedlegg read ahead when the query asks for them (readItemsAhead). */
  @FieldResolver(() => [AgendaItem], { description: 'The agenda (saker), in order' })
  agendaItems(@Root() m: Meeting, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return andThen(ctx.loaders.itemsOfMeeting.get(m.id), (items) => {
      const presented = items.map((i) => presentItem(ctx.viewer, m, i));
      return andThen(readItemsAhead(presented, ctx, selectedFields(info)), () => presented);
    });
  }

  @FieldResolver(() => [Attachment], { description: 'Vedlegg, by number' })
  attachments(@Root() m: Meeting, @Ctx() ctx: GraphQLContext) {
    return andThen(ctx.loaders.attachmentsOfMeeting.get(m.id), (rows) => visibleAttachments(ctx, m, rows));
  }

  @FieldResolver(() => [Attendance], { description: 'Til stede, sekretariatet and forfall, in the order of the referat' })
  attendance(@Root() m: Meeting, @Ctx() ctx: GraphQLContext) {
    return andThen(ctx.loaders.attendanceOfMeeting.get(m.id), (rows) => presentAttendance(ctx.viewer, m, rows));
  }

  @Mutation(() => Meeting, { description: 'A new meeting; its agenda starts with approving the previous minutes' })
  createMeeting(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateMeetingInput) input: CreateMeetingInput) {
    return ctx.services.meetings.create(input);
  }

  @Mutation(() => Meeting)
  updateMeeting(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateMeetingInput) input: UpdateMeetingInput,
  ) {
    return ctx.services.meetings.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a meeting whose notice has not been sent' })
  deleteMeeting(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.meetings.remove(id);
  }

  @Mutation(() => Meeting, { description: 'Send the innkalling: item numbers are frozen from now on' })
  sendNotice(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.meetings.sendNotice(meetingId);
  }

  @Mutation(() => Meeting, { description: 'The meeting has been held; actual times and place default to the planned ones' })
  markMeetingHeld(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('actualStartsAt', () => Date, { nullable: true }) actualStartsAt?: Date,
    @Arg('actualEndsAt', () => Date, { nullable: true }) actualEndsAt?: Date,
    @Arg('actualLocation', () => String, { nullable: true }) actualLocation?: string,
  ) {
    return ctx.services.meetings.markHeld(meetingId, { actualStartsAt, actualEndsAt, actualLocation });
  }

  @Mutation(() => Meeting, { description: 'Take the "sent for approval" version of the draft referat' })
  sendMinutesForApproval(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.meetings.sendMinutesForApproval(meetingId);
  }

  @Mutation(() => Meeting, {
    description: 'Approve and lock the referat directly (normally done by adopting the next meeting\'s approval item)',
  })
  approveMinutes(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.meetings.approveMinutes(meetingId);
  }

  @Mutation(() => Meeting, { description: 'The decision on "Godkjenning av innkalling og dagsorden", e.g. "Godkjent."' })
  setNoticeApproval(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('text', () => String) text: string,
  ) {
    return ctx.services.decisions.setNoticeApproval(meetingId, text);
  }
}

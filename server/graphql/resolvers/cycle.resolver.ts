import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ActionPoint, ActionPointComment, AgendaItem, Body, Meeting, MeetingTemplate, PendingCase, Person } from '../../../schema/entities/index.js';
import { PendingCaseStatus } from '../../../schema/cycle-enums.js';
import { ActionPointInput, ActionPointUpdateInput, MeetingSeriesInput, MeetingTemplateInput, PendingCaseInput } from '../../../schema/inputs/index.js';
import { presentMeeting } from '../../auth/read-policy.js';
import { isOverdue } from '../../services/follow-up-service.js';
import type { GraphQLContext } from '../context.js';
import { visibleItem } from '../visibility.js';

/** The meeting cycle: the year's plan, the template, waiting saker and follow-up of vedtak. */
@Resolver(() => Meeting)
export class PlanResolver {
  @Query(() => [Meeting], { description: 'The year\'s plan (møteplan) of a body: its meetings that year, cancelled ones marked' })
  async meetingPlan(@Ctx() ctx: GraphQLContext, @Arg('bodyId', () => ID) bodyId: string, @Arg('year', () => Int) year: number) {
    return (await ctx.services.meetings.list({ bodyId, year })).map((m) => presentMeeting(ctx.viewer, m));
  }

  @Query(() => MeetingTemplate, { nullable: true, description: 'The template new meetings of a body start from' })
  meetingTemplate(@Ctx() ctx: GraphQLContext, @Arg('bodyId', () => ID) bodyId: string) {
    return ctx.services.plan.template(bodyId);
  }

  @Mutation(() => MeetingTemplate, { description: 'Sets a body\'s template: standing items, default time, place and duration' })
  setMeetingTemplate(@Ctx() ctx: GraphQLContext, @Arg('input', () => MeetingTemplateInput) input: MeetingTemplateInput) {
    return ctx.services.plan.setTemplate(input);
  }

  @Mutation(() => [Meeting], { description: 'Creates the year\'s plan: a meeting of the body on each date, from its template' })
  createMeetingSeries(@Ctx() ctx: GraphQLContext, @Arg('input', () => MeetingSeriesInput) input: MeetingSeriesInput) {
    return ctx.services.plan.createSeries(input);
  }

  @Mutation(() => Meeting, { description: 'Moves a meeting; the first planned start is kept in movedFrom' })
  moveMeeting(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('startsAt', () => Date) startsAt: Date,
    @Arg('endsAt', () => Date, { nullable: true }) endsAt?: Date | null,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ) {
    return ctx.services.plan.move(meetingId, startsAt, endsAt, reason);
  }

  @Mutation(() => Meeting, { description: 'Cancels (avlyser) a meeting; it stays in the plan, marked' })
  cancelMeeting(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string, @Arg('reason', () => String, { nullable: true }) reason?: string | null) {
    return ctx.services.plan.cancel(meetingId, reason);
  }

  @FieldResolver(() => [ActionPoint], { description: 'The follow-up list (Oppfølgingsliste): open action points of earlier vedtak of the body' })
  followUpList(@Root() m: Meeting, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUp.forMeeting(m);
  }
}

@Resolver(() => PendingCase)
export class PendingCaseResolver {
  @Query(() => [PendingCase], { description: 'Saker of a body registered before any meeting (default: those still waiting)' })
  pendingCases(
    @Ctx() ctx: GraphQLContext,
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('status', () => PendingCaseStatus, { nullable: true, defaultValue: PendingCaseStatus.WAITING }) status?: PendingCaseStatus | null,
  ) {
    return ctx.services.cases.list(bodyId, status);
  }

  @Mutation(() => PendingCase, { description: 'Registers a sak that waits for a meeting' })
  registerPendingCase(@Ctx() ctx: GraphQLContext, @Arg('input', () => PendingCaseInput) input: PendingCaseInput) {
    return ctx.services.cases.register(input);
  }

  @Mutation(() => PendingCase, { description: 'Puts a waiting sak on a meeting\'s agenda; it gets the next number' })
  placePendingCase(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.cases.place(id, meetingId);
  }

  @Mutation(() => PendingCase, { description: 'Withdraws a waiting sak' })
  withdrawPendingCase(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason?: string | null) {
    return ctx.services.cases.withdraw(id, reason);
  }

  @FieldResolver(() => Body)
  async body(@Root() c: PendingCase, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.body.load(c.body.id))!;
  }

  @FieldResolver(() => AgendaItem, { nullable: true, description: 'The agenda item it became' })
  agendaItem(@Root() c: PendingCase, @Ctx() ctx: GraphQLContext) {
    return c.agendaItem ? visibleItem(ctx, c.agendaItem.id) : null;
  }
}

@Resolver(() => ActionPoint)
export class ActionPointResolver {
  @Query(() => [ActionPoint], { description: 'Follow-up report of a body: its action points with their history' })
  followUpReport(@Ctx() ctx: GraphQLContext, @Arg('bodyId', () => ID) bodyId: string, @Arg('openOnly', () => Boolean, { nullable: true }) openOnly?: boolean | null) {
    return ctx.services.followUp.report(bodyId, openOnly ?? false);
  }

  @Mutation(() => ActionPoint, { description: 'Adds an action point to a vedtak' })
  addActionPoint(@Ctx() ctx: GraphQLContext, @Arg('input', () => ActionPointInput) input: ActionPointInput) {
    return ctx.services.followUp.add(input);
  }

  @Mutation(() => ActionPoint, { description: 'Changes an action point\'s status or due date, or comments on it' })
  updateActionPoint(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input', () => ActionPointUpdateInput) input: ActionPointUpdateInput) {
    return ctx.services.followUp.update(id, input);
  }

  @FieldResolver(() => Boolean, { description: 'Not done and past its due date' })
  overdue(@Root() p: ActionPoint) {
    return isOverdue(p);
  }

  @FieldResolver(() => AgendaItem, { nullable: true, description: 'The sak whose vedtak asks for it' })
  agendaItem(@Root() p: ActionPoint, @Ctx() ctx: GraphQLContext) {
    return visibleItem(ctx, p.agendaItem.id);
  }

  @FieldResolver(() => Person, { nullable: true })
  responsiblePerson(@Root() p: ActionPoint, @Ctx() ctx: GraphQLContext) {
    return p.responsiblePerson ? ctx.loaders.person.load(p.responsiblePerson.id) : null;
  }

  @FieldResolver(() => [ActionPointComment], { description: 'History: comments and status changes, oldest first' })
  history(@Root() p: ActionPoint, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUp.history(p);
  }
}


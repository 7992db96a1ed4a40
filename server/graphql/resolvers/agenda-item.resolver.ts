import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AgendaItem, Attachment, Disqualification, ItemReference, Meeting, ProtocolEntry, SubItem } from '../../../schema/entities/index.js';
import { AddAgendaItemInput, UpdateAgendaItemInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';
import { andThen, both, type Maybe } from '../known-loader.js';
import { presentAttachments, presentItem, presentMeeting, presentSubItems, showsMinutesDetails, showsNoticeDetails, readsMeeting } from '../../auth/read-policy.js';

/** The item's meeting, through the request's loader (one query for all items; no promise once read). */
function meetingOf(i: AgendaItem, ctx: GraphQLContext): Maybe<Meeting> {
  return ctx.loaders.meeting.get(i.meeting.id) as Maybe<Meeting>;
}

/** The item's vedlegg as the read policy lets the viewer see them ([] without reading when it shows none). */
function attachmentsOf(i: AgendaItem, ctx: GraphQLContext, meeting: Meeting): Maybe<Attachment[]> {
  return showsNoticeDetails(ctx.viewer, meeting, i) ? andThen(ctx.loaders.attachmentsOfItem.get(i.id), (list) => presentAttachments(ctx.viewer, meeting, list)) : [];
}

const settled = () => undefined;

/**
 * Reads what AgendaItem.subItems and AgendaItem.attachments will ask for, for all `items` at once, when `selected`
 * names them: the same loaders and keys as those resolvers (attachments only of items whose details the read policy
 * shows, as `attachmentsOf`), so the same statements in the same wave, but the fields then answer without a promise
 * each (and graphql-js resolves each item without a promiseForObject). Settles when the reads have, failed or not: a
 * failed read is the field's error, as without reading ahead (the loader keeps the rejected promise).
 */
export function readItemsAhead(items: readonly AgendaItem[], ctx: GraphQLContext, selected: ReadonlySet<string>): Maybe<void> {
  const subs = selected.has('subItems');
  const attachments = selected.has('attachments');
  if (!subs && !attachments) return undefined;
  const pending: Promise<unknown>[] = [];
  for (const i of items) {
    if (subs) {
      const s = ctx.loaders.subItemsOfItem.get(i.id);
      if (s instanceof Promise) pending.push(s);
    }
    if (attachments) {
      const meeting = meetingOf(i, ctx);
      if (meeting instanceof Promise || !showsNoticeDetails(ctx.viewer, meeting, i)) continue;
      const a = ctx.loaders.attachmentsOfItem.get(i.id);
      if (a instanceof Promise) pending.push(a);
    }
  }
  return pending.length ? Promise.all(pending).then(settled, settled) : undefined;
}

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  @Query(() => AgendaItem, { description: 'One agenda item (sak)' })
  async agendaItem(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    const item = await ctx.services.agenda.get(id);
    return presentItem(ctx.viewer, item.meeting, item);
  }

  @FieldResolver(() => Meeting)
  meeting(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    return andThen(meetingOf(i, ctx), (m) => presentMeeting(ctx.viewer, m));
  }

  @FieldResolver(() => [SubItem], { description: 'Sub-items A, B, C …' })
  subItems(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    return both(meetingOf(i, ctx), ctx.loaders.subItemsOfItem.get(i.id), (meeting, subs) => presentSubItems(ctx.viewer, meeting, i, subs));
  }

  @FieldResolver(() => [Attachment], { description: 'Vedlegg of this item ("Vedlegg 3+4")' })
  attachments(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    return andThen(meetingOf(i, ctx), (meeting) => attachmentsOf(i, ctx, meeting));
  }

  @FieldResolver(() => [ItemReference], { description: 'What this item refers to (jf. …)' })
  async references(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    return showsNoticeDetails(ctx.viewer, await meetingOf(i, ctx), i) ? ctx.loaders.referencesOfItem.load(i.id) : [];
  }

  @FieldResolver(() => [Disqualification], { description: 'Persons who declared themselves disqualified (inhabil)' })
  async disqualifications(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    return showsMinutesDetails(ctx.viewer, await meetingOf(i, ctx), i) ? ctx.loaders.disqualificationsOfItem.load(i.id) : [];
  }

  @FieldResolver(() => [ProtocolEntry], { description: 'Protokolltilførsler' })
  async protocolEntries(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    return showsMinutesDetails(ctx.viewer, await meetingOf(i, ctx), i) ? ctx.loaders.protocolEntriesOfItem.load(i.id) : [];
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting whose minutes this item approves' })
  async approvesMinutesOf(@Root() i: AgendaItem, @Ctx() ctx: GraphQLContext) {
    const m = i.approvesMinutesOf ? await ctx.loaders.meeting.load(i.approvesMinutesOf.id) : null;
    return m && readsMeeting(ctx.viewer, m) ? presentMeeting(ctx.viewer, m) : null;
  }

  @Mutation(() => AgendaItem, { description: 'Adds a sak; it gets the next number of the body and year' })
  addAgendaItem(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddAgendaItemInput) input: AddAgendaItemInput) {
    return ctx.services.agenda.addItem(input);
  }

  @Mutation(() => AgendaItem)
  updateAgendaItem(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateAgendaItemInput) input: UpdateAgendaItemInput,
  ) {
    return ctx.services.agenda.updateItem(id, input);
  }

  @Mutation(() => AgendaItem, { description: 'Moves a sak (1 = first) and renumbers; refused once the notice is sent' })
  moveAgendaItem(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('position', () => Int) position: number) {
    return ctx.services.agenda.moveItem(id, position);
  }

  @Mutation(() => Boolean, { description: 'Removes a sak and renumbers; refused once the notice is sent' })
  removeAgendaItem(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.agenda.removeItem(id);
  }
}

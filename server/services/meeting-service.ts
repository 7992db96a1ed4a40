import { readsMeeting } from '../auth/read-policy.js';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AgendaItem, Body, ItemReference, Meeting, ProposedDecision } from '../../schema/entities/index.js';
import type { Page } from '../../schema/connection.js';
import { AgendaItemKind, MeetingStatus, ReferenceKind, VersionReason } from '../../schema/enums.js';
import type { CreateMeetingInput, MeetingFilter, UpdateMeetingInput } from '../../schema/inputs/index.js';
import { assertCanWrite } from '../auth/policies.js';
import { badInput, invalidState, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayChange, isAgendaOpen, meetingLabel } from './guards.js';
import { asId, bodyById, meetingById } from './lookup.js';
import { highestSequence, renumberOpenAgenda, serializeItemNumbers } from './numbering.js';
import { formatShortDate as osloDate, osloParts, osloYearRange } from '../documents/norwegian-dates.js';
import { applyTemplate, defaultEnd, templateOf } from './meeting-template.js';
import { readableMeetings, type MeetingScope } from './meeting-visibility.js';
import { FileService } from './file-service.js';
import { NoticeService } from './notice-service.js';
import { keysetRows, type PageArgs, type SortKey, type SqlTerm } from './pagination.js';
import { RowReader } from '../db/rows.js';

/** Meetings and their lifecycle: planned → notice sent → held → minutes approved. */
export class MeetingService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(filter: MeetingFilter = {}): Promise<Meeting[]> {
    const found = await this.ctx.em.find(Meeting, meetingFilterWhere(filter), { orderBy: { startsAt: 'asc' } });
    return found.filter((m) => readsMeeting(this.ctx.viewer, m));
  }

  /**
   * A page of the meetings the viewer may see, newest first (then by id): what `meetingsConnection` returns. Read-only
   * rows through one keyset statement and one count (server/db/rows.ts), for reads only.
   */
  async page(filter: MeetingFilter = {}, args: PageArgs = {}): Promise<Page<Meeting>> {
    const reader = new RowReader(this.ctx.em);
    const where = meetingFilterTerms(reader, filter, readableMeetings(this.ctx.viewer));
    return keysetRows(reader, Meeting, where, MEETING_ORDER, args, 'meetings');
  }

  /** A meeting the viewer may see; one they may not is reported as not found, so its existence does not leak. */
  async get(id: string): Promise<Meeting> {
    const m = await meetingById(this.ctx.em, id);
    if (!readsMeeting(this.ctx.viewer, m)) throw notFound('Meeting', id);
    return m;
  }

  async create(input: CreateMeetingInput): Promise<Meeting> {
    const meeting = await this.ctx.em.transactional((em) => createMeetingIn(em, this.ctx, input));
    await this.ctx.sync.agendaChanged(meeting.id);
    await this.publish(meeting.id, 'MEETING_CREATED');
    return meeting;
  }

  async update(id: string, input: UpdateMeetingInput): Promise<Meeting> {
    const meeting = await this.ctx.em.transactional(async (em) => {
      const m = await meetingById(em, id);
      assertMayChange(this.ctx.viewer, m);
      const startsAt = input.startsAt ?? m.startsAt;
      checkTimes(startsAt, input.endsAt === undefined ? m.endsAt : input.endsAt, 'endsAt');
      const actualStart = input.actualStartsAt === undefined ? m.actualStartsAt : input.actualStartsAt;
      const actualEnd = input.actualEndsAt === undefined ? m.actualEndsAt : input.actualEndsAt;
      if (actualStart) checkTimes(actualStart, actualEnd, 'actualEndsAt');
      const yearChanged = osloParts(startsAt).year !== osloParts(m.startsAt).year;
      if (yearChanged && !isAgendaOpen(m)) {
        throw invalidState(`The notice for ${meetingLabel(m)} has been sent; its date cannot move to another year.`);
      }
      for (const key of ['startsAt', 'endsAt', 'actualStartsAt', 'actualEndsAt', 'remote'] as const) {
        if (input[key] !== undefined) (m as unknown as Record<string, unknown>)[key] = input[key];
      }
      for (const key of ['location', 'actualLocation', 'title'] as const) {
        if (input[key] !== undefined) m[key] = input[key]?.trim() || null;
      }
      audit(em, this.ctx, { meetingId: m.id, entity: 'Meeting', entityId: m.id, action: 'MEETING_UPDATED', summary: Object.keys(input).join(', ') });
      if (yearChanged) {
        await serializeItemNumbers(em, m.body.id);
        const items = await em.find(AgendaItem, { meeting: m }, { orderBy: { position: 'asc' } });
        await renumberOpenAgenda(em, m, items);
      }
      return m;
    });
    await this.publish(meeting.id, 'MEETING_UPDATED');
    return meeting;
  }

  /** Deletes a planned meeting with its items and vedlegg; their files' bytes go too unless another vedlegg uses them. */
  async remove(id: string): Promise<boolean> {
    const { meetingId, files } = await this.ctx.em.transactional(async (em) => {
      const m = await meetingById(em, id);
      assertMayChange(this.ctx.viewer, m);
      if (m.status !== MeetingStatus.PLANNED) {
        throw invalidState(`${meetingLabel(m)} has had its notice sent and cannot be deleted.`);
      }
      audit(em, this.ctx, { meetingId: m.id, entity: 'Meeting', entityId: m.id, action: 'MEETING_DELETED', summary: meetingLabel(m) });
      await em.populate(m, ['agendaItems.subItems', 'agendaItems.references', 'attachments', 'attendance']);
      for (const item of m.agendaItems) {
        item.attachments.removeAll();
        item.subItems.getItems().forEach((s) => em.remove(s));
        item.references.getItems().forEach((r) => em.remove(r));
        em.remove(item);
      }
      const files = m.attachments.getItems().flatMap((a) => (a.sha256 ? [a.sha256] : []));
      m.attachments.getItems().forEach((a) => em.remove(a));
      m.attendance.getItems().forEach((a) => em.remove(a));
      em.remove(m);
      return { meetingId: m.id, files };
    });
    if (this.ctx.files) for (const sha256 of new Set(files)) await new FileService(this.ctx).deleteIfUnused(sha256);
    await this.publish(meetingId, 'MEETING_DELETED');
    return true;
  }

  /** Sends the innkalling: numbers are frozen from now on, and a version of the referat is taken. */
  async sendNotice(id: string): Promise<Meeting> {
    const meeting = await this.transition(id, MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT, (m) => {
      m.noticeSentAt = new Date();
    });
    await this.ctx.sync.versionPoint(meeting.id, VersionReason.NOTICE_SENT, 'Innkalling sendt', this.ctx.viewer.userId);
    await this.publish(meeting.id, 'NOTICE_SENT');
    // The messages to members and substitutes (each delivery recorded; a failure is retried, never fails the notice).
    await new NoticeService(this.ctx).send(meeting.id);
    return meeting;
  }

  /** The meeting has taken place; actual times and place may be given. */
  async markHeld(id: string, actual: Pick<UpdateMeetingInput, 'actualStartsAt' | 'actualEndsAt' | 'actualLocation'> = {}): Promise<Meeting> {
    const meeting = await this.transition(id, MeetingStatus.NOTICE_SENT, MeetingStatus.HELD, (m) => {
      m.actualStartsAt = actual.actualStartsAt ?? m.actualStartsAt ?? m.startsAt;
      m.actualEndsAt = actual.actualEndsAt ?? m.actualEndsAt;
      m.actualLocation = actual.actualLocation?.trim() || m.actualLocation || m.location;
      if (m.actualEndsAt) checkTimes(m.actualStartsAt, m.actualEndsAt, 'actualEndsAt');
    });
    await this.publish(meeting.id, 'STATUS_CHANGED');
    return meeting;
  }

  /** A version of the draft referat for the approving meeting ("sendt til godkjenning"). */
  async sendMinutesForApproval(id: string): Promise<Meeting> {
    const m = await this.get(id);
    assertMayChange(this.ctx.viewer, m);
    if (m.status !== MeetingStatus.HELD) throw invalidState(`${meetingLabel(m)} has not been held yet.`);
    await this.ctx.sync.versionPoint(m.id, VersionReason.SENT_FOR_APPROVAL, 'Sendt til godkjenning', this.ctx.viewer.userId);
    return m;
  }

  /** Approves and locks the minutes of a held meeting. Usually reached by adopting the next meeting's approval item. */
  async approveMinutes(id: string): Promise<Meeting> {
    const meeting = await this.transition(id, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, (m) => {
      m.minutesApprovedAt = new Date();
    });
    await this.afterApproval(meeting);
    return meeting;
  }

  /** Locks the live referat and takes the "approved" version; called after the approval is committed. */
  async afterApproval(meeting: Meeting): Promise<void> {
    await this.ctx.sync.versionPoint(meeting.id, VersionReason.APPROVED, 'Godkjent', this.ctx.viewer.userId);
    await this.ctx.sync.locked(meeting.id);
    await this.publish(meeting.id, 'MINUTES_APPROVED');
  }

  private async transition(id: string, from: MeetingStatus, to: MeetingStatus, apply: (m: Meeting) => void): Promise<Meeting> {
    return this.ctx.em.transactional(async (em) => {
      const m = await meetingById(em, id);
      assertMayChange(this.ctx.viewer, m);
      if (m.status !== from) {
        throw invalidState(`${meetingLabel(m)} is ${describe(m.status)}; it must be ${describe(from)} to become ${describe(to)}.`);
      }
      m.status = to;
      apply(m);
      audit(em, this.ctx, { meetingId: m.id, entity: 'Meeting', entityId: m.id, action: `STATUS_${to}` });
      return m;
    });
  }

  private publish(meetingId: string, kind: string): Promise<void> {
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId: null, at: new Date() });
    return Promise.resolve();
  }
}

const MEETING_ORDER: ReadonlyArray<SortKey<Meeting>> = [
  { field: 'startsAt', dir: 'desc', kind: 'date' },
  { field: 'id', dir: 'desc', kind: 'uuid' },
];

function meetingFilterWhere(filter: MeetingFilter): FilterQuery<Meeting> {
  const where: FilterQuery<Meeting> = {};
  if (filter.bodyId) where.body = asId(filter.bodyId);
  if (filter.bodySlug) where.body = { slug: filter.bodySlug };
  if (filter.status?.length) where.status = { $in: filter.status };
  if (filter.year) {
    // Meetings are stored in UTC; the year boundary is Norwegian.
    const { start, end } = osloYearRange(filter.year);
    where.startsAt = { $gte: start, $lt: end };
  }
  return where;
}

/** meetingFilterWhere and the viewer's scope (meeting-visibility.ts) as SQL terms on the meeting table. */
function meetingFilterTerms(reader: RowReader, filter: MeetingFilter, scope: MeetingScope | null): SqlTerm[] {
  const col = (p: string) => reader.column(Meeting, p);
  const inList = (column: string, values: unknown[]): SqlTerm =>
    values.length ? { sql: `${column} in (${RowReader.placeholders(values.length)})`, params: values } : { sql: '1 = 0', params: [] };
  const terms: SqlTerm[] = [];
  if (filter.bodySlug) {
    terms.push({ sql: `${col('body')} = (select ${reader.column(Body, 'id')} from ${reader.table(Body)} where ${reader.column(Body, 'slug')} = ?)`, params: [filter.bodySlug] });
  } else if (filter.bodyId) {
    terms.push({ sql: `${col('body')} = ?`, params: [asId(filter.bodyId)] });
  }
  if (filter.status?.length) terms.push(inList(col('status'), filter.status));
  if (filter.year) {
    const { start, end } = osloYearRange(filter.year);
    terms.push({ sql: `${col('startsAt')} >= ? and ${col('startsAt')} < ?`, params: [start, end] });
  }
  if (scope) {
    const byStatus = inList(col('status'), scope.statuses);
    if (!scope.bodies.length) terms.push(byStatus);
    else {
      const byBody = inList(col('body'), scope.bodies);
      terms.push({ sql: `${byStatus.sql} or ${byBody.sql}`, params: [...byStatus.params, ...byBody.params] });
    }
  }
  return terms;
}

/**
 * Creates a meeting in the caller's transaction: the body's template (default place and duration, standing items,
 * the follow-up list) and, unless told not to, an item approving the previous meeting's minutes. Flushes.
 */
export async function createMeetingIn(em: EntityManager, ctx: ServiceContext, input: CreateMeetingInput): Promise<Meeting> {
  const body = await bodyById(em, input.bodyId);
  assertCanWrite(ctx.viewer, body.id, body.name);
  await serializeItemNumbers(em, body.id);
  const template = await templateOf(em, body);
  const endsAt = input.endsAt ?? defaultEnd(template, input.startsAt);
  checkTimes(input.startsAt, endsAt, 'endsAt');
  const m = em.create(Meeting, {
    body,
    startsAt: input.startsAt,
    endsAt,
    location: input.location?.trim() || template?.location || null,
    title: input.title?.trim() || null,
    remote: input.remote ?? false,
  });
  if (input.approvePreviousMinutes !== false) {
    const previous = await em.findOne(
      Meeting,
      { body, startsAt: { $lt: input.startsAt }, status: { $ne: MeetingStatus.MINUTES_APPROVED }, cancelledAt: null },
      { orderBy: { startsAt: 'desc' } },
    );
    if (previous) await addMinutesApprovalItem(em, m, previous);
  }
  await applyTemplate(em, m, template);
  audit(em, ctx, { meetingId: m.id, entity: 'Meeting', entityId: m.id, action: 'MEETING_CREATED', summary: meetingLabel(m) });
  await em.flush();
  return m;
}

function describe(s: MeetingStatus): string {
  return { PLANNED: 'planned', NOTICE_SENT: 'notified', HELD: 'held', MINUTES_APPROVED: 'approved' }[s];
}

function checkTimes(start: Date, end: Date | null | undefined, field: string): void {
  if (Number.isNaN(start.getTime())) throw badInput('The start time is not a valid date.', 'startsAt');
  if (end && end.getTime() <= start.getTime()) throw badInput('The meeting cannot end before it starts.', field);
}

/** The first item of a new meeting: "Referat fra møte i <body>", approving the previous meeting's minutes. */
async function addMinutesApprovalItem(em: EntityManager, meeting: Meeting, previous: Meeting): Promise<void> {
  const year = osloParts(meeting.startsAt).year;
  const date = osloDate(previous.startsAt);
  const item = em.create(AgendaItem, {
    meeting,
    body: meeting.body,
    year,
    sequence: (await highestSequence(em, meeting, year, false)) + 1,
    position: 1,
    kind: AgendaItemKind.MINUTES_APPROVAL,
    title: `Referat fra møte i ${meeting.body.name}`,
    introduction: `Til behandling foreligger referat fra møte ${date}`,
    proposedDecision: Object.assign(new ProposedDecision(), { text: 'Framlagt forslag til referat godkjennes.' }),
    approvesMinutesOf: previous,
  });
  em.create(ItemReference, { agendaItem: item, kind: ReferenceKind.MEETING, meeting: previous, citation: `referat fra møte ${date}` });
}

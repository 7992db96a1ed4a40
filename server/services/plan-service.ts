import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, type Meeting, MeetingTemplate } from '../../schema/entities/index.js';
import { AgendaItemKind, MeetingStatus } from '../../schema/enums.js';
import type { MeetingSeriesInput, MeetingTemplateInput } from '../../schema/inputs/index.js';
import { assertCanWrite } from '../auth/policies.js';
import { readsCycleOf } from '../auth/read-policy.js';
import { formatShortDate, osloInstant, osloParts } from '../documents/norwegian-dates.js';
import { badInput, invalidState, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayChange, isAgendaOpen, meetingLabel } from './guards.js';
import { bodyById, meetingById } from './lookup.js';
import { createMeetingIn } from './meeting-service.js';
import { templateOf } from './meeting-template.js';
import { renumberOpenAgenda, serializeItemNumbers } from './numbering.js';

/** The year's plan (møteplan) of a body: its template, a series of meetings, moving and cancelling meetings. */
export class PlanService {
  constructor(private readonly ctx: ServiceContext) {}

  async template(bodyId: string): Promise<MeetingTemplate | null> {
    const body = await bodyById(this.ctx.em, bodyId);
    if (!readsCycleOf(this.ctx.viewer, body.id)) throw notFound('Body template', bodyId);
    return templateOf(this.ctx.em, body);
  }

  async setTemplate(input: MeetingTemplateInput): Promise<MeetingTemplate> {
    return this.ctx.em.transactional(async (em) => {
      const body = await bodyById(em, input.bodyId);
      assertCanWrite(this.ctx.viewer, body.id, body.name);
      const t = (await templateOf(em, body)) ?? em.create(MeetingTemplate, { body });
      t.defaultStartTime = input.defaultStartTime ?? null;
      t.durationMinutes = input.durationMinutes ?? null;
      t.location = input.location?.trim() || null;
      t.standingItems = input.standingItems.map((s) => ({
        title: s.title.trim(),
        kind: s.kind ?? AgendaItemKind.ORIENTATION,
        placement: s.placement,
        proposedDecision: s.proposedDecision?.trim() || null,
      }));
      if (t.standingItems.some((s) => !s.title)) throw badInput('A standing item needs a title.', 'standingItems');
      audit(em, this.ctx, { meetingId: null, entity: 'MeetingTemplate', entityId: t.id, action: 'TEMPLATE_SET', summary: `${body.name}: ${t.standingItems.map((s) => s.title).join(', ')}` });
      return t;
    });
  }

  /** Meetings of the body on the given dates (Oslo time), each from the template; one transaction. */
  async createSeries(input: MeetingSeriesInput): Promise<Meeting[]> {
    const dates = [...new Set(input.dates)].sort();
    const meetings = await this.ctx.em.transactional(async (em) => {
      const body = await bodyById(em, input.bodyId);
      assertCanWrite(this.ctx.viewer, body.id, body.name);
      const template = await templateOf(em, body);
      const [hour, minute] = (input.startTime ?? template?.defaultStartTime ?? '09:00').split(':').map(Number) as [number, number];
      const out: Meeting[] = [];
      for (const date of dates) {
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        const startsAt = osloInstant({ year, month, day }, { hour, minute });
        out.push(await createMeetingIn(em, this.ctx, { bodyId: body.id, startsAt }));
      }
      return out;
    });
    for (const m of meetings) await this.ctx.sync.agendaChanged(m.id);
    return meetings;
  }

  /** Moves a meeting to another time; the first planned start is kept (movedFrom) and the move is in the audit trail. */
  async move(id: string, startsAt: Date, endsAt: Date | null | undefined, reason: string | null | undefined): Promise<Meeting> {
    if (Number.isNaN(startsAt.getTime())) throw badInput('The start time is not a valid date.', 'startsAt');
    const meeting = await this.ctx.em.transactional(async (em) => {
      const m = await meetingById(em, id);
      assertMayChange(this.ctx.viewer, m);
      if (m.actualStartsAt) throw invalidState(`${meetingLabel(m)} has been held; it cannot be moved.`);
      const yearChanged = osloParts(startsAt).year !== osloParts(m.startsAt).year;
      if (yearChanged && !isAgendaOpen(m)) {
        throw invalidState(`The notice for ${meetingLabel(m)} has been sent; its date cannot move to another year.`);
      }
      const duration = m.endsAt ? m.endsAt.getTime() - m.startsAt.getTime() : null;
      const end = endsAt === undefined ? (duration === null ? null : new Date(startsAt.getTime() + duration)) : endsAt;
      if (end && end.getTime() <= startsAt.getTime()) throw badInput('The meeting cannot end before it starts.', 'endsAt');
      const from = `${formatShortDate(m.startsAt)} ${clock(m.startsAt)}`;
      m.movedFrom ??= m.startsAt;
      m.startsAt = startsAt;
      m.endsAt = end;
      audit(em, this.ctx, { meetingId: m.id, entity: 'Meeting', entityId: m.id, action: 'MEETING_MOVED', summary: `${from} → ${formatShortDate(startsAt)} ${clock(startsAt)}${reason?.trim() ? `: ${reason.trim()}` : ''}` });
      if (yearChanged) {
        await serializeItemNumbers(em, m.body.id);
        await renumberOpenAgenda(em, m, await itemsOf(em, m));
      }
      return m;
    });
    this.publish(meeting.id, 'MEETING_MOVED');
    return meeting;
  }

  /** Cancels (avlyser) a meeting that has not been held: it stays in the plan, marked, and can no longer change. */
  async cancel(id: string, reason: string | null | undefined): Promise<Meeting> {
    const meeting = await this.ctx.em.transactional(async (em) => {
      const m = await meetingById(em, id);
      assertMayChange(this.ctx.viewer, m);
      if (m.actualStartsAt || m.status !== MeetingStatus.PLANNED && m.status !== MeetingStatus.NOTICE_SENT) throw invalidState(`${meetingLabel(m)} has been held; it cannot be cancelled.`);
      m.cancelledAt = new Date();
      m.cancellationReason = reason?.trim() || null;
      audit(em, this.ctx, { meetingId: m.id, entity: 'Meeting', entityId: m.id, action: 'MEETING_CANCELLED', summary: m.cancellationReason });
      return m;
    });
    this.publish(meeting.id, 'MEETING_CANCELLED');
    return meeting;
  }

  private publish(meetingId: string, kind: string): void {
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId: null, at: new Date() });
  }
}

function clock(d: Date): string {
  const p = osloParts(d);
  return `${String(p.hour).padStart(2, '0')}.${String(p.minute).padStart(2, '0')}`;
}

function itemsOf(em: EntityManager, meeting: Meeting): Promise<AgendaItem[]> {
  return em.find(AgendaItem, { meeting }, { orderBy: { position: 'asc' } });
}

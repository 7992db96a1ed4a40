import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, PendingCase, ProposedDecision } from '../../schema/entities/index.js';
import { PendingCaseStatus } from '../../schema/cycle-enums.js';
import { AgendaItemKind } from '../../schema/enums.js';
import type { PendingCaseInput } from '../../schema/inputs/index.js';
import { assertCanWrite } from '../auth/policies.js';
import { readsCycleOf } from '../auth/read-policy.js';
import { osloParts } from '../documents/norwegian-dates.js';
import { badInput, invalidState, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayChange, isAgendaOpen } from './guards.js';
import { asId, bodyById, meetingById } from './lookup.js';
import { endTitles, templateOf } from './meeting-template.js';
import { highestSequence, renumberOpenAgenda, serializeItemNumbers } from './numbering.js';

/** Saker waiting for a meeting (registered before any meeting) and putting them on an agenda. */
export class CaseService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(bodyId: string, status?: PendingCaseStatus | null): Promise<PendingCase[]> {
    const body = await bodyById(this.ctx.em, bodyId);
    if (!readsCycleOf(this.ctx.viewer, body.id)) return [];
    return this.ctx.em.find(PendingCase, status ? { body, status } : { body }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async register(input: PendingCaseInput): Promise<PendingCase> {
    const title = input.title.trim();
    if (!title) throw badInput('A sak needs a title.', 'title');
    return this.ctx.em.transactional(async (em) => {
      const body = await bodyById(em, input.bodyId);
      assertCanWrite(this.ctx.viewer, body.id, body.name);
      const c = em.create(PendingCase, {
        body,
        title,
        background: input.background?.trim() || null,
        proposedDecision: input.proposedDecision?.trim() || null,
        archiveCaseNumber: input.archiveCaseNumber?.trim() || null,
      });
      audit(em, this.ctx, { meetingId: null, entity: 'PendingCase', entityId: c.id, action: 'CASE_REGISTERED', summary: `${body.name}: ${title}` });
      return c;
    });
  }

  async withdraw(id: string, reason?: string | null): Promise<PendingCase> {
    return this.ctx.em.transactional(async (em) => {
      const c = await waiting(em, id);
      assertCanWrite(this.ctx.viewer, c.body.id, c.body.name);
      c.status = PendingCaseStatus.WITHDRAWN;
      audit(em, this.ctx, { meetingId: null, entity: 'PendingCase', entityId: c.id, action: 'CASE_WITHDRAWN', summary: reason?.trim() || c.title });
      return c;
    });
  }

  /**
   * Puts a waiting sak on a meeting's agenda: while the agenda is open it goes before the body's closing standing
   * items and everything is renumbered; once the notice is sent it is a late item with the next free number.
   */
  async place(id: string, meetingId: string): Promise<PendingCase> {
    const placed = await this.ctx.em.transactional(async (em) => {
      const c = await waiting(em, id);
      const meeting = await meetingById(em, meetingId);
      assertMayChange(this.ctx.viewer, meeting);
      await serializeItemNumbers(em, meeting.body.id);
      if (meeting.body.id !== c.body.id) throw badInput(`The sak belongs to ${c.body.name}, not ${meeting.body.name}.`, 'meetingId');
      const items = await em.find(AgendaItem, { meeting }, { orderBy: { position: 'asc' } });
      const year = osloParts(meeting.startsAt).year;
      const item = em.create(AgendaItem, {
        meeting,
        body: meeting.body,
        year,
        sequence: (await highestSequence(em, meeting, year, true)) + 1,
        position: items.length + 1,
        kind: AgendaItemKind.DECISION,
        title: c.title,
        introduction: c.background,
        proposedDecision: c.proposedDecision ? Object.assign(new ProposedDecision(), { text: c.proposedDecision }) : null,
        archiveCaseNumber: c.archiveCaseNumber,
      });
      if (isAgendaOpen(meeting)) {
        const closing = endTitles(await templateOf(em, meeting.body));
        let at = items.length;
        while (at > 0 && closing.has(items[at - 1]!.title)) at--;
        items.splice(at, 0, item);
        await renumberOpenAgenda(em, meeting, items);
      }
      c.status = PendingCaseStatus.PLACED;
      c.agendaItem = item;
      c.placedAt = new Date();
      audit(em, this.ctx, { meetingId: meeting.id, entity: 'AgendaItem', entityId: item.id, action: 'ITEM_ADDED', summary: `${item.number} ${item.title}` });
      audit(em, this.ctx, { meetingId: meeting.id, entity: 'PendingCase', entityId: c.id, action: 'CASE_PLACED', summary: `${c.title} → ${item.number}` });
      return { c, meeting, item };
    });
    await this.ctx.sync.agendaChanged(placed.meeting.id);
    this.ctx.events.publish(Topic.AgendaChanged, placed.meeting.id, { meetingId: placed.meeting.id, kind: 'ITEM_ADDED', agendaItemId: placed.item.id, at: new Date() });
    return placed.c;
  }
}

async function waiting(em: EntityManager, id: string): Promise<PendingCase> {
  const c = await em.findOne(PendingCase, { id: asId(id) }, { populate: ['body'] });
  if (!c) throw notFound('Sak', id);
  if (c.status !== PendingCaseStatus.WAITING) throw invalidState(`"${c.title}" is no longer waiting (${c.status.toLowerCase()}).`);
  return c;
}


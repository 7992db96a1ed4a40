import { readsMeeting } from '../auth/read-policy.js';
import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, Meeting, ProposedDecision, SubItem } from '../../schema/entities/index.js';
import { AgendaItemKind, MinutesField } from '../../schema/enums.js';
import {
  SUB_ITEM_LETTERS,
  type AddAgendaItemInput,
  type AddSubItemInput,
  type ProposedDecisionInput,
  type UpdateAgendaItemInput,
  type UpdateSubItemInput,
} from '../../schema/inputs/index.js';
import { badInput, conflict, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayReorder, assertMayChange, isAgendaOpen } from './guards.js';
import { itemById, meetingById, subItemById } from './lookup.js';
import { MinutesTextService } from './minutes-text-service.js';
import { highestSequence, renumberOpenAgenda, serializeItemNumbers } from './numbering.js';
import { osloParts } from '../documents/norwegian-dates.js';

/** The agenda (dagsorden): items, their numbers and order, and their lettered sub-items. */
export class AgendaService {
  constructor(private readonly ctx: ServiceContext) {}

  async get(id: string): Promise<AgendaItem> {
    const item = await itemById(this.ctx.em, id);
    if (!readsMeeting(this.ctx.viewer, item.meeting)) throw notFound('Agenda item', id);
    return item;
  }

  async addItem(input: AddAgendaItemInput): Promise<AgendaItem> {
    const title = required(input.title, 'title');
    checkClosed(input.public, input.closedLegalBasis);
    const item = await this.ctx.em.transactional(async (em) => {
      const meeting = await meetingById(em, input.meetingId);
      assertMayChange(this.ctx.viewer, meeting);
      await serializeItemNumbers(em, meeting.body.id);
      const items = await itemsOf(em, meeting);
      const year = osloParts(meeting.startsAt).year;
      const item = em.create(AgendaItem, {
        meeting,
        body: meeting.body,
        year,
        // Provisional; an open agenda is renumbered below, a frozen one keeps this next free number (a late item).
        sequence: (await highestSequence(em, meeting, year, true)) + 1,
        position: items.length + 1,
        kind: input.kind ?? AgendaItemKind.DECISION,
        title,
        introduction: text(input.introduction),
        proposedDecision: proposed(input.proposedDecision),
        public: input.public ?? true,
        closedLegalBasis: text(input.closedLegalBasis),
        publicTitle: text(input.publicTitle),
        archiveCaseNumber: text(input.archiveCaseNumber),
      });
      if (isAgendaOpen(meeting)) {
        const at = Math.min(Math.max((input.position ?? items.length + 1) - 1, 0), items.length);
        items.splice(at, 0, item);
        await renumberOpenAgenda(em, meeting, items);
      } else if (input.position !== undefined && input.position !== items.length + 1) {
        throw badInput('The notice has been sent: a late item can only be added at the end of the agenda.', 'position');
      }
      audit(em, this.ctx, { meetingId: meeting.id, entity: 'AgendaItem', entityId: item.id, action: 'ITEM_ADDED', summary: `${item.number} ${item.title}` });
      return item;
    });
    await this.changed(item.meeting.id, 'ITEM_ADDED', item.id, true);
    return item;
  }

  async updateItem(id: string, input: UpdateAgendaItemInput): Promise<AgendaItem> {
    const item = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, id);
      assertMayChange(this.ctx.viewer, item.meeting);
      if (input.title !== undefined) item.title = required(input.title, 'title');
      if (input.kind) item.kind = input.kind;
      if (input.introduction !== undefined) item.introduction = text(input.introduction);
      if (input.proposedDecision !== undefined) item.proposedDecision = proposed(input.proposedDecision);
      if (input.public !== undefined) item.public = input.public;
      if (input.closedLegalBasis !== undefined) item.closedLegalBasis = text(input.closedLegalBasis);
      if (input.publicTitle !== undefined) item.publicTitle = text(input.publicTitle);
      if (input.archiveCaseNumber !== undefined) item.archiveCaseNumber = text(input.archiveCaseNumber);
      checkClosed(item.public, item.closedLegalBasis);
      audit(em, this.ctx, { meetingId: item.meeting.id, entity: 'AgendaItem', entityId: item.id, action: 'ITEM_UPDATED', summary: `${item.number}: ${Object.keys(input).join(', ')}` });
      return item;
    });
    await this.notesThroughTextCommand(item.meeting.id, item.id, null, input.notes, item);
    await this.changed(item.meeting.id, 'ITEM_UPDATED', item.id, false);
    return item;
  }

  /** Moves an item to a position (1 = first) and renumbers; only while the agenda is open. */
  async moveItem(id: string, position: number): Promise<AgendaItem> {
    const item = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, id);
      assertMayReorder(this.ctx.viewer, item.meeting);
      await serializeItemNumbers(em, item.meeting.body.id);
      const items = (await itemsOf(em, item.meeting)).filter((i) => i !== item);
      if (!Number.isInteger(position) || position < 1 || position > items.length + 1) {
        throw badInput(`Position must be between 1 and ${items.length + 1}.`, 'position');
      }
      items.splice(position - 1, 0, item);
      await renumberOpenAgenda(em, item.meeting, items);
      audit(em, this.ctx, { meetingId: item.meeting.id, entity: 'AgendaItem', entityId: item.id, action: 'ITEM_MOVED', summary: `${item.title} → ${item.number}` });
      return item;
    });
    await this.changed(item.meeting.id, 'ITEM_MOVED', item.id, false);
    return item;
  }

  async removeItem(id: string): Promise<boolean> {
    const meetingId = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, id);
      assertMayReorder(this.ctx.viewer, item.meeting);
      await serializeItemNumbers(em, item.meeting.body.id);
      await em.populate(item, ['subItems', 'references', 'disqualifications', 'protocolEntries', 'attachments']);
      item.attachments.removeAll();
      for (const s of item.subItems) {
        s.attachments.removeAll();
        em.remove(s);
      }
      [...item.references, ...item.disqualifications, ...item.protocolEntries].forEach((r) => em.remove(r));
      await em.nativeUpdate('Attendance', { fromItem: item }, { fromItem: null });
      await em.nativeUpdate('Attendance', { untilItem: item }, { untilItem: null });
      audit(em, this.ctx, { meetingId: item.meeting.id, entity: 'AgendaItem', entityId: item.id, action: 'ITEM_REMOVED', summary: `${item.number} ${item.title}` });
      em.remove(item);
      await em.flush();
      const rest = await itemsOf(em, item.meeting);
      await renumberOpenAgenda(em, item.meeting, rest);
      return item.meeting.id;
    });
    await this.changed(meetingId, 'ITEM_REMOVED', id, true);
    return true;
  }

  async addSubItem(input: AddSubItemInput): Promise<SubItem> {
    const title = required(input.title, 'title');
    const sub = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, input.agendaItemId);
      assertMayChange(this.ctx.viewer, item.meeting);
      const siblings = await subItemsOf(em, item);
      const letter = input.letter ?? nextLetter(siblings);
      if (siblings.some((s) => s.letter === letter)) {
        throw conflict(`Item ${item.number} already has a sub-item ${letter}.`);
      }
      audit(em, this.ctx, { meetingId: item.meeting.id, entity: 'SubItem', entityId: item.id, action: 'SUB_ITEM_ADDED', summary: `${item.number} ${letter} ${title}` });
      return em.create(SubItem, {
        agendaItem: item,
        letter,
        position: siblings.length + 1,
        title,
        subtitle: text(input.subtitle),
        introduction: text(input.introduction),
        proposedDecision: proposed(input.proposedDecision),
      });
    });
    await this.changed(sub.agendaItem.meeting.id, 'SUB_ITEM_ADDED', sub.agendaItem.id, true);
    return sub;
  }

  async updateSubItem(id: string, input: UpdateSubItemInput): Promise<SubItem> {
    const sub = await this.ctx.em.transactional(async (em) => {
      const sub = await subItemById(em, id);
      const meeting = sub.agendaItem.meeting;
      assertMayChange(this.ctx.viewer, meeting);
      if (input.letter !== undefined && input.letter !== sub.letter) {
        assertMayReorder(this.ctx.viewer, meeting);
        const taken = await em.count(SubItem, { agendaItem: sub.agendaItem, letter: input.letter });
        if (taken) throw conflict(`Item ${sub.agendaItem.number} already has a sub-item ${input.letter}.`);
        sub.letter = input.letter;
      }
      if (input.title !== undefined) sub.title = required(input.title, 'title');
      if (input.subtitle !== undefined) sub.subtitle = text(input.subtitle);
      if (input.introduction !== undefined) sub.introduction = text(input.introduction);
      if (input.proposedDecision !== undefined) sub.proposedDecision = proposed(input.proposedDecision);
      audit(em, this.ctx, { meetingId: meeting.id, entity: 'SubItem', entityId: sub.id, action: 'SUB_ITEM_UPDATED', summary: `${sub.agendaItem.number} ${sub.letter}: ${Object.keys(input).join(', ')}` });
      return sub;
    });
    await this.notesThroughTextCommand(sub.agendaItem.meeting.id, sub.agendaItem.id, sub.letter, input.notes, sub);
    await this.changed(sub.agendaItem.meeting.id, 'SUB_ITEM_UPDATED', sub.agendaItem.id, input.letter !== undefined);
    return sub;
  }

  /** Moves a sub-item; the letters follow the order (A, B, C …), so only while the agenda is open. */
  async moveSubItem(id: string, position: number): Promise<SubItem> {
    const sub = await this.ctx.em.transactional(async (em) => {
      const sub = await subItemById(em, id);
      assertMayReorder(this.ctx.viewer, sub.agendaItem.meeting);
      const rest = (await subItemsOf(em, sub.agendaItem)).filter((s) => s !== sub);
      if (!Number.isInteger(position) || position < 1 || position > rest.length + 1) {
        throw badInput(`Position must be between 1 and ${rest.length + 1}.`, 'position');
      }
      rest.splice(position - 1, 0, sub);
      await reletter(em, rest);
      return sub;
    });
    await this.changed(sub.agendaItem.meeting.id, 'SUB_ITEM_MOVED', sub.agendaItem.id, true);
    return sub;
  }

  async removeSubItem(id: string): Promise<boolean> {
    const { meetingId, itemId } = await this.ctx.em.transactional(async (em) => {
      const sub = await subItemById(em, id);
      assertMayReorder(this.ctx.viewer, sub.agendaItem.meeting);
      await em.populate(sub, ['attachments']);
      sub.attachments.removeAll();
      em.remove(sub);
      await em.flush();
      await reletter(em, await subItemsOf(em, sub.agendaItem));
      return { meetingId: sub.agendaItem.meeting.id, itemId: sub.agendaItem.id };
    });
    await this.changed(meetingId, 'SUB_ITEM_REMOVED', itemId, true);
    return true;
  }

  /** Notes are a text of the referat: they change through the one text command (audit, event, live documents). */
  private async notesThroughTextCommand(meetingId: string, agendaItemId: string, letter: string | null, notes: string | null | undefined, holder: AgendaItem | SubItem): Promise<void> {
    if (notes === undefined) return;
    const change = { meetingId, agendaItemId, letter, field: MinutesField.NOTES, text: text(notes) ?? '', userId: this.ctx.viewer.userId };
    await new MinutesTextService(this.ctx).store([change], this.ctx.via ?? 'api');
    await this.ctx.em.refresh(holder);
  }

  private async changed(meetingId: string, kind: string, agendaItemId: string, structural: boolean): Promise<void> {
    if (structural) await this.ctx.sync.agendaChanged(meetingId);
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId, at: new Date() });
  }
}

function itemsOf(em: EntityManager, meeting: Meeting): Promise<AgendaItem[]> {
  return em.find(AgendaItem, { meeting }, { orderBy: { position: 'asc' } });
}

function subItemsOf(em: EntityManager, item: AgendaItem): Promise<SubItem[]> {
  return em.find(SubItem, { agendaItem: item }, { orderBy: { position: 'asc' } });
}

/** Letters and positions follow the order; two steps so the unique (item, letter) index is never violated mid-way. */
async function reletter(em: EntityManager, ordered: SubItem[]): Promise<void> {
  ordered.forEach((s, i) => (s.letter = `~${i}`));
  await em.flush();
  ordered.forEach((s, i) => {
    s.letter = SUB_ITEM_LETTERS[i] ?? `${i + 1}`;
    s.position = i + 1;
  });
  await em.flush();
}

function nextLetter(siblings: SubItem[]): string {
  const used = new Set(siblings.map((s) => s.letter));
  const free = [...SUB_ITEM_LETTERS].find((l) => !used.has(l));
  if (!free) throw badInput('An item can have at most 29 sub-items.', 'letter');
  return free;
}

function required(value: string, field: string): string {
  const v = value.trim();
  if (!v) throw badInput(`The ${field} cannot be empty.`, field);
  return v;
}

function text(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null;
}

function proposed(input: ProposedDecisionInput | null | undefined): ProposedDecision | null {
  if (!input || (!input.text.trim() && !input.formulatedInMeeting)) return null;
  const p = new ProposedDecision();
  p.formulatedInMeeting = input.formulatedInMeeting ?? false;
  p.text = input.text.trim() || (p.formulatedInMeeting ? 'Formuleres i møtet.' : '');
  return p;
}

function checkClosed(isPublic: boolean | undefined, legalBasis: string | null | undefined): void {
  if (isPublic === false && !legalBasis?.trim()) {
    throw badInput('An item handled behind closed doors needs its legal basis (hjemmel), e.g. "offentleglova § 13".', 'closedLegalBasis');
  }
}

import type { EntityManager } from '@mikro-orm/core';
import type { TextChange, TextWriteResult } from '../../collab/minutes-binding.js';
import { MinutesField } from '../../schema/enums.js';
import { sqlMinutesTextStore } from '../db/minutes-text-sql.js';
import { Topic, type EventBus } from '../pubsub.js';
import type { AuditVia, ServiceContext } from './context.js';
import { asId } from './lookup.js';
import type { TextAuditRow, TextHolderRow, TextRowWrite } from './minutes-text-port.js';
import { decisionAfterText, notesAfterText, textFieldLabel } from './minutes-text-rules.js';

export type { TextChange, TextWriteResult };

/**
 * The one command that changes the referat's texts (notes and vedtak of items and sub-items), whoever changes them:
 * the API (setMinutesText, updateAgendaItem's notes), live typing (the binding's batched stores), the importer and
 * the repair of a document's fields on load. Any number of texts of any number of meetings in ONE transaction:
 *
 * 1. Unless the texts come from the live document itself, what was typed there and not stored yet is stored first
 *    (MinutesSync.settle), so that older typing never lands after this change.
 * 2. The rules: a locked (approved) meeting's texts are never written ('locked'); an item of another meeting than the
 *    change names is not there for it ('missing'); notes '' are stored as null; a decision without text, adoption
 *    or vote is dropped; a text equal to what is stored writes nothing ('unchanged': no audit entry, no event).
 * 3. One audit entry per changed field, in the same transaction.
 * 4. After the commit, one decisionUpdated event per changed field.
 * 5. Unless the texts come from the live document, every open live document gets them as a minimal diff.
 *
 * The storage is a port (minutes-text-port.ts); its SQL adapter works without the unit of work, because live typing
 * stores many fields every few hundred milliseconds.
 */
export class MinutesTextService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Stores the texts (steps 1–5 above); one result per change, in order. */
  async store(changes: readonly TextChange[], via: AuditVia): Promise<TextWriteResult[]> {
    if (!changes.length) return [];
    if (via !== 'live') for (const id of new Set(changes.map((c) => c.meetingId.toLowerCase()))) await this.ctx.sync.settle(id);
    const written = await this.write(changes, via);
    await written.announce();
    return written.results;
  }

  /**
   * Steps 2–3 only, in the transaction of `within` when given (an import writes texts in its own transaction; it
   * settles the live document before it starts). The caller runs `announce` (steps 4–5) once that is committed.
   */
  async write(changes: readonly TextChange[], via: AuditVia, within?: EntityManager): Promise<{ results: TextWriteResult[]; announce(): Promise<void> }> {
    const at = new Date();
    const results: TextWriteResult[] = new Array(changes.length).fill('missing');
    const stored: Array<{ change: TextChange; itemNumber: string; adopted: boolean }> = [];
    if (!changes.length) return { results, announce: async () => {} };
    await sqlMinutesTextStore(within ?? this.ctx.em).transaction(async (tx) => {
      const itemIds = [...new Set(changes.map((c) => asId(c.agendaItemId)))];
      const letters = [...new Set(changes.flatMap((c) => (c.letter === null ? [] : [c.letter])))];
      const { items, subs } = await tx.load(itemIds, letters);
      const writes = new Map<TextHolderRow, { fields: Set<MinutesField>; decisionDropped: boolean }>();
      const audits: TextAuditRow[] = [];
      changes.forEach((c, index) => {
        const item = items.get(asId(c.agendaItemId));
        const row = c.letter === null ? item : subs.get(`${asId(c.agendaItemId)}|${c.letter}`);
        if (!item || !row || item.meetingId !== c.meetingId.toLowerCase()) return; // 'missing'
        if (item.locked) {
          results[index] = 'locked';
          return;
        }
        const write = writes.get(row) ?? { fields: new Set<MinutesField>(), decisionDropped: false };
        if (!applyText(row, c.field, c.text, write)) {
          results[index] = 'unchanged';
          return;
        }
        writes.set(row, write);
        results[index] = 'stored';
        audits.push({
          at,
          userId: c.userId,
          meetingId: item.meetingId,
          entity: row.kind,
          entityId: row.id,
          action: 'TEXT_SET',
          summary: textFieldLabel(item.number, c.letter, c.field),
          via,
        });
        stored.push({ change: c, itemNumber: item.number, adopted: row.decision?.adoptedAt != null });
      });
      if (writes.size) await tx.write([...writes].map(([row, w]) => ({ row, ...w }) satisfies TextRowWrite), audits, at);
    });

    const announce = async () => {
      for (const s of stored) publishTextChange(this.ctx.events, { ...s.change, itemNumber: s.itemNumber, adopted: s.adopted, at });
      if (via === 'live') return; // the texts came from the live document
      for (const id of new Set(changes.map((c) => c.meetingId.toLowerCase()))) {
        const texts = changes.filter((c, i) => c.meetingId.toLowerCase() === id && (results[i] === 'stored' || results[i] === 'unchanged'));
        if (texts.length) await this.ctx.sync.textsSet(id, texts);
      }
    };
    return { results, announce };
  }
}

/** Applies the text rule to a row read by the store; false when the row would stay as it is. */
function applyText(row: TextHolderRow, field: MinutesField, text: string, write: { fields: Set<MinutesField>; decisionDropped: boolean }): boolean {
  if (field === MinutesField.NOTES) {
    const notes = notesAfterText(text);
    if (row.notes === notes) return false;
    row.notes = notes;
  } else {
    if (row.decision?.text === text) return false;
    const next = decisionAfterText(row.decision ? { ...row.decision } : null, text, () => ({ text, adoptedAt: null, voteOutcome: null }));
    if (next === null && row.decision === null) return false;
    if (next === null) write.decisionDropped = true;
    row.decision = next;
  }
  write.fields.add(field);
  return true;
}

/** The decisionUpdated event of one changed text field; published after the change is committed. */
export function publishTextChange(
  events: EventBus,
  e: { meetingId: string; agendaItemId: string; itemNumber: string; letter: string | null; field: MinutesField; text: string; adopted: boolean; at?: Date },
): void {
  const meetingId = e.meetingId.toLowerCase();
  events.publish(Topic.DecisionUpdated, meetingId, {
    meetingId,
    agendaItemId: e.agendaItemId,
    itemNumber: e.itemNumber,
    subItemLetter: e.letter,
    field: e.field,
    text: e.text,
    adopted: e.adopted,
    at: e.at ?? new Date(),
  });
}

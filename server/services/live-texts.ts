import type { EntityProperty, MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import type { TextChange, TextWriteResult } from '../../collab/minutes-binding.js';
import { AgendaItem, AuditEntry, Meeting, SubItem } from '../../schema/entities/index.js';
import { MeetingStatus, MinutesField } from '../../schema/enums.js';
import { formatItemNumber } from '../../schema/item-number.js';
import { Topic, type EventBus } from '../pubsub.js';
import { asId } from './lookup.js';

/** A text typed in the live referat, to be stored in its item's (or sub-item's) notes or decision (the binding's TextChange). */
export type LiveTextChange = TextChange;

/**
 * What became of one change: stored (with an audit entry and a decisionUpdated event), unchanged (the database
 * already held exactly this), locked (the meeting's minutes are approved: never written), missing (no such item or
 * sub-item any more).
 */
export type LiveTextResult = TextWriteResult;

/**
 * Stores texts typed in the live referat — of any number of meetings — in ONE transaction, without the unit of work.
 *
 * The live binding stores every typed field at least every couple of seconds; with many documents being typed in,
 * doing that through DecisionService.setText (a transaction per field, a populate chain per lookup, the unit of
 * work's change sets, an audit entity) was a third of the server's CPU. Here a batch costs one SELECT of its targets
 * (items joined with their meeting's status, and the sub-items named), one UPDATE per changed row, one multi-row
 * INSERT of the audit entries, all through knex with bound parameters on one transaction; statements are still
 * reported to MikroORM's logger (SQL counts). Columns come from MikroORM's metadata.
 *
 * The rules are setText's for the live document: the connection was authorised to write when it opened (read-only
 * connections never get here), for its meeting only (an item of another meeting is treated as missing); a locked (approved) meeting's texts are never written; notes "" are stored as null; a
 * decision loses its embeddable when its text is emptied and it is neither adopted nor voted on. Unlike the API's
 * setMinutesText, a change that would leave the row as it is writes nothing: no audit entry, no event.
 * decisionUpdated is published per stored change after the commit.
 */
export async function writeLiveTexts(orm: MikroORM, events: EventBus, changes: readonly LiveTextChange[]): Promise<LiveTextResult[]> {
  if (!changes.length) return [];
  const s = schemaOf(orm);
  const platform = orm.em.getPlatform();
  const now = new Date();
  const nowValue = platform.processDateProperty(now);
  const results: LiveTextResult[] = new Array(changes.length).fill('missing');
  const published: Array<{ meetingId: string; payload: Record<string, unknown> }> = [];

  await knexOf(orm).transaction(async (trx) => {
    const raw = async (sql: string, params: readonly unknown[]) => {
      const started = Date.now();
      const rows = rowsOf(await trx.raw(sql, params as Knex.RawBinding[]));
      orm.config.getLogger().logQuery({ query: sql, took: Date.now() - started, results: rows.length, level: 'info' });
      return rows;
    };

    // The targets: every item named, with its meeting's status, and the sub-items named (one statement).
    const itemIds = [...new Set(changes.map((c) => asId(c.agendaItemId)))];
    const letters = [...new Set(changes.flatMap((c) => (c.letter === null ? [] : [c.letter])))];
    const q = (n: string) => platform.quoteIdentifier(n);
    const itemCols = ['id', 'meeting', 'sequence', 'year', 'numberSuffix', 'notes'].map((p) => `i.${q(s.item.col(p))} as ${q(`i_${p}`)}`);
    const subCols = ['id', 'letter', 'notes'].map((p) => `s.${q(s.sub.col(p))} as ${q(`s_${p}`)}`);
    const decisionCols = (alias: string, t: TableOf) => s.decisionProps.map((p) => `${alias}.${q(t.decision[p]!)} as ${q(`${alias}_d_${p}`)}`);
    const rows = await raw(
      `select ${[...itemCols, ...decisionCols('i', s.item), `m.${q(s.meetingStatus)} as ${q('m_status')}`, ...subCols, ...decisionCols('s', s.sub)].join(', ')} ` +
        `from ${q(s.item.table)} i join ${q(s.meetingTable)} m on m.${q(s.meetingId)} = i.${q(s.item.col('meeting'))} ` +
        (letters.length
          ? `left join ${q(s.sub.table)} s on s.${q(s.sub.col('agendaItem'))} = i.${q(s.item.col('id'))} and s.${q(s.sub.col('letter'))} in (${marks(letters.length)}) `
          : `left join ${q(s.sub.table)} s on 1 = 0 `) +
        `where i.${q(s.item.col('id'))} in (${marks(itemIds.length)})`,
      [...letters, ...itemIds],
    );

    const items = new Map<string, Holder & { meetingId: string; number: string; locked: boolean }>();
    const subs = new Map<string, Holder>();
    for (const r of rows) {
      const id = String(r.i_id);
      if (!items.has(id)) {
        items.set(id, {
          kind: 'AgendaItem',
          id,
          meetingId: String(r.i_meeting),
          number: formatItemNumber(Number(r.i_sequence), Number(r.i_year), (r.i_numberSuffix as string | null) ?? ''),
          locked: r.m_status === MeetingStatus.MINUTES_APPROVED,
          notes: (r.i_notes as string | null) ?? null,
          decision: decisionOf(r, 'i', s.decisionProps),
          dirty: new Set(),
        });
      }
      if (r.s_id != null) {
        subs.set(`${id}|${String(r.s_letter)}`, {
          kind: 'SubItem',
          id: String(r.s_id),
          notes: (r.s_notes as string | null) ?? null,
          decision: decisionOf(r, 's', s.decisionProps),
          dirty: new Set(),
        });
      }
    }

    const audits: unknown[][] = [];
    changes.forEach((c, index) => {
      const item = items.get(asId(c.agendaItemId));
      const holder = c.letter === null ? item : subs.get(`${asId(c.agendaItemId)}|${c.letter}`);
      // The connection was authorised for its own meeting: an item of another meeting (a key a client made up in its
      // document) is not there for it.
      if (!item || !holder || item.meetingId !== c.meetingId.toLowerCase()) return; // 'missing'
      if (item.locked) {
        results[index] = 'locked';
        return;
      }
      if (!apply(holder, c.field, c.text)) {
        results[index] = 'unchanged';
        return;
      }
      results[index] = 'stored';
      const label = c.letter === null ? item.number : `${item.number} ${c.letter}`;
      audits.push([nowValue, c.userId, item.meetingId, holder.kind, holder.id, 'TEXT_SET', `${label} ${c.field === MinutesField.NOTES ? 'referat' : 'vedtak'}`, 'live']);
      published.push({
        meetingId: item.meetingId,
        payload: {
          meetingId: item.meetingId,
          agendaItemId: item.id,
          itemNumber: item.number,
          subItemLetter: c.letter,
          field: c.field,
          text: c.text,
          adopted: holder.decision?.adoptedAt != null,
          at: now,
        },
      });
    });

    // One UPDATE per changed row (both fields of a row at once), then the audit entries.
    for (const holder of [...items.values(), ...subs.values()]) {
      if (!holder.dirty.size) continue;
      const t = holder.kind === 'AgendaItem' ? s.item : s.sub;
      // Only the columns that changed, as the unit of work would (a concurrent change to the other field stays).
      const sets: string[] = [`${q(t.col('updatedAt'))} = ?`];
      const params: unknown[] = [nowValue];
      if (holder.dirty.has(MinutesField.NOTES)) {
        sets.push(`${q(t.col('notes'))} = ?`);
        params.push(holder.notes);
      }
      if (holder.dirty.has(MinutesField.DECISION)) {
        for (const p of s.decisionProps) {
          // A decision that stays keeps its adoption and vote; one dropped (even if typed again since) loses them.
          if (p !== 'text' && holder.decision && !holder.decisionDropped) continue;
          sets.push(`${q(t.decision[p]!)} = ?`);
          params.push(p === 'text' ? (holder.decision?.text ?? null) : null);
        }
      }
      await raw(`update ${q(t.table)} set ${sets.join(', ')} where ${q(t.col('id'))} = ?`, [...params, holder.id]);
    }
    for (let i = 0; i < audits.length; i += 500) {
      const part = audits.slice(i, i + 500);
      await raw(
        `insert into ${q(s.audit.table)} (${AUDIT_PROPS.map((p) => q(s.audit.col(p))).join(', ')}) values ${part.map(() => `(${marks(AUDIT_PROPS.length)})`).join(', ')}`,
        part.flat(),
      );
    }
  });

  // Subscribers hear of each stored change once it is committed (GraphQL reads then return the new text).
  for (const p of published) events.publish(Topic.DecisionUpdated, p.meetingId, p.payload as never);
  return results;
}

const AUDIT_PROPS = ['at', 'userId', 'meetingId', 'entity', 'entityId', 'action', 'summary', 'via'] as const;

/** An item or sub-item row as the batch sees it; `decision` is null when all its columns are. */
interface Holder {
  kind: 'AgendaItem' | 'SubItem';
  id: string;
  notes: string | null;
  decision: { text: string | null; adoptedAt: unknown; voteOutcome: unknown } | null;
  /** The fields this batch changed. */
  dirty: Set<MinutesField>;
  /** The decision was dropped in this batch (all its columns are written). */
  decisionDropped?: boolean;
}

/** setText's change to one field; false when the row would stay as it is. */
function apply(holder: Holder, field: MinutesField, text: string): boolean {
  if (field === MinutesField.NOTES) {
    const notes = text.length ? text : null;
    if (holder.notes === notes) return false;
    holder.notes = notes;
  } else {
    const current = holder.decision;
    // DecisionService's withText: nothing is left of a decision without text, adoption or vote.
    if (!text.length && current?.adoptedAt == null && current?.voteOutcome == null) {
      if (current === null) return false;
      holder.decision = null;
      holder.decisionDropped = true;
    } else {
      if (current && current.text === text) return false;
      holder.decision = current ? { ...current, text } : { text, adoptedAt: null, voteOutcome: null };
    }
  }
  holder.dirty.add(field);
  return true;
}

function decisionOf(row: Record<string, unknown>, alias: string, props: readonly string[]): Holder['decision'] {
  if (props.every((p) => row[`${alias}_d_${p}`] == null)) return null;
  return {
    text: (row[`${alias}_d_text`] as string | null) ?? '',
    adoptedAt: row[`${alias}_d_adoptedAt`] ?? null,
    voteOutcome: row[`${alias}_d_voteOutcome`] ?? null,
  };
}

interface TableOf {
  table: string;
  col(property: string): string;
  /** Column of each property of the embedded decision. */
  decision: Record<string, string>;
}

interface Schema {
  item: TableOf;
  sub: TableOf;
  audit: TableOf;
  meetingTable: string;
  meetingId: string;
  meetingStatus: string;
  /** The decision embeddable's properties (the same for items and sub-items), 'text' among them. */
  decisionProps: string[];
}

const schemas = new WeakMap<MikroORM, Schema>();

function schemaOf(orm: MikroORM): Schema {
  let schema = schemas.get(orm);
  if (schema) return schema;
  const metadata = orm.getMetadata();
  const tableOf = (name: string): TableOf => {
    const meta = metadata.get(name);
    const decision: Record<string, string> = {};
    for (const p of meta.props as EntityProperty[]) {
      if (p.embedded?.[0] === 'decision' && p.fieldNames?.length === 1) decision[p.embedded[1]] = p.fieldNames[0]!;
    }
    return {
      table: meta.tableName,
      col(property: string) {
        const prop = meta.properties[property as never] as EntityProperty | undefined;
        if (!prop?.fieldNames?.length) throw new Error(`${name}.${property} has no column`);
        return prop.fieldNames[0]!;
      },
      decision,
    };
  };
  const item = tableOf(AgendaItem.name);
  const sub = tableOf(SubItem.name);
  const meeting = tableOf(Meeting.name);
  const decisionProps = Object.keys(item.decision);
  if (!decisionProps.includes('text') || decisionProps.some((p) => !sub.decision[p])) {
    throw new Error('AgendaItem and SubItem must embed the same Decision');
  }
  schema = {
    item,
    sub,
    audit: tableOf(AuditEntry.name),
    meetingTable: meeting.table,
    meetingId: meeting.col('id'),
    meetingStatus: meeting.col('status'),
    decisionProps,
  };
  schemas.set(orm, schema);
  return schema;
}

function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

function knexOf(orm: MikroORM): Knex {
  return (orm.em.getConnection() as unknown as { getKnex(): Knex }).getKnex();
}

/** knex.raw's result: an array of rows (libsql) or a pg result ({ rows }). */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  return (result as { rows?: Array<Record<string, unknown>> } | undefined)?.rows ?? [];
}

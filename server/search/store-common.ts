/**
 * What the SQLite and PostgreSQL search stores share: statements with bound parameters, the state tables, an entry's
 * column values, the batch-insert loop, reading a page.
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';
import type { HitKind, IndexEntry, MeetingEntries, SearchOrder, StoredHit } from './port.js';

/** The narrow table the page order and a hit's links read (13 columns besides the id). */
export const ENTRY_COLUMNS =
  'meeting_id, body_id, year, starts_at, status, kind, entity_id, agenda_item_id, item_kind, has_decision, ' +
  'for_readers, for_public_notice, for_public_minutes';

/** What a hit shows, in a table of its own (`search_text`, same id): matching and filtering never read these. */
export const TEXT_COLUMNS = 'label, title, body';

type Row = Record<string, unknown>;

/** Runs one statement (in the store's write transaction, if any); every value is a bound parameter. */
export type Run = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/**
 * Statements of `em` (in its transaction, if any) with bound parameters (server/db/bound-sql.ts, through RowReader):
 * a search's words and a re-index's texts (a 5 MB referat typed live) are never SQL literals.
 */
export function boundSql(em: EntityManager): Run {
  const reader = new RowReader(em);
  return (sql, params = []) => reader.rows(sql, params);
}

/** Rows (or ids) per statement: 200 rows × at most 17 values stays far below both databases' parameter limits. */
const CHUNK = 200;

/** `xs` in slices of CHUNK. */
export function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** `insert into ${into} values ${row}, ${row}, …`: one multi-row statement per CHUNK rows, `row` with a `?` per value. */
export async function insertRows(run: Run, into: string, row: string, rows: readonly unknown[][]): Promise<void> {
  for (const some of chunks(rows)) await run(`insert into ${into} values ${some.map(() => row).join(', ')}`, some.flat());
}

/** Notes when each meeting of the batch that still exists was indexed (after its entries were replaced). */
export function recordIndexed(run: Run, batch: MeetingEntries[], indexedAt: number): Promise<void> {
  const present = batch.filter((b) => b.entries).map((b) => [b.meetingId, indexedAt]);
  return insertRows(run, 'search_meeting (meeting_id, indexed_at)', '(?, ?)', present);
}

/** When each meeting was indexed, and the layout version of the index. Same SQL in both databases. */
export const STATE_DDL = [
  'create table if not exists search_meeting (meeting_id varchar(64) primary key, indexed_at bigint not null)',
  'create table if not exists search_meta (key varchar(64) primary key, value text not null)',
];

const flag = (b: boolean) => (b ? 1 : 0);

/** The values of sql-where.ts's ENTRY_COLUMNS, in that order (13). */
export function entryValues(e: IndexEntry): unknown[] {
  return [
    e.meetingId,
    e.bodyId,
    e.year,
    e.startsAt,
    e.status,
    e.kind,
    e.entityId,
    e.agendaItemId,
    e.itemKind,
    flag(e.hasDecision),
    flag(e.audiences.has('readers')),
    flag(e.audiences.has('publicNotice')),
    flag(e.audiences.has('publicMinutes')),
  ];
}

/** The values of TEXT_COLUMNS (3). */
export const textValues = (e: IndexEntry): unknown[] => [e.label, e.title, e.text];

/** ORDER BY of a page by the meeting's date (NEWEST, OLDEST), ties by entry id; RELEVANCE is the store's own. */
export const dateOrder = (order: Exclude<SearchOrder, 'RELEVANCE'>, alias = 'e.'): string =>
  `${alias}starts_at ${order === 'NEWEST' ? 'desc' : 'asc'}, ${alias}id asc`;

/** The shown columns of the ranked entries, in rank order. */
export async function readHits(run: Run, ranked: Row[]): Promise<StoredHit[]> {
  if (!ranked.length) return [];
  const ids = ranked.map((r) => Number(r.id));
  const found = await run(`select ${HIT_COLUMNS} from search_entry e join search_text t on t.id = e.id where e.id in (${RowReader.placeholders(ids.length)})`, ids);
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  return ranked.flatMap((r) => {
    const e = byId.get(Number(r.id));
    return e ? [hitOf(e, r)] : [];
  });
}

/** The columns of a hit (search_entry `e` joined with search_text `t`). */
export const HIT_COLUMNS = 'e.id, e.kind, e.entity_id, e.agenda_item_id, e.meeting_id, t.label, t.title, t.body';

/** A hit from its HIT_COLUMNS and its score. */
export function hitOf(e: Row, ranked: Row): StoredHit {
  return {
    kind: e.kind as HitKind,
    entityId: String(e.entity_id),
    agendaItemId: e.agenda_item_id == null ? null : String(e.agenda_item_id),
    meetingId: String(e.meeting_id),
    label: String(e.label),
    title: String(e.title),
    text: String(e.body),
    score: Number(ranked.score),
  };
}

/** What the SQLite and PostgreSQL search stores share: the state tables, an entry's column values, reading a page. */
import { RowReader } from '../db/rows.js';
import type { HitKind, IndexEntry, SearchOrder, StoredHit } from './port.js';

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

/** ORDER BY of a page: by relevance (the store's own expression), or by the meeting's date; ties by entry id. */
export function pageOrder(order: SearchOrder, relevance: string): string {
  if (order === 'NEWEST') return 'e.starts_at desc, e.id asc';
  if (order === 'OLDEST') return 'e.starts_at asc, e.id asc';
  return `${relevance}, e.id asc`;
}

/** The shown columns of the ranked entries, in rank order. */
export async function readHits(rows: RowReader, ranked: Array<Record<string, unknown>>): Promise<StoredHit[]> {
  if (!ranked.length) return [];
  const ids = ranked.map((r) => Number(r.id));
  const found = await rows.rows(
    'select e.id, e.kind, e.entity_id, e.agenda_item_id, e.meeting_id, t.label, t.title, t.body from search_entry e ' +
      `join search_text t on t.id = e.id where e.id in (${RowReader.placeholders(ids.length)})`,
    ids,
  );
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  return ranked.flatMap((r) => {
    const e = byId.get(Number(r.id));
    if (!e) return [];
    return [{
      kind: e.kind as HitKind,
      entityId: String(e.entity_id),
      agendaItemId: e.agenda_item_id == null ? null : String(e.agenda_item_id),
      meetingId: String(e.meeting_id),
      label: String(e.label),
      title: String(e.title),
      text: String(e.body),
      score: Number(r.score),
    }];
  });
}

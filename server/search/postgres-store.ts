/**
 * The search index on PostgreSQL: `search_entry` holds what a hit shows, what the filters and the visibility rule
 * read, and a tsvector (GIN-indexed) made by PostgreSQL's `norwegian` text-search configuration from the words of
 * the title (weight A) and the text (weight B), plus the number keys (weight A, `simple` configuration, unstemmed).
 * The words are cut and folded here (server/search/text.ts) as for SQLite; PostgreSQL stems them. Ranking is ts_rank.
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';
import type { MeetingEntries, SearchStore, StoredHit, StoreQuery } from './port.js';
import { entryValues, pageOrder, readHits, STATE_DDL, textValues } from './store-common.js';
import { ENTRY_COLUMNS, entryWhere, TEXT_COLUMNS } from './sql-where.js';
import { fold, words } from './text.js';

/** Bump when the tables or what goes into them change: the index is then dropped and rebuilt. */
const SCHEMA_VERSION = '2';

const DDL = [
  // Narrow rows (the filters, the visibility flags and the tsvector); the texts a hit shows live in search_text.
  `create table if not exists search_entry (
    id bigserial primary key, meeting_id uuid not null, body_id uuid not null, year integer not null,
    starts_at bigint not null, status varchar(32) not null, kind varchar(16) not null, entity_id uuid not null,
    agenda_item_id uuid, item_kind varchar(32), has_decision smallint not null, for_readers smallint not null,
    for_public_notice smallint not null, for_public_minutes smallint not null, tsv tsvector not null)`,
  'create index if not exists search_entry_meeting on search_entry (meeting_id)',
  'create index if not exists search_entry_tsv on search_entry using gin (tsv)',
  'create table if not exists search_text (id bigint primary key, label text not null, title text not null, body text not null)',
  ...STATE_DDL,
];
const TABLES = ['search_entry', 'search_text', 'search_meeting', 'search_meta'];

const TSV =
  "setweight(to_tsvector('norwegian', ?), 'A') || setweight(to_tsvector('norwegian', ?), 'B') || " +
  "setweight(to_tsvector('simple', ?), 'A')";
const CHUNK = 200;

/** One key for every instance's index writes: two instances re-indexing one meeting take turns. */
const LOCK = "select pg_advisory_xact_lock(hashtext('motebok:search-index'))";

export class PostgresSearchStore implements SearchStore {
  readonly dialect = 'postgresql' as const;

  constructor(private readonly em: EntityManager) {}

  async ensureSchema(): Promise<void> {
    const conn = this.em.getConnection();
    const exists = (await conn.execute<Array<{ t: string | null }>>("select to_regclass('search_meta')::text as t"))[0]!.t;
    if (exists) {
      const row = (await conn.execute<Array<{ value: string }>>("select value from search_meta where key = 'schema'"))[0];
      if (row?.value === SCHEMA_VERSION) return;
      for (const t of TABLES) await conn.execute(`drop table if exists ${t}`);
    }
    for (const sql of DDL) await conn.execute(sql);
    await conn.execute("insert into search_meta (key, value) values ('schema', ?)", [SCHEMA_VERSION]);
  }

  async replace(batch: MeetingEntries[], indexedAt: number): Promise<void> {
    if (!batch.length) return;
    await this.em.transactional(async (em) => {
      const conn = em.getConnection();
      const ctx = em.getTransactionContext();
      const run = (sql: string, params: unknown[] = []) => conn.execute(sql, params, 'run', ctx);
      await run(LOCK);
      const ids = batch.map((b) => b.meetingId);
      for (let i = 0; i < ids.length; i += CHUNK) {
        const some = ids.slice(i, i + CHUNK);
        const marks = RowReader.placeholders(some.length);
        await run(`delete from search_text where id in (select id from search_entry where meeting_id in (${marks}))`, some);
        await run(`delete from search_entry where meeting_id in (${marks})`, some);
        await run(`delete from search_meeting where meeting_id in (${marks})`, some);
      }
      const entries = batch.flatMap((b) => b.entries ?? []);
      for (let i = 0; i < entries.length; i += CHUNK) {
        const some = entries.slice(i, i + CHUNK);
        // Ids from the table's sequence first, so that each text row gets its entry's id.
        const ids = (await conn.execute<Array<{ id: string }>>(
          "select nextval(pg_get_serial_sequence('search_entry', 'id')) as id from generate_series(1, ?)",
          [some.length],
          'all',
          ctx,
        )).map((r: { id: string }) => Number(r.id));
        await run(
          `insert into search_entry (id, ${ENTRY_COLUMNS}, tsv) values ${some.map(() => `(?, ${RowReader.placeholders(13)}, ${TSV})`).join(', ')}`,
          some.flatMap((e, k) => [ids[k], ...entryValues(e), words(fold(e.title)).join(' '), words(fold(e.text)).join(' '), e.keys.join(' ')]),
        );
        await run(
          `insert into search_text (id, ${TEXT_COLUMNS}) values ${some.map(() => '(?, ?, ?, ?)').join(', ')}`,
          some.flatMap((e, k) => [ids[k], ...textValues(e)]),
        );
      }
      const present = batch.filter((b) => b.entries);
      for (let i = 0; i < present.length; i += CHUNK) {
        const some = present.slice(i, i + CHUNK);
        await run(
          `insert into search_meeting (meeting_id, indexed_at) values ${some.map(() => '(?, ?)').join(', ')}`,
          some.flatMap((b) => [b.meetingId, indexedAt]),
        );
      }
    });
  }

  async search(q: StoreQuery): Promise<{ total: number; hits: StoredHit[] }> {
    const rows = new RowReader(this.em);
    const where = entryWhere(q.scope, q.filter);
    const tsquery = tsqueryOf(q);
    const ranked = await rows.rows(
      `with q as (select ${tsquery.sql} as q) ` +
        'select e.id as id, ts_rank(e.tsv, q.q, 1) as score, count(*) over () as total from search_entry e, q ' +
        `where e.tsv @@ q.q and ${where.sql} order by ${pageOrder(q.order, 'score desc')} limit ? offset ?`,
      [...tsquery.params, ...where.params, q.limit, q.offset],
    );
    let total = ranked.length ? Number(ranked[0]!.total) : 0;
    if (!ranked.length && q.offset > 0) {
      const c = await rows.rows(
        `select count(*) as n from search_entry e where e.tsv @@ (${tsquery.sql}) and ${where.sql}`,
        [...tsquery.params, ...where.params],
      );
      total = Number(c[0]!.n);
    }
    return { total, hits: await readHits(rows, ranked) };
  }

  async indexedMeetings(): Promise<Map<string, number>> {
    const found = await new RowReader(this.em).rows('select meeting_id, indexed_at from search_meeting', []);
    return new Map(found.map((r) => [String(r.meeting_id), Number(r.indexed_at)]));
  }

  async stats(): Promise<{ entries: number; bytes: number | null }> {
    const found = await new RowReader(this.em).rows(
      "select (select count(*) from search_entry) as n, pg_total_relation_size('search_entry') + pg_total_relation_size('search_text') as bytes",
      [],
    );
    return { entries: Number(found[0]!.n), bytes: Number(found[0]!.bytes) };
  }
}

/** Every word (stemmed by the norwegian configuration; ":*" for a prefix) and every number key must occur. */
function tsqueryOf(q: StoreQuery): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (q.query.terms.length) {
    parts.push("to_tsquery('norwegian', ?)");
    params.push(q.query.terms.map((t) => `${t.word}${t.prefix ? ':*' : ''}`).join(' & '));
  }
  if (q.query.keys.length) {
    parts.push("to_tsquery('simple', ?)");
    params.push(q.query.keys.join(' & '));
  }
  return { sql: `(${parts.join(' && ')})`, params };
}

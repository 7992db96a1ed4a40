/**
 * The search index on PostgreSQL: `search_entry` holds what a hit shows, what the filters and the visibility rule
 * read, and a tsvector (GIN-indexed) made by PostgreSQL's `norwegian` text-search configuration from the words of
 * the title (weight A) and the text (weight B), plus the number keys (weight A, `simple` configuration, unstemmed).
 * The words are cut and folded here (server/search/text.ts) as for SQLite; PostgreSQL stems them. Ranking is ts_rank.
 * The GIN index finds the searched words; who may see an entry and the filters are conditions on the row's columns
 * (sql-where.ts), checked on the rows the index returns. Every value is a bound parameter (store-common.ts, boundSql).
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';
import type { MeetingEntries, SearchStore, StoredHit, StoreQuery } from './port.js';
import { entryWhere } from './sql-where.js';
import {
  boundSql, chunks, dateOrder, ENTRY_COLUMNS, entryValues, HIT_COLUMNS, hitOf, insertRows, recordIndexed, STATE_DDL,
  TEXT_COLUMNS, textValues,
} from './store-common.js';
import { fold, words } from './text.js';

/** Bump when the tables or what goes into them change: the index is then dropped and rebuilt (4: no tag lexemes). */
const SCHEMA_VERSION = '4';

const DDL = [
  // Narrow rows (the filters, the visibility flags and the tsvector); the texts a hit shows live in search_text.
  `create table if not exists search_entry (
    id bigserial primary key, meeting_id uuid not null, body_id uuid not null, year integer not null,
    starts_at bigint not null, status varchar(32) not null, kind varchar(16) not null, entity_id uuid not null,
    agenda_item_id uuid, item_kind varchar(32), has_decision smallint not null, for_readers smallint not null,
    for_public_notice smallint not null, for_public_minutes smallint not null, tsv tsvector not null)`,
  'create index if not exists search_entry_meeting on search_entry (meeting_id)',
    // The default pending list (4 MB, merged by autovacuum): a 256 kB list made re-indexing (live typing) ≈ 10–40 %
  // dearer for a few ms per search (bench/PROFILE-NOTES.md, "Archive search").
  'create index if not exists search_entry_tsv on search_entry using gin (tsv)',
  'create table if not exists search_text (id bigint primary key, label text not null, title text not null, body text not null)',
  ...STATE_DDL,
];
const TABLES = ['search_entry', 'search_text', 'search_meeting', 'search_meta'];

const TSV = "setweight(to_tsvector('norwegian', ?), 'A') || setweight(to_tsvector('norwegian', ?), 'B') || setweight(to_tsvector('simple', ?), 'A')";

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
      const run = boundSql(em);
      await run(LOCK);
      for (const some of chunks(batch.map((b) => b.meetingId))) {
        const marks = RowReader.placeholders(some.length);
        await run(`delete from search_text where id in (select id from search_entry where meeting_id in (${marks}))`, some);
        await run(`delete from search_entry where meeting_id in (${marks})`, some);
        await run(`delete from search_meeting where meeting_id in (${marks})`, some);
      }
      const entries = batch.flatMap((b) => b.entries ?? []);
      // Ids from the table's sequence first, so that each text row gets its entry's id.
      const ids = entries.length
        ? (await run("select nextval(pg_get_serial_sequence('search_entry', 'id')) as id from generate_series(1, ?::integer)", [entries.length]))
          .map((r) => Number(r.id))
        : [];
      await insertRows(
        run,
        `search_entry (id, ${ENTRY_COLUMNS}, tsv)`,
        `(?, ${RowReader.placeholders(13)}, ${TSV})`,
        entries.map((e, k) => [ids[k], ...entryValues(e), words(fold(e.title)).join(' '), words(fold(e.text)).join(' '), e.keys.join(' ')]),
      );
      await insertRows(run, `search_text (id, ${TEXT_COLUMNS})`, '(?, ?, ?, ?)', entries.map((e, k) => [ids[k], ...textValues(e)]));
      await recordIndexed(run, batch, indexedAt);
    });
  }

  /**
   * One statement: the rows the GIN index finds by the searched words that the viewer may see and the filters let
   * through are read once into `(id, score)` (ts_rank of the words; the conditions are column comparisons), counted,
   * the page cut by a top-N sort, and the page's rows joined with what a hit shows. Past the last page: a count.
   */
  async search(q: StoreQuery): Promise<{ total: number; hits: StoredHit[] }> {
    const tsq = tsqueryOf(q);
    const where = entryWhere(q.scope, q.filter);
    if (tsq === null || where === null) return { total: 0, hits: [] };
    const run = boundSql(this.em);
    const matches = `search_entry e where e.tsv @@ ${tsq.sql} and ${where.sql}`;
    const order = q.order === 'RELEVANCE' ? 'score desc, id asc' : dateOrder(q.order, '');
    const found = await run(
      `with m as materialized (select e.id, e.starts_at, ts_rank(e.tsv, ${tsq.sql}, 1) as score from ${matches}), ` +
        `p as (select id, starts_at, score from m order by ${order} limit ? offset ?) ` +
        `select ${HIT_COLUMNS}, p.score, (select count(*) from m) as total from p join search_entry e on e.id = p.id ` +
        `join search_text t on t.id = p.id order by ${order.replace(/(^|, )/g, '$1p.')}`,
      [...tsq.params, ...tsq.params, ...where.params, q.limit, q.offset],
    );
    if (found.length) return { total: Number(found[0]!.total), hits: found.map((r) => hitOf(r, r)) };
    const total = q.offset > 0 ? Number((await run(`select count(*) as n from ${matches}`, [...tsq.params, ...where.params]))[0]!.n) : 0;
    return { total, hits: [] };
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

/**
 * The searched words as a tsquery: every word (stemmed by the norwegian configuration, ":*" for a prefix) and every
 * number key must occur. null: nothing can match.
 */
function tsqueryOf(q: StoreQuery): { sql: string; params: string[] } | null {
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
  return parts.length ? { sql: `(${parts.join(' && ')})`, params } : null;
}

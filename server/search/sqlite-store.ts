/**
 * The search index on SQLite: `search_entry` holds what a hit shows and what the filters and the visibility rule
 * read; the FTS5 table `search_fts` (rowid = search_entry.id) holds the stems of its title, text and number keys,
 * made by server/search/text.ts (FTS5 has no Norwegian stemmer: the words are stemmed here, with the Snowball
 * Norwegian stemmer, on the way in and in the query). Its tokenizer, unicode61 without diacritic removal, then only
 * splits at the spaces, so æ, ø and å stay letters. Ranking is FTS5's bm25 with the title and the number keys
 * weighing more than the text.
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';
import type { IndexEntry, MeetingEntries, SearchStore, StoredHit, StoreQuery } from './port.js';
import { entryValues, pageOrder, readHits, STATE_DDL, textValues } from './store-common.js';
import { ENTRY_COLUMNS, entryWhere, TEXT_COLUMNS } from './sql-where.js';
import { stems } from './text.js';

/** Bump when the tables or what goes into them change: the index is then dropped and rebuilt. */
const SCHEMA_VERSION = '2';

const DDL = [
  // Narrow rows: a search joins every match with this table, so the texts live in search_text.
  `create table if not exists search_entry (
    id integer primary key, meeting_id text not null, body_id text not null, year integer not null,
    starts_at integer not null, status text not null, kind text not null, entity_id text not null,
    agenda_item_id text, item_kind text, has_decision integer not null, for_readers integer not null,
    for_public_notice integer not null, for_public_minutes integer not null)`,
  'create index if not exists search_entry_meeting on search_entry (meeting_id)',
  'create table if not exists search_text (id integer primary key, label text not null, title text not null, body text not null)',
  // Contentless: the index only (snippets come from search_text); rows are deleted by rowid.
  "create virtual table if not exists search_fts using fts5 (title, body, keys, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')",
  ...STATE_DDL,
];
const TABLES = ['search_fts', 'search_entry', 'search_text', 'search_meeting', 'search_meta'];

/** bm25 weights of the columns title, body, keys. */
const BM25 = 'bm25(search_fts, 6.0, 1.0, 10.0)';
const CHUNK = 200;

export class SqliteSearchStore implements SearchStore {
  readonly dialect = 'sqlite' as const;

  constructor(private readonly em: EntityManager) {}

  async ensureSchema(): Promise<void> {
    const conn = this.em.getConnection();
    const meta = (await conn.execute<Array<{ n: number }>>(
      "select count(*) as n from sqlite_master where name = 'search_meta'",
    ))[0]!;
    if (meta.n) {
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
      const ids = batch.map((b) => b.meetingId);
      for (let i = 0; i < ids.length; i += CHUNK) {
        const some = ids.slice(i, i + CHUNK);
        const marks = RowReader.placeholders(some.length);
        const owned = `select id from search_entry where meeting_id in (${marks})`;
        await run(`delete from search_fts where rowid in (${owned})`, some);
        await run(`delete from search_text where id in (${owned})`, some);
        await run(`delete from search_entry where meeting_id in (${marks})`, some);
        await run(`delete from search_meeting where meeting_id in (${marks})`, some);
      }
      // Ids are given here (SQLite has one writer, and this transaction is it), so each FTS row gets its entry's id.
      const top = (await conn.execute<Array<{ id: number | null }>>('select max(id) as id from search_entry', [], 'all', ctx))[0];
      let nextId = Number(top?.id ?? 0) + 1;
      const entries = batch.flatMap((b) => b.entries ?? []);
      for (let i = 0; i < entries.length; i += CHUNK) {
        const some = entries.slice(i, i + CHUNK).map((e) => ({ id: nextId++, e }));
        await run(
          `insert into search_entry (id, ${ENTRY_COLUMNS}) values ${some.map(() => `(?, ${RowReader.placeholders(13)})`).join(', ')}`,
          some.flatMap(({ id, e }) => [id, ...entryValues(e)]),
        );
        await run(
          `insert into search_text (id, ${TEXT_COLUMNS}) values ${some.map(() => '(?, ?, ?, ?)').join(', ')}`,
          some.flatMap(({ id, e }) => [id, ...textValues(e)]),
        );
        await run(
          `insert into search_fts (rowid, title, body, keys) values ${some.map(() => '(?, ?, ?, ?)').join(', ')}`,
          some.flatMap(({ id, e }) => [id, ...ftsValues(e)]),
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
    const match = matchExpression(q);
    // Narrow rows first (ids, score, count); the texts of the page only afterwards.
    const ranked = await rows.rows(
      `with m as (select rowid as id, ${BM25} as r from search_fts where search_fts match ?) ` +
        `select e.id as id, -m.r as score, count(*) over () as total from m join search_entry e on e.id = m.id ` +
        `where ${where.sql} order by ${pageOrder(q.order, 'm.r asc')} limit ? offset ?`,
      [match, ...where.params, q.limit, q.offset],
    );
    let total = ranked.length ? Number(ranked[0]!.total) : 0;
    if (!ranked.length && q.offset > 0) {
      const c = await rows.rows(
        `select count(*) as n from search_fts join search_entry e on e.id = search_fts.rowid where search_fts match ? and ${where.sql}`,
        [match, ...where.params],
      );
      total = Number(c[0]!.n);
    }
    return { total, hits: await readHits(rows, ranked) };
  }

  async indexedMeetings(): Promise<Map<string, number>> {
    const found = await new RowReader(this.em).rows('select meeting_id, indexed_at from search_meeting', []);
    return new Map(found.map((r) => [r.meeting_id as string, Number(r.indexed_at)]));
  }

  async stats(): Promise<{ entries: number; bytes: number | null }> {
    const conn = this.em.getConnection();
    const n = (await conn.execute<Array<{ n: number }>>('select count(*) as n from search_entry'))[0]!.n;
    try {
      const b = await conn.execute<Array<{ bytes: number }>>(
        "select sum(pgsize) as bytes from dbstat where name like 'search%' and name <> 'search_meeting' and name <> 'search_meta'",
      );
      return { entries: Number(n), bytes: Number(b[0]?.bytes ?? 0) };
    } catch {
      return { entries: Number(n), bytes: null };
    }
  }
}

function ftsValues(e: IndexEntry): [string, string, string] {
  return [stems(e.title), stems(e.text), e.keys.join(' ')];
}

/** An FTS5 query: every term and number key must occur (implicit AND); a term with "*" as a prefix. */
function matchExpression(q: StoreQuery): string {
  const terms = q.query.terms.map((t) => `"${t.stem}"${t.prefix ? '*' : ''}`);
  const keys = q.query.keys.map((k) => `"${k}"`);
  return [...terms, ...keys].join(' ');
}

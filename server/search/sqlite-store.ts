/**
 * The search index on SQLite: `search_entry` holds what a hit shows and what the filters and the visibility rule
 * read; the FTS5 table `search_fts` (rowid = search_entry.id) holds the stems of its title, text and number keys,
 * made by server/search/text.ts (FTS5 has no Norwegian stemmer: the words are stemmed here, with the Snowball
 * Norwegian stemmer, on the way in and in the query). Its tokenizer, unicode61 without diacritic removal, then only
 * splits at the spaces, so æ, ø and å stay letters. Ranking is FTS5's bm25 with the title and the number keys
 * weighing more than the text. Who may see an entry and the filters are tags (tags.ts) in a fourth column, `tags`
 * (bm25 weight 0), so the FTS5 index alone finds, counts and ranks; the searched words are confined to the other
 * three columns.
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';
import type { IndexEntry, MeetingEntries, SearchStore, StoredHit, StoreQuery } from './port.js';
import {
  chunks, dateOrder, ENTRY_COLUMNS, entryValues, insertRows, readHits, recordIndexed, STATE_DDL, TEXT_COLUMNS, textValues,
  boundRun,
} from './store-common.js';
import { entryTags, renderTags, searchTags } from './tags.js';
import { stems } from './text.js';

/** Bump when the tables or what goes into them change: the index is then dropped and rebuilt. */
const SCHEMA_VERSION = '3';

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
  "create virtual table if not exists search_fts using fts5 (title, body, keys, tags, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')",
  ...STATE_DDL,
];
const TABLES = ['search_fts', 'search_entry', 'search_text', 'search_meeting', 'search_meta'];

/** bm25 weights of the columns title, body, keys (tags: none). */
const BM25 = 'bm25(search_fts, 6.0, 1.0, 10.0, 0.0)';

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
      const run = boundRun(em);
      for (const some of chunks(batch.map((b) => b.meetingId))) {
        const marks = RowReader.placeholders(some.length);
        const owned = `select id from search_entry where meeting_id in (${marks})`;
        await run(`delete from search_fts where rowid in (${owned})`, some);
        await run(`delete from search_text where id in (${owned})`, some);
        await run(`delete from search_entry where meeting_id in (${marks})`, some);
        await run(`delete from search_meeting where meeting_id in (${marks})`, some);
      }
      // Ids are given here (SQLite has one writer, and this transaction is it), so each FTS row gets its entry's id.
      const top = (await em.getConnection().execute<Array<{ id: number | null }>>('select max(id) as id from search_entry', [], 'all', em.getTransactionContext()))[0];
      const first = Number(top?.id ?? 0) + 1;
      const entries = batch.flatMap((b) => b.entries ?? []).map((e, k) => ({ id: first + k, e }));
      await insertRows(run, `search_entry (id, ${ENTRY_COLUMNS})`, `(?, ${RowReader.placeholders(13)})`, entries.map(({ id, e }) => [id, ...entryValues(e)]));
      await insertRows(run, `search_text (id, ${TEXT_COLUMNS})`, '(?, ?, ?, ?)', entries.map(({ id, e }) => [id, ...textValues(e)]));
      await insertRows(run, 'search_fts (rowid, title, body, keys, tags)', '(?, ?, ?, ?, ?)', entries.map(({ id, e }) => [id, ...ftsValues(e)]));
      await recordIndexed(run, batch, indexedAt);
    });
  }

  /**
   * The FTS5 index alone answers which entries match (words and tags) and how many; by relevance it also ranks and
   * cuts the page (a top-N sort of rowid and bm25). Only the page's rows are read from search_entry and search_text.
   * By date, every match is joined with search_entry for its date (no bm25).
   */
  async search(q: StoreQuery): Promise<{ total: number; hits: StoredHit[] }> {
    const match = matchExpression(q);
    if (match === null) return { total: 0, hits: [] };
    const rows = new RowReader(this.em);
    const ranked = await rows.rows(
      q.order === 'RELEVANCE'
        ? `select rowid as id, -${BM25} as score from search_fts where search_fts match ? order by score desc, rowid asc limit ? offset ?`
        : `select e.id as id, -${BM25} as score from search_fts join search_entry e on e.id = search_fts.rowid ` +
            `where search_fts match ? order by ${dateOrder(q.order)} limit ? offset ?`,
      [match, q.limit, q.offset],
    );
    const counted = await rows.rows('select count(*) as n from search_fts where search_fts match ?', [match]);
    return { total: Number(counted[0]!.n), hits: await readHits(rows, ranked) };
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

function ftsValues(e: IndexEntry): [string, string, string, string] {
  return [stems(e.title), stems(e.text), e.keys.join(' '), entryTags(e).join(' ')];
}

/**
 * An FTS5 query: every term and number key must occur (implicit AND) in the title, text or keys; a term with "*" as
 * a prefix; and the tags of the viewer's scope and the filter. null: nothing can match.
 */
function matchExpression(q: StoreQuery): string | null {
  const tags = searchTags(q.scope, q.filter);
  if (tags === false) return null;
  const terms = q.query.terms.map((t) => `"${t.stem}"${t.prefix ? '*' : ''}`);
  const keys = q.query.keys.map((k) => `"${k}"`);
  const words = `{title body keys} : (${[...terms, ...keys].join(' ')})`;
  return tags === true ? words : `${words} AND tags : ${renderTags(tags, { tag: (t) => t, and: 'AND', or: 'OR', but: 'NOT' })}`;
}

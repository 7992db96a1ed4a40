/**
 * The search index on PostgreSQL: `search_entry` holds what a hit shows, what the filters and the visibility rule
 * read, and a tsvector (GIN-indexed) made by PostgreSQL's `norwegian` text-search configuration from the words of
 * the title (weight A) and the text (weight B), plus the number keys (weight A, `simple` configuration, unstemmed).
 * The words are cut and folded here (server/search/text.ts) as for SQLite; PostgreSQL stems them. Ranking is ts_rank.
 * Who may see an entry and the filters are tags (tags.ts), lexemes "@…" in the same tsvector (without position or
 * weight), so the GIN index alone picks the matching rows; ts_rank is asked for the searched words only.
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';
import type { MeetingEntries, SearchStore, StoredHit, StoreQuery } from './port.js';
import {
  chunks, dateOrder, ENTRY_COLUMNS, entryValues, insertRows, readHits, recordIndexed, STATE_DDL, TEXT_COLUMNS, textValues,
  boundRun,
} from './store-common.js';
import { entryTags, renderTags, searchTags } from './tags.js';
import { fold, words } from './text.js';

/** Bump when the tables or what goes into them change: the index is then dropped and rebuilt. */
const SCHEMA_VERSION = '3';

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

const TSV =
  "setweight(to_tsvector('norwegian', ?), 'A') || setweight(to_tsvector('norwegian', ?), 'B') || " +
  "setweight(to_tsvector('simple', ?), 'A') || array_to_tsvector(string_to_array(?, ' '))";

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
      const run = boundRun(em);
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
        ? (await em.getConnection().execute<Array<{ id: string }>>(
          "select nextval(pg_get_serial_sequence('search_entry', 'id')) as id from generate_series(1, ?)",
          [entries.length],
          'all',
          em.getTransactionContext(),
        )).map((r: { id: string }) => Number(r.id))
        : [];
      await insertRows(
        run,
        `search_entry (id, ${ENTRY_COLUMNS}, tsv)`,
        `(?, ${RowReader.placeholders(13)}, ${TSV})`,
        entries.map((e, k) => [
          ids[k], ...entryValues(e), words(fold(e.title)).join(' '), words(fold(e.text)).join(' '), e.keys.join(' '), entryTags(e).map(lexeme).join(' '),
        ]),
      );
      await insertRows(run, `search_text (id, ${TEXT_COLUMNS})`, '(?, ?, ?, ?)', entries.map((e, k) => [ids[k], ...textValues(e)]));
      await recordIndexed(run, batch, indexedAt);
    });
  }

  /**
   * One pass over the matching rows (the GIN index or a scan picks them by words and tags): their ids and ts_rank
   * (for the searched words only) are kept, counted, and the page cut from them by a top-N sort. The tsvectors are
   * read once; the count no longer rides a window over wide rows (which spilled to disk). Past the last page: a count.
   */
  async search(q: StoreQuery): Promise<{ total: number; hits: StoredHit[] }> {
    const tsq = tsqueryOf(q);
    if (tsq === null) return { total: 0, hits: [] };
    const rows = new RowReader(this.em);
    const order = q.order === 'RELEVANCE' ? 'score desc, id asc' : dateOrder(q.order, '');
    const ranked = await rows.rows(
      `with m as materialized (select e.id, e.starts_at, ts_rank(e.tsv, ${tsq.words}, 1) as score from search_entry e ` +
        `where e.tsv @@ ${tsq.all}) select id, score, (select count(*) from m) as total from m order by ${order} limit ? offset ?`,
      [...tsq.wordParams, ...tsq.allParams, q.limit, q.offset],
    );
    let total = ranked.length ? Number(ranked[0]!.total) : 0;
    if (!ranked.length && q.offset > 0) {
      total = Number((await rows.rows(`select count(*) as n from search_entry e where e.tsv @@ ${tsq.all}`, tsq.allParams))[0]!.n);
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

/** A tag as a lexeme: "@" keeps it apart from every word a text or a search can hold. */
const lexeme = (tag: string) => `@${tag}`;

/** A tsquery literal of one lexeme (tags hold letters and digits only; quoted all the same). */
const quoted = (tag: string) => `'${lexeme(tag).replace(/'/g, "''")}'`;

/**
 * The searched words (every word, stemmed by the norwegian configuration, ":*" for a prefix, and every number key
 * must occur), and the same with the tags of the viewer's scope and the filter. null: nothing can match.
 */
function tsqueryOf(q: StoreQuery): { words: string; wordParams: string[]; all: string; allParams: string[] } | null {
  const tags = searchTags(q.scope, q.filter);
  if (tags === false) return null;
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
  const words = `(${parts.join(' && ')})`;
  if (tags === true) return { words, wordParams: params, all: words, allParams: params };
  const tagQuery = renderTags(tags, { tag: quoted, and: '&', or: '|', but: '& !' });
  return { words, wordParams: params, all: `(${words} && ?::tsquery)`, allParams: [...params, tagQuery] };
}

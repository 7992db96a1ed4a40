/**
 * The archive bench (`npm run bench -- --only archive`): a synthetic archive (archive-data.ts) on SQLite and on
 * PostgreSQL; the search index built from scratch in this process (index time, index and database size, and the cost
 * of re-indexing one meeting, which is what live typing triggers); then the real server in a child process, timed
 * from here over HTTP as the public: `search` (a mix of queries) and the `meetings` list of a body.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { openDatabase, sqlitePath } from '../../server/db/orm.js';
import { ensureSearchSchema, SearchIndexer, searchStoreFor } from '../../server/search/index.js';
import { searchScope } from '../../server/search/search-visibility.js';
import { parseQuery } from '../../server/search/query.js';
import { PUBLIC_VIEWER } from '../../server/auth/viewer.js';
import { startChild } from '../lib/child.js';
import { gqlAt } from '../lib/gql.js';
import { percentile } from '../lib/stats.js';
import { scratchDatabase } from '../peers/motebok.js';
import { buildArchive, type ArchiveSize } from './archive-data.js';

export interface TimedSet {
  label: string;
  /** For a search: its totalCount (hits the public may see). */
  hits?: number;
  p50: number;
  p99: number;
  count: number;
}

export interface ArchiveResult {
  db: 'sqlite' | 'postgresql';
  meetings: number;
  items: number;
  subItems: number;
  buildSeconds: number;
  indexSeconds: number;
  indexEntries: number;
  indexBytes: number | null;
  databaseBytes: number;
  reindexOne: TimedSet;
  storeSearch: TimedSet;
  search: TimedSet;
  searchByQuery: TimedSet[];
  meetingsList: TimedSet[];
}

/** The search mix: [label, query, filter]. Run as the public. */
export const QUERIES: Array<[string, string, Record<string, unknown> | undefined]> = [
  ['one word', 'tertialrapport', undefined],
  ['common word (forms)', 'vedtakene', undefined],
  ['two words', 'budsjett kommunene', undefined],
  ['word and place', 'legevakt Drammen', undefined],
  ['item number', '12/2015', undefined],
  ['item number, other form', 'sak 2019/34', undefined],
  ['prefix', 'bredbånd*', undefined],
  ['body and years', 'økonomiplan', { bodySlugs: ['radmannsgruppen'], yearFrom: 2015, yearTo: 2020 }],
  ['with vedtak, kind', 'kommune', { hasDecision: true, itemKinds: ['DECISION'] }],
  ['archive case number', '19/4711', undefined],
  ['rare compound', 'kulturstrategi', undefined],
  ['two rarer words', 'avløpsavtale evaluering', undefined],
];

const SEARCH = `query($q: String!, $filter: SearchFilter) { search(query: $q, filter: $filter, first: 20) {
  totalCount edges { cursor node { id kind label title titleHighlights { text match } snippet { text match } meeting { id startsAt status } } } } }`;
const MEETINGS_OF_BODY = `query($slug: String!) { meetings(filter: { bodySlug: $slug }) { id title startsAt status location } }`;
const MEETINGS_OF_YEAR = `query($slug: String!, $year: Int!) { meetings(filter: { bodySlug: $slug, year: $year }) { id title startsAt status location } }`;

const timed = (label: string, ms: number[]): TimedSet => ({ label, p50: percentile(ms, 50), p99: percentile(ms, 99), count: ms.length });

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

export async function runArchive(db: 'sqlite' | 'postgresql', size: ArchiveSize, rounds: number, log: (m: string) => void): Promise<ArchiveResult> {
  const scratch = await scratchDatabase(db);
  const quiet = pino({ level: 'warn' });
  try {
    // 1. The archive, and the index built from nothing, in this process.
    const { orm } = await openDatabase({ kind: db, url: scratch.url, poolMax: 4 }, quiet, (o) => ensureSearchSchema(o));
    let indexEntries = 0;
    let indexBytes: number | null = null;
    let databaseBytes = 0;
    let built;
    let buildSeconds = 0;
    let indexSeconds = 0;
    const reindexMs: number[] = [];
    const storeMs: number[] = [];
    try {
      [buildSeconds, built] = await time(() => buildArchive(() => orm.em.fork(), size));
      buildSeconds /= 1000;
      log(`archive ${db}: ${built.meetingIds.length} meetings, ${built.items} items, ${built.subItems} sub-items inserted in ${buildSeconds.toFixed(1)} s`);
      const indexer = new SearchIndexer(() => orm.em.fork(), searchStoreFor, quiet, { batchSize: 100 });
      [indexSeconds] = await time(() => indexer.reindex(built!.meetingIds));
      indexSeconds /= 1000;
      const stats = await searchStoreFor(orm.em.fork()).stats();
      indexEntries = stats.entries;
      indexBytes = stats.bytes;
      log(`archive ${db}: indexed ${indexEntries} entries in ${indexSeconds.toFixed(1)} s`);
      // What one debounced re-index costs (live typing in one meeting): single meetings, one at a time.
      for (let i = 0; i < 100; i++) {
        const id = built.meetingIds[(i * 7919) % built.meetingIds.length]!;
        reindexMs.push((await time(() => indexer.reindex([id])))[0]);
      }
      // The store alone (no HTTP, no GraphQL), as the public.
      const store = searchStoreFor(orm.em.fork());
      const scope = searchScope(PUBLIC_VIEWER);
      for (let r = 0; r < rounds; r++) {
        for (const [, q] of QUERIES) {
          const query = parseQuery(q);
          const [ms] = await time(() => store.search({ query, scope, filter: {}, order: 'RELEVANCE', offset: 0, limit: 20 }));
          if (r > 0) storeMs.push(ms);
        }
      }
      databaseBytes = await databaseSize(orm, db, scratch.url);
    } finally {
      await orm.close(true);
    }

    // 2. The server in a child process, timed over HTTP.
    const child = startChild(['--import', 'tsx', 'bench/peers/motebok-server.ts'], {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      BENCH_DATABASE_URL: scratch.url,
      BENCH_AUTH_SECRET: randomBytes(24).toString('hex'),
    }, { ipc: true });
    try {
      const ready = await child.waitMessage<{ url: string }>('ready', 120_000);
      await child.request('searchFlush', undefined, 120_000);
      const pub = gqlAt(ready.url, null);
      const perQuery = new Map<string, number[]>(QUERIES.map(([label]) => [label, []]));
      const all: number[] = [];
      const hits = new Map<string, number>();
      for (let r = 0; r < rounds + 1; r++) {
        for (const [label, q, filter] of QUERIES) {
          const [ms, answer] = await time(() => pub.ok<{ search: { totalCount: number } }>(SEARCH, { q, filter }));
          hits.set(label, answer.search.totalCount);
          if (r === 0) continue; // warm-up round
          perQuery.get(label)!.push(ms);
          all.push(ms);
        }
      }
      const body: number[] = [];
      const year: number[] = [];
      const slugs = built!.bodySlugs;
      for (let r = 0; r < rounds * 2 + 2; r++) {
        const slug = slugs[r % slugs.length]!;
        const [a, listed] = await time(() => pub.ok<{ meetings: unknown[] }>(MEETINGS_OF_BODY, { slug }));
        const [b] = await time(() => pub.ok(MEETINGS_OF_YEAR, { slug, year: size.firstYear + (r % size.years) }));
        if (r < 2) continue;
        body.push(a);
        year.push(b);
        if (r === 2) log(`archive ${db}: a body's meetings list holds ${listed.meetings.length} meetings`);
      }
      return {
        db,
        meetings: built!.meetingIds.length,
        items: built!.items,
        subItems: built!.subItems,
        buildSeconds,
        indexSeconds,
        indexEntries,
        indexBytes,
        databaseBytes,
        reindexOne: timed('re-index one meeting', reindexMs),
        storeSearch: timed('search in the store (no HTTP)', storeMs),
        search: timed('search over HTTP', all),
        searchByQuery: [...perQuery].map(([label, ms]) => ({ ...timed(label, ms), hits: hits.get(label) })),
        meetingsList: [timed(`all meetings of a body (${size.years * size.meetingsPerYear}, no pagination yet)`, body), timed(`meetings of a body and year (${size.meetingsPerYear})`, year)],
      };
    } finally {
      await child.stop();
    }
  } finally {
    await scratch.drop();
  }
}

async function databaseSize(orm: Awaited<ReturnType<typeof openDatabase>>['orm'], db: 'sqlite' | 'postgresql', url: string): Promise<number> {
  const conn = orm.em.getConnection();
  if (db === 'postgresql') {
    const rows = await conn.execute<Array<{ bytes: string }>>('select pg_database_size(current_database()) as bytes');
    return Number(rows[0]!.bytes);
  }
  await conn.execute('pragma wal_checkpoint(truncate)');
  const path = sqlitePath(url);
  let bytes = statSync(path).size;
  try {
    bytes += statSync(`${path}-wal`).size;
  } catch {
    // no WAL file
  }
  return bytes;
}

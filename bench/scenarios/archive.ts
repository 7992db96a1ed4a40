/**
 * The archive bench (`npm run bench -- --only archive`): a synthetic archive (archive-data.ts) on SQLite and on
 * PostgreSQL; the search index built from scratch in this process (index time, index and database size, and the cost
 * of re-indexing one meeting, which is what live typing triggers); then the real server in a child process, timed
 * from here over HTTP as the public: `search` (a mix of queries) and the `meetings` list of a body.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
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
  /** A page of 50: of all meetings, of one body. */
  pages: TimedSet[];
  /** SQL statements per page of 50 (the server's own count over the walks of all meetings). */
  statementsPerPage: number;
  /** The server process's CPU milliseconds per search request and per page of all bodies (means). */
  serverCpuMs: { search: number; page: number };
  /** The load average when the figures were taken (1 minute). */
  load: { search: number; pages: number };
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
/** A page of 50 as an innsyn list shows it (the body's name through its loader). */
const PAGE = `query($after: String, $filter: MeetingFilter) { meetingsConnection(first: 50, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title startsAt status location body { name } } } } }`;
interface PageAnswer {
  meetingsConnection: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] };
}

/** Walks through every page of meetings this many times (after a warm-up walk). */
export const PAGE_WALKS = 4;

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
      for (let i = 0; i < 30; i++) {
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
      // PostgreSQL: what autovacuum does to a long-lived archive (planner statistics; the GIN pending list merged).
      if (db === 'postgresql') await orm.em.getConnection().execute('vacuum analyze');
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
      let cpuBefore = 0;
      for (let r = 0; r < rounds + 1; r++) {
        if (r === 1) cpuBefore = await child.request<number>('cpuMs');
        for (const [label, q, filter] of QUERIES) {
          const [ms, answer] = await time(() => pub.ok<{ search: { totalCount: number } }>(SEARCH, { q, filter }));
          hits.set(label, answer.search.totalCount);
          if (r === 0) continue; // warm-up round
          perQuery.get(label)!.push(ms);
          all.push(ms);
        }
      }
      const searchCpuMs = ((await child.request<number>('cpuMs')) - cpuBefore) / all.length;
      const searchLoad = loadavg()[0]!;
      // Pages of 50, walked from the first to the last as a client does (the first walk warms up).
      const walk = async (filter: Record<string, unknown> | undefined, into: number[] | null) => {
        let after: string | null = null;
        let pages = 0;
        for (let p = 0; p < 1000; p++) {
          const [ms, answer] = await time(() => pub.ok<PageAnswer>(PAGE, { after, filter }));
          into?.push(ms);
          pages++;
          const page = answer.meetingsConnection;
          if (!page.pageInfo.hasNextPage) return { pages, total: page.totalCount };
          after = page.pageInfo.endCursor;
        }
        throw new Error('meetingsConnection: more than 1000 pages');
      };
      const allPages: number[] = [];
      const bodyPages: number[] = [];
      const first = await walk(undefined, null);
      log(`archive ${db}: ${first.total} meetings the public sees, ${first.pages} pages of 50`);
      const [before, cpu0] = [await child.request<number>('sqlStatements'), await child.request<number>('cpuMs')];
      let walked = 0;
      for (let r = 0; r < PAGE_WALKS; r++) walked += (await walk(undefined, allPages)).pages;
      const pageCpuMs = ((await child.request<number>('cpuMs')) - cpu0) / walked;
      const statementsPerPage = ((await child.request<number>('sqlStatements')) - before) / walked;
      for (let r = 0; r < PAGE_WALKS; r++) for (const slug of built!.bodySlugs) await walk({ bodySlug: slug }, bodyPages);
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
        pages: [timed('a page of 50 meetings (all bodies)', allPages), timed('a page of 50 meetings of one body', bodyPages)],
        statementsPerPage,
        serverCpuMs: { search: searchCpuMs, page: pageCpuMs },
        load: { search: searchLoad, pages: loadavg()[0]! },
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

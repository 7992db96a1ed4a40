/**
 * Child process: the real motebok server (createApp, as main.ts builds it) on a temporary database, plus a few IPC
 * handlers the bench reads: SQL statement count, heap after gc, CPU time, allocation and the stored state of a
 * document. The P4 ceiling runs in a process of its own (bench/peers/ceiling-server.ts).
 *
 * With BENCH_UNLOAD_GRACE_MS set it also serves /collab/ on a second port from a second createLiveMinutes (same
 * ORM, same events) built with that unloadGraceMs, since createApp does not pass collab options through: P5 uses it.
 *
 * With BENCH_REDIS_URL (and BENCH_INSTANCE_ID) set it is one instance of several on one PostgreSQL database and one
 * Redis (bench/peers/motebok-cluster.ts); BENCH_NO_USER skips creating the bench user (the other instances use the
 * first one's token, signed with the shared BENCH_AUTH_SECRET).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapSpaceStatistics } from 'node:v8';
import { pino } from 'pino';
import * as Y from 'yjs';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { limitHeapGrowth } from '../../server/ops/heap-growth.js';
import { createLiveMinutes } from '../../server/collab-wiring.js';
import { SqlDocumentStorage } from '../../collab/index.js';
import { gcHeap, serveIpc } from '../lib/child.js';
import { startAllocSampling, stopAllocSampling } from '../lib/alloc-sampling.js';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is not set');
const config = loadConfig({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATABASE_URL: databaseUrl,
  SEED_EXAMPLE: 'true',
  LOG_LEVEL: 'warn',
  ...(process.env.BENCH_AUTH_SECRET ? { AUTH_SECRET: process.env.BENCH_AUTH_SECRET } : {}),
  ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
  ...(process.env.BENCH_INSTANCE_ID ? { INSTANCE_ID: process.env.BENCH_INSTANCE_ID } : {}),
  ...(process.env.SQLITE_CHECKPOINT ? { SQLITE_CHECKPOINT: process.env.SQLITE_CHECKPOINT } : {}),
});
// As main.ts does: the heap grows to at most (1 + HEAP_GROWING_PERCENT/100) × what is live between full collections.
limitHeapGrowth(config.heapGrowingPercent);
const log = pino({ level: 'warn' });
const app = await createApp(config, { log });
const url = await app.start();
// The bench's "search index off" peer: this process stops indexing (issue 14: typing must not be slowed by it).
if (process.env.BENCH_SEARCH_INDEX === 'off') await app.search.close();

// Authentication is being added: when this checkout has a token service, sign in as an admin bench user.
let token: string | null = null;
const tokens = (app as unknown as { tokens?: { issue(userId: string): Promise<string> } }).tokens;
if (tokens && !process.env.BENCH_NO_USER) {
  const { createUser } = await import('../../server/services/users.js');
  const user = await createUser(app.orm.em.fork(), { name: 'bench', isAdmin: true });
  token = await tokens.issue(user.id);
}

let collabUrl: string | null = null;
let graceLive: ReturnType<typeof createLiveMinutes> | null = null;
let graceServer: Server | null = null;
const graceMs = process.env.BENCH_UNLOAD_GRACE_MS ? Number(process.env.BENCH_UNLOAD_GRACE_MS) : null;
if (graceMs !== null) {
  // Authentication is being added: createLiveMinutes(orm, events, log, viewerOf, options) in newer trees,
  // createLiveMinutes(orm, events, log, options) before. Build the same viewerOf as createApp when it is asked for.
  const build = createLiveMinutes as unknown as (...a: unknown[]) => ReturnType<typeof createLiveMinutes>;
  if (createLiveMinutes.length >= 4) {
    const { viewerFromToken } = await import('../../server/auth/viewer.js');
    const a = app as unknown as { tokens: never; config: { auth: Record<string, unknown> } };
    const viewerOf = (t: string | null) =>
      (viewerFromToken as unknown as (...x: unknown[]) => Promise<unknown>)(app.orm.em.fork(), a.tokens, t, a.config.auth.publishDraftMinutes);
    graceLive = build(app.orm, app.events, log, viewerOf, { unloadGraceMs: graceMs });
  } else {
    graceLive = build(app.orm, app.events, log, { unloadGraceMs: graceMs });
  }
  graceServer = createServer((_req, res) => res.writeHead(404).end());
  graceServer.on('upgrade', (req, socket, head) => graceLive!.collab.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => graceServer!.listen(0, '127.0.0.1', () => r()));
  collabUrl = `ws://127.0.0.1:${(graceServer.address() as AddressInfo).port}/collab`;
}

const store = new SqlDocumentStorage(app.orm);

serveIpc({
  heap: () => gcHeap(),
  /** process.memoryUsage() and the used size of each V8 heap space, without forcing a gc. */
  memory: () => ({ ...process.memoryUsage(), spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size])) }),
  sqlStatements: () => app.sqlStats.statements,
  /** CPU milliseconds this process has used (user + system): per-request cost that the machine's load does not inflate much. */
  cpuMs: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  /** Allocation sampling (bench/lib/alloc-sampling.ts): bytes allocated between the two calls, and by whom. */
  allocStart: () => startAllocSampling(),
  allocStop: (top?: number) => stopAllocSampling(top),
  flush: async () => {
    await app.live.collab.flush();
    return true;
  },
  /** Waits until the search index holds every change so far (the archive bench). */
  searchFlush: async () => {
    await app.search.flush();
    return true;
  },
  collabStats: () => ({ main: app.live.collab.stats(), grace: graceLive?.collab.stats() ?? null }),
  /** What the database holds for a document (snapshot + log), read with a fresh EntityManager: state vector and text. */
  storedState: async ({ docName, itemId }: { docName: string; itemId: string }) => {
    await app.live.collab.flush();
    const loaded = await store.load(docName);
    const doc = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot.state);
    for (const u of loaded.updates) Y.applyUpdate(doc, u.data);
    const item = doc.getMap('items').get(itemId) as Y.Map<unknown> | undefined;
    const text = item?.get('decision');
    const sv = Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
    const out = { sv, text: text instanceof Y.Text ? text.toString() : null, logRows: loaded.updates.length };
    doc.destroy();
    return out;
  },
});

process.on('SIGTERM', () => {
  void (async () => {
    try {
      if (graceLive) await graceLive.close();
      graceServer?.close();
      await app.stop();
    } finally {
      process.exit(0);
    }
  })();
});

process.send!({ type: 'ready', url, token, collabUrl });

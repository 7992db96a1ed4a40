/**
 * `npm run build && npm run soak -- --minutes N [--editors 200] [--documents 50] [--subscribers 100] [--readers 10] [--rate 1]`
 *
 * The server as `npm start` runs it (the bundle with the start script's node options, a child process,
 * NODE_ENV=production, embedded SQLite) under a steady mixed load:
 * editors typing into the live referat (each into its own field, `rate` keystrokes a second), GraphQL subscribers
 * and readers. Halfway through, the server is stopped (SIGTERM) and started again while everybody keeps working.
 * At the end, a fresh client reads every document: every keystroke must be there (lost updates). Memory comes
 * from the server's own /metrics (METRICS_PORT). Prints the figures and writes bench/SOAK.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getMinutesText, minutesDocName } from '../schema/ydoc-layout.js';
import { freePort, ROOT, startChild, type Child } from './lib/child.js';
import { BUILT_ENTRY, builtServerEnv, requireBuild, startNodeArgs } from './scenarios/memory-built.js';
import { bearerWebSocket } from '../test/helpers/bearer-socket.js';
import { gqlAt, mapLimit } from './lib/gql.js';
import { ADD_ITEM, BODY_ID, CREATE_MEETING, DECISION_UPDATED } from './lib/queries.js';
import { charsPerMin, heapFloor, slopeMbPerMin, warm, type SoakSample } from './lib/soak-stats.js';
import { sleep } from './lib/stats.js';

process.setMaxListeners(0); // every y-websocket provider adds an exit listener
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MINUTES = arg('minutes', 10);
const EDITORS = arg('editors', 200);
const DOCUMENTS = arg('documents', 50);
const SUBSCRIBERS = arg('subscribers', 100);
const READERS = arg('readers', 10);
const RATE = arg('rate', 1);
/**
 * With `--max-field-chars N` each editor empties its field once it holds N characters and types on: the documents
 * stay bounded, so what the server's memory does is seen net of the documents' own growth (0: they grow throughout).
 */
const MAX_FIELD_CHARS = arg('max-field-chars', 0);
/** Extra node flags for the server process (e.g. `--server-node-args "--trace-gc --heapsnapshot-signal=SIGUSR2"`). */
const SERVER_NODE_ARGS = (() => {
  const i = args.indexOf('--server-node-args');
  return i >= 0 ? args[i + 1]!.split(/\s+/).filter(Boolean) : [];
})();
/**
 * Heap snapshots of the server at these seconds after the typing starts (`--heap-snapshots 60,390`), for comparing
 * what the live heap holds over time: the server is started with `--heapsnapshot-signal=SIGUSR2` and sent SIGUSR2;
 * V8 writes Heap.*.heapsnapshot into the server's working directory (the repository root). Compare two with
 * `npx tsx bench/heap-diff.ts A B`.
 */
const HEAP_SNAPSHOTS = (() => {
  const i = args.indexOf('--heap-snapshots');
  return i >= 0 ? args[i + 1]!.split(',').map(Number) : [];
})();
if (HEAP_SNAPSHOTS.length && !SERVER_NODE_ARGS.some((a) => a.startsWith('--heapsnapshot-signal'))) SERVER_NODE_ARGS.push('--heapsnapshot-signal=SIGUSR2');
/** Where the report goes (default bench/SOAK.md). */
const OUT = (() => {
  const i = args.indexOf('--out');
  return i >= 0 ? args[i + 1]! : join('bench', 'SOAK.md');
})();
const FIELDS_PER_DOC = Math.ceil(EDITORS / DOCUMENTS);
const t0 = Date.now();
const loadAtStart = loadavg()[0]!;
const say = (m: string) => console.log(`[soak ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${m}`);

const dir = mkdtempSync(join(tmpdir(), 'motebok-soak-'));
const port = await freePort();
const metricsPort = await freePort();
const url = `http://127.0.0.1:${port}`;
requireBuild();
const env = { ...builtServerEnv(join(dir, 'soak.sqlite'), port, 'soak-'.repeat(10)), METRICS_PORT: String(metricsPort) };
const serverCommand = [...startNodeArgs(), ...SERVER_NODE_ARGS, BUILT_ENTRY];

let server!: Child;
// A soak that fails (a thrown error) must not leave its server running: the server's stdout reader is gone then, and
// it was seen not to stop on SIGTERM (its synchronous log writes wait for a reader; PROFILE-NOTES "soak2").
process.on('exit', () => {
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
let adminToken = '';
async function startServer(): Promise<number> {
  const started = Date.now();
  server = startChild(serverCommand, env);
  for (;;) {
    if (server.proc.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(100);
  }
  // The token line follows the start-up line (the server answers /readyz as soon as it listens).
  for (let i = 0; i < 50 && !/"adminToken":"([^"]+)"/.test(server.output()); i++) await sleep(20);
  adminToken = /"adminToken":"([^"]+)"/.exec(server.output())?.[1] ?? adminToken;
  return Date.now() - started;
}

const counts = { typedChars: 0, resets: 0, keystrokes: 0, events: 0, reads: 0, readErrors: 0, readRefusedDuringRestart: 0, wsErrors: 0, subscriptionErrors: 0 };
let restarting = false;
/** Every error outside the restart window, with when it came (the report lists the first ones). */
const errorLog: string[] = [];
const noteError = (kind: string, what: string) => {
  const line = `${((Date.now() - t0) / 1000).toFixed(1)} s, ${kind}: ${what.slice(0, 300)}`;
  if (errorLog.push(line) <= 20) say(`error: ${line}`);
};
/** An error's message with its cause's code (undici's fetch says only "fetch failed"; the cause says why). */
const describe = (err: unknown): string => {
  if (Array.isArray(err)) return err.map(describe).join('; ');
  if (err && typeof err === 'object' && 'code' in err && 'reason' in err) return `closed ${String(err.code)} ${String(err.reason)}`;
  if (!(err instanceof Error)) return typeof err === 'object' ? JSON.stringify(err) : String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return `${err.name}: ${err.message}${cause ? ` (cause: ${cause.code ?? ''} ${cause.message ?? ''})` : ''}`;
};
const samples: SoakSample[] = [];

const firstStart = await startServer();
say(`server up in ${firstStart} ms on ${url}`);
const gql = gqlAt(url, adminToken);
const bodyId = (await gql.ok<{ body: { id: string } }>(BODY_ID, { slug: 'radmannsgruppen' })).body.id;
const meetings = await mapLimit(Array.from({ length: DOCUMENTS }, (_, i) => i), 4, async (i) => {
  const { createMeeting } = await gql.ok<{ createMeeting: { id: string } }>(CREATE_MEETING, {
    input: { bodyId, startsAt: new Date(Date.UTC(2031, 0, 1 + i, 9)).toISOString(), approvePreviousMinutes: false },
  });
  const items: string[] = [];
  for (let k = 0; k < FIELDS_PER_DOC; k++) {
    items.push((await gql.ok<{ addAgendaItem: { id: string } }>(ADD_ITEM, { input: { meetingId: createMeeting.id, title: `Sak ${k + 1}` } })).addAgendaItem.id);
  }
  return { id: createMeeting.id, items };
});
say(`${DOCUMENTS} meetings with ${FIELDS_PER_DOC} items each`);

interface Editor {
  id: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
  meetingId: string;
  itemId: string;
  typed: string[];
  /** Chunks typed before the last reset (--max-field-chars), so that every chunk stays unique. */
  sent: number;
}
const editors: Editor[] = Array.from({ length: EDITORS }, (_, id) => {
  const m = meetings[id % DOCUMENTS]!;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/collab`, minutesDocName(m.id), doc, {
    WebSocketPolyfill: bearerWebSocket(adminToken),
    disableBc: true,
    maxBackoffTime: 1000,
  });
  provider.on('connection-error', (event: Event) => {
    if (restarting) return;
    counts.wsErrors++;
    noteError('websocket', `editor ${id}: ${(event as ErrorEvent).message ?? event.type}`);
  });
  return { id, doc, provider, meetingId: m.id, itemId: m.items[Math.floor(id / DOCUMENTS) % FIELDS_PER_DOC]!, typed: [], sent: 0 };
});
const subscribers: Client[] = Array.from({ length: SUBSCRIBERS }, (_, i) => {
  const client = createClient({ url: `${url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { token: adminToken }, retryAttempts: 1e9, retryWait: () => sleep(500), shouldRetry: () => true, lazy: false });
  client.subscribe({ query: DECISION_UPDATED, variables: { id: meetings[i % DOCUMENTS]!.id } }, {
    next: () => void counts.events++,
    error: (err) => {
      counts.subscriptionErrors++;
      noteError('subscription', describe(err));
    },
    complete: () => undefined,
  });
  return client;
});
for (let i = 0; i < 600 && !editors.every((e) => e.provider.synced && getMinutesText(e.doc, e.itemId, 'decision')); i++) await sleep(100);
say(`${EDITORS} editors synced, ${SUBSCRIBERS} subscribers, ${READERS} readers`);

let running = true;
for (const at of HEAP_SNAPSHOTS) {
  setTimeout(() => {
    if (!running || restarting) return;
    say(`heap snapshot of the server (pid ${server.proc.pid}), ${at} s after the typing started; ${counts.keystrokes} keystrokes, ${counts.typedChars} characters typed`);
    server.proc.kill('SIGUSR2');
  }, at * 1000).unref();
}
const typing = editors.map(async (e) => {
  await sleep(Math.random() * 1000);
  while (running) {
    const text = getMinutesText(e.doc, e.itemId, 'decision');
    if (text) {
      if (MAX_FIELD_CHARS > 0 && text.length >= MAX_FIELD_CHARS) {
        counts.typedChars -= text.length;
        counts.resets++;
        text.delete(0, text.length); // only this editor types into this field: what stays is what follows
        e.sent += e.typed.length;
        e.typed = [];
      }
      const chunk = `${e.id}.${e.sent + e.typed.length};`;
      text.insert(text.length, chunk);
      e.typed.push(chunk);
      counts.keystrokes++;
      counts.typedChars += chunk.length;
    }
    await sleep((1000 / RATE) * (0.5 + Math.random()));
  }
});
const reading = Array.from({ length: READERS }, async () => {
  while (running) {
    const m = meetings[Math.floor(Math.random() * DOCUMENTS)]!;
    try {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query: `query ($id: ID!) { meeting(id: $id) { agendaItems { number decision { text } } } }`, variables: { id: m.id } }),
      });
      const body = await res.text();
      const r = (() => {
        try {
          return JSON.parse(body) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> };
        } catch {
          return { errors: [{ message: `not JSON: ${body.slice(0, 120)}` }] };
        }
      })();
      if (!res.ok || r.errors?.length) {
        counts.readErrors++;
        const e = r.errors?.[0];
        noteError('read', `HTTP ${res.status}${e ? `: ${e.extensions?.code ?? ''} ${e.message ?? ''}` : ''}`);
      } else counts.reads++;
    } catch (err) {
      if (restarting) counts.readRefusedDuringRestart++;
      else {
        counts.readErrors++;
        noteError('read', describe(err));
      }
    }
    await sleep(500);
  }
});

let phase: 1 | 2 = 1;
const sampling = (async () => {
  while (running) {
    const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text(), () => '');
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const space = (name: string, what = 'used') => Number(new RegExp(`^motebok_nodejs_heap_space_size_${what}_bytes\\{space="${name}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    if (text) {
      samples.push({
        t: (Date.now() - t0) / 1000,
        phase,
        rss: value('motebok_process_resident_memory_bytes'),
        heap: value('motebok_nodejs_heap_size_used_bytes'),
        heapTotal: value('motebok_nodejs_heap_size_total_bytes'),
        external: value('motebok_nodejs_external_memory_bytes'),
        oldSpace: space('old'),
        largeObjects: space('large_object'),
        newSpaceTotal: space('new', 'total'),
        oldSpaceTotal: space('old', 'total'),
        typedChars: counts.typedChars,
      });
    }
    await sleep(5000);
  }
})();

const half = (MINUTES * 60_000) / 2;
await sleep(half);
say('restarting the server (SIGTERM, then a new process on the same port and database)');
restarting = true;
const stopAt = Date.now();
server.proc.kill('SIGTERM');
await new Promise((r) => server.proc.once('exit', r));
const exitCode = server.proc.exitCode;
// What the stopping server said (warnings and errors, and its shutdown lines).
const stopLog = server
  .output()
  .split('\n')
  .filter((l) => /"level":(40|50|60)|shut|stopp|drained/.test(l))
  .map((l) => {
    try {
      const { level, time, msg, err, pid: _pid, hostname: _host, ...rest } = JSON.parse(l) as { level: number; time: number; msg: string; err?: { message?: string }; pid?: number; hostname?: string };
      const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      return `${new Date(time).toISOString().slice(11, 23)} level ${level}: ${msg}${fields}${err?.message ? ` (${err.message.slice(0, 120)})` : ''}`;
    } catch {
      return l.slice(0, 200);
    }
  })
  .slice(-20)
  .sort((a, b) => a.slice(0, 12).localeCompare(b.slice(0, 12))); // by time (stable): pino's lines can come out of order
phase = 2;
await startServer();
const downtime = Date.now() - stopAt;
setTimeout(() => (restarting = false), 3000); // clients reconnect with backoff
say(`restarted: exit code ${exitCode}, ${downtime} ms without a server`);
await sleep(half);

running = false;
await Promise.all([...typing, ...reading, sampling]);
say('stopped; waiting for every editor to be synced');
for (let i = 0; i < 300 && !editors.every((e) => e.provider.synced && e.provider.wsconnected); i++) await sleep(100);
await sleep(3000);

// A fresh client per document: every chunk each editor typed must be in its field, in order.
let lost = 0;
for (const m of meetings) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(`${url.replace('http', 'ws')}/collab`, minutesDocName(m.id), doc, {
    WebSocketPolyfill: bearerWebSocket(adminToken),
    disableBc: true,
  });
  for (let i = 0; i < 200 && !p.synced; i++) await sleep(50);
  for (const e of editors.filter((x) => x.meetingId === m.id)) {
    const stored = getMinutesText(doc, e.itemId, 'decision')?.toString() ?? '';
    for (const chunk of e.typed) if (!stored.includes(chunk)) lost++;
  }
  p.destroy();
  doc.destroy();
}

const rss = (p: SoakSample) => p.rss;
const heapUsed = (p: SoakSample) => p.heap;
const slope1 = slopeMbPerMin(warm(samples, 1), rss);
const slope2 = slopeMbPerMin(warm(samples, 2), rss);
const floor1 = slopeMbPerMin(heapFloor(warm(samples, 1)), heapUsed);
const floor2 = slopeMbPerMin(heapFloor(warm(samples, 2)), heapUsed);
/** The same over each server's second half: a fresh process's heap takes minutes to settle (PROFILE-NOTES "soak"). */
const late1 = slopeMbPerMin(warm(samples, 1, 1 / 2), rss);
const late2 = slopeMbPerMin(warm(samples, 2, 1 / 2), rss);
const heapTotal1 = slopeMbPerMin(warm(samples, 1), (p: SoakSample) => p.heapTotal);
const heapTotal2 = slopeMbPerMin(warm(samples, 2), (p: SoakSample) => p.heapTotal);
const chars1 = charsPerMin(warm(samples, 1));
const chars2 = charsPerMin(warm(samples, 2));
/** Live heap (floor) per character the documents grew by: ≈ constant when the growth is the documents' own. */
const perChar = (slope: number, chars: number) => (chars > 0 ? ((slope * 1024 * 1024) / chars).toFixed(1) : 'n/a');
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const errors = counts.readErrors + counts.wsErrors + counts.subscriptionErrors;

for (const e of editors) e.provider.destroy();
for (const s of subscribers) await s.dispose();
server.proc.kill('SIGTERM');
await new Promise((r) => server.proc.once('exit', r));
rmSync(dir, { recursive: true, force: true });

const lines = [
  '# Soak',
  '',
  `\`npm run soak -- --minutes ${MINUTES}${MAX_FIELD_CHARS ? ` --max-field-chars ${MAX_FIELD_CHARS}` : ''}\` on ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString().slice(0, 16)} UTC.`,
  `Load: ${EDITORS} editors over ${DOCUMENTS} documents (${RATE} keystroke/s each, each into its own field), ${SUBSCRIBERS} GraphQL`,
  `subscribers (decisionUpdated), ${READERS} GraphQL readers (one query every 0.5 s each); the server (embedded SQLite,`,
  `NODE_ENV=production) stopped with SIGTERM and started again halfway. Load average (1 min) at start / end:`,
  `${loadAtStart.toFixed(1)} / ${loadavg()[0]!.toFixed(1)}; the load generator runs on the same machine.`,
  '',
  ...(MINUTES < 10
    ? [`A run of ${MINUTES} min gives each server ${(MINUTES / 2).toFixed(1)} min, mostly warm-up and a few GC cycles: the RSS slope below is`, 'the saw-tooth of the heap, not a trend. The < 1 MB/min goal needs `--minutes 10` or more.', '']
    : []),
  '| Figure | Value | Goal |',
  '| --- | --- | --- |',
  `| Keystrokes typed | ${counts.keystrokes} | |`,
  `| Lost updates (typed, not in the server's document at the end) | ${lost} | 0 |`,
  `| Errors (reads, websockets, subscriptions; outside the restart) | ${errors} (${counts.readErrors} / ${counts.wsErrors} / ${counts.subscriptionErrors}) | 0 |`,
  `| Reads answered / refused while restarting | ${counts.reads} / ${counts.readRefusedDuringRestart} | |`,
  `| Subscription events received | ${counts.events} | |`,
  `| Restart: exit code, time without a server | ${exitCode}, ${downtime} ms | 0 |`,
  `| RSS slope after warm-up, before / after the restart | ${slope1.toFixed(2)} / ${slope2.toFixed(2)} MB/min | < 1 MB/min |`,
  `| RSS first / last sample | ${mb(samples[0]?.rss ?? NaN)} / ${mb(samples.at(-1)?.rss ?? NaN)} MB | |`,
  `| RSS slope over each server's second half, before / after the restart | ${late1.toFixed(2)} / ${late2.toFixed(2)} MB/min | < 1 MB/min |`,
  `| Heap total slope after warm-up, before / after the restart | ${heapTotal1.toFixed(2)} / ${heapTotal2.toFixed(2)} MB/min | |`,
  `| Live heap (lowest heap used per minute) slope after warm-up, before / after | ${floor1.toFixed(2)} / ${floor2.toFixed(2)} MB/min | |`,
  ...(MAX_FIELD_CHARS
    ? [`| Documents' size | bounded: each field emptied at ${MAX_FIELD_CHARS} characters (${counts.resets} times) | |`]
    : [
      `| Documents' growth after warm-up (characters typed), before / after | ${chars1.toFixed(0)} / ${chars2.toFixed(0)} chars/min | |`,
      `| Live heap growth per character the documents grew by, before / after | ${perChar(floor1, chars1)} / ${perChar(floor2, chars2)} bytes | |`,
    ]),
  '',
  ...(errorLog.length ? ['Errors outside the restart window (time since the soak started; the first 20):', '', '```', ...errorLog.slice(0, 20), '```', ''] : []),
  'What the first server logged while stopping (warnings, errors and its shutdown lines):',
  '',
  '```',
  ...stopLog,
  '```',
  '',
  'RSS and heap over time (MB, from the server\'s /metrics):',
  '',
  '| t (s) | server | RSS | heap used | heap total | new space total | old space used / total | large objects | external | chars typed |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...samples.map(
    (s) =>
      `| ${s.t.toFixed(0)} | ${s.phase === 1 ? 'first' : 'after restart'} | ${mb(s.rss)} | ${mb(s.heap)} | ${mb(s.heapTotal)} | ${mb(s.newSpaceTotal)} | ${mb(s.oldSpace)} / ${mb(s.oldSpaceTotal)} | ${mb(s.largeObjects)} | ${mb(s.external)} | ${s.typedChars} |`,
  ),
  '',
];
writeFileSync(resolve(ROOT, OUT), lines.join('\n'));
say(`keystrokes ${counts.keystrokes}, lost ${lost}, errors ${errors}, RSS slope ${slope1.toFixed(2)} / ${slope2.toFixed(2)} MB/min, live heap ${floor1.toFixed(2)} / ${floor2.toFixed(2)} MB/min; ${OUT} written`);
process.exit(lost === 0 && errors === 0 ? 0 : 1);

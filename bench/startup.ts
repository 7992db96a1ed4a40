/**
 * `npm run bench:startup [-- --runs N] [-- --profile]` (after `npm run build`): time from spawning the production
 * server (`node dist/bundle/main.js` as `npm start` runs it, NODE_ENV=production) to the first 200 from /readyz, on an
 * existing database.
 *
 * One SQLite file is seeded by a first start (not counted). Then, per run:
 * - cold: start, poll /readyz every 5 ms until it answers 200, stop with SIGTERM (a clean shutdown);
 * - after SIGKILL: start, wait for ready, write through GraphQL and type into a live referat (so the log has updates
 *   not yet in a snapshot), SIGKILL the process, start again and time that start to ready.
 * With --profile each start runs under `node --cpu-prof` into bench/profiles/ (summarise with profile-summary.ts);
 * `--root DIR` runs another checkout's build (e.g. the previous commit's, for a before/after in the same minutes);
 * `--entry PATH` (relative to the root) another entry point, e.g. `dist/server/main.js` (tsc's output, unbundled).
 * The server's own start-up phases (from its "ready" log line) are printed beside the wall-clock figure, with whether
 * the bundle ran from V8's code cache (`codeCache`: used; missing or rejected: compiled, then written once ready —
 * the first start after `npm run build`, the seeding one here, writes it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, ROOT } from './lib/child.js';
import { connectEditor } from './lib/clients.js';
import { gqlAt } from './lib/gql.js';
import { SEED_MEETINGS, SET_TEXT } from './lib/queries.js';
import { BUILT_ENTRY, builtServerEnv, startNodeArgs } from './scenarios/memory-built.js';
import { fmt, percentile, sleep } from './lib/stats.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 5;
const profile = args.includes('--profile');
/** `--log`: print the server's own log lines up to ready (e.g. what a start after SIGKILL did before it was ready). */
const showLog = args.includes('--log');
const root = args.includes('--root') ? args[args.indexOf('--root') + 1]! : ROOT;
/** What `npm start` runs: the bundle (build/bundle.mjs); `--entry dist/server/main.js` times tsc's output unbundled. */
const entry = args.includes('--entry') ? args[args.indexOf('--entry') + 1]! : BUILT_ENTRY;
const MAIN = join(root, entry);
if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
if (profile) mkdirSync(join(ROOT, 'bench/profiles'), { recursive: true });

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const secret = randomBytes(24).toString('hex');

interface Started {
  proc: ChildProcess;
  url: string;
  /** Spawn → first 200 from /readyz. */
  readyMs: number;
  /** CPU time (user + system) the process had used when it was ready: far less sensitive than readyMs to the load. */
  cpuMs: number;
  /** The server's own phases (ms), from its start-up log line, and whether it ran from V8's code cache. */
  phases: Record<string, number | string> | null;
  /** The example secretary's token (logged by the embedded default). */
  token: string | null;
  exited: Promise<void>;
}

async function start(port: number, tag: string): Promise<Started> {
  const env = builtServerEnv(join(dir, 'motebok.sqlite'), port, secret);

  const nodeArgs = [
    // The bundle as `npm start` runs it (its node options), tsc's output plain.
    ...(entry === BUILT_ENTRY ? startNodeArgs() : []),
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/profiles')}`, `--cpu-prof-name=startup-${tag}-${Date.now()}.cpuprofile`] : []),
  ];
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...nodeArgs, MAIN], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${out.slice(-2000)}`);
    if (i > 6000) throw new Error(`not ready after 30 s:\n${out.slice(-2000)}`);
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
    if (ok) break;
    await sleep(5);
  }
  const readyMs = performance.now() - t0;
  await sleep(50); // the log line is written just before listening
  const line = out.split('\n').find((l) => l.includes('"startupMs"'));
  const parsed = line ? JSON.parse(line) : null;
  const phases = parsed
    ? { ...(parsed.startupMs as Record<string, number>), cpu: parsed.startupCpuMs as number, ...(parsed.codeCache ? { codeCache: parsed.codeCache as string } : {}) }
    : null;
  const cpuMs = await processCpuMs(proc.pid!);
  const tokens = out.split('\n').find((l) => l.includes('"secretaryToken"'));
  const token = tokens ? (JSON.parse(tokens).secretaryToken as string) : null;
  if (showLog) {
    for (const l of out.split('\n')) if (l.startsWith('{') && !/"(startupMs|secretaryToken|graphql)"/.test(l)) console.log(`  [${tag}] ${l.slice(0, 300)}`);
  }
  return { proc, url, readyMs, cpuMs, phases, token, exited };
}

/** CPU time of a process so far, from /proc (Linux; clock ticks of 10 ms). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) * 10;
}

async function stop(s: Started, signal: NodeJS.Signals): Promise<void> {
  s.proc.kill(signal);
  await Promise.race([s.exited, sleep(15_000)]);
}

/** Writes that leave work for the next start: a GraphQL mutation, and typing into a live referat not yet compacted. */
async function leaveWork(s: Started): Promise<void> {
  const gql = gqlAt(s.url, s.token);
  const seed = (await gql.ok(SEED_MEETINGS)).meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14'));
  const itemId = seed.agendaItems[0].id as string;
  await gql.ok(SET_TEXT, { v: { target: { agendaItemId: itemId }, field: 'NOTES', text: `Notat ${Date.now()}` } });
  const docName = `minutes:${seed.id}`;
  const peer = { wire: 'y-websocket', wsUrl: `${s.url.replace(/^http/, 'ws')}/collab`, token: s.token, textPath: { kind: 'minutes', itemIdByDoc: { [docName]: itemId } } };
  const editor = connectEditor(peer as never, docName);
  for (let i = 0; i < 400 && !editor.text(); i++) await sleep(25);
  const text = editor.text();
  if (!text) throw new Error('the live referat did not sync');
  for (let i = 0; i < 100; i++) {
    text.insert(text.length, 'x');
    await sleep(2);
  }
  await sleep(300); // stored before broadcast: give the last updates time to reach the log
  editor.destroy();
}

function summary(name: string, xs: number[]): string {
  return `${name}: p50 ${fmt(percentile(xs, 50))} ms, max ${fmt(Math.max(...xs))} ms (${xs.map((x) => fmt(x)).join(', ')})`;
}

async function main() {
  const port = await freePort();
  console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${runs} runs of ${MAIN}${profile ? ' with --cpu-prof' : ''}`);
  const first = await start(port, 'seed');
  console.log(`first start (migrate + seed an empty database): ${fmt(first.readyMs)} ms`);
  await stop(first, 'SIGTERM');
  const cold: number[] = [];
  const afterKill: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const s = await start(port, 'cold');
    cold.push(s.readyMs);
    cpu.push(s.cpuMs);
    console.log(`run ${r + 1} cold: ${fmt(s.readyMs)} ms (CPU ${s.cpuMs} ms) ${s.phases ? JSON.stringify(s.phases) : ''}`);
    await stop(s, 'SIGTERM');
    const w = await start(port, 'before-kill');
    await leaveWork(w);
    await stop(w, 'SIGKILL');
    const k = await start(port, 'after-kill');
    afterKill.push(k.readyMs);
    cpu.push(k.cpuMs);
    console.log(`run ${r + 1} after SIGKILL: ${fmt(k.readyMs)} ms (CPU ${k.cpuMs} ms) ${k.phases ? JSON.stringify(k.phases) : ''}`);
    await stop(k, 'SIGTERM');
  }
  console.log(summary('cold start → /readyz', cold));
  console.log(summary('SIGKILL → start → /readyz', afterKill));
  console.log(summary('CPU time of the process when ready (all starts)', cpu));
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));

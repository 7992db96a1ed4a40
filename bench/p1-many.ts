/**
 * P1's many-document case alone (issue 17 target 1: 200 documents × 5 clients, p99 against y-websocket with
 * LevelDB), with the motebok child's event loop watched (bench/lib/loop-monitor.mjs): loop delay, blocks with the
 * CPU used in them, GC, group commits and "oldest update → durable". The peers run alternately, round by round in
 * reversed order, so a comparison shares the machine's minutes.
 *
 *   npm run bench:many -- [--docs 200] [--clients 5] [--seconds 3] [--rounds 3] [--pg] [--no-ldb]
 *                         [--trees /path/to/checkout:label,…] [--alloc [TOP]]
 *
 * --trees starts motebok from other checkouts too (each with its node_modules), e.g. the commit before a change, for
 * an A/B in the same minutes; the default is this checkout alone. Round 0 includes each server's warm-up (JIT):
 * compare from round 1. Per-window JSON goes to bench/profiles/out/ (git-ignored).
 *
 * "preempted": the server's main thread's involuntary context switches per typed update over the same window.
 *
 * --alloc: each motebok child samples its allocations over the typing window (V8's sampling heap profiler, freed
 * objects included; bench/lib/alloc-sampling.ts) and the line gets bytes per typed update; with TOP, the last
 * round prints each tree's TOP allocation sites. The sampling costs CPU itself: take CPU and GC figures without it.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { mainThreadPreemptions, ROOT } from './lib/child.js';
import type { MotebokPeer } from './peers/motebok.js';
import type { Peer } from './peers/types.js';
import { startYWebsocket } from './peers/ywebsocket.js';
import { runP1 } from './scenarios/p1.js';

EventEmitter.defaultMaxListeners = 50; // 1 000 clients in one process
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const docs = Number(arg('docs', '200'));
const clients = Number(arg('clients', '5'));
const seconds = Number(arg('seconds', '3'));
const rounds = Number(arg('rounds', '3'));
const db = process.argv.includes('--pg') ? 'postgresql' : 'sqlite';
const alloc = process.argv.includes('--alloc');
process.setMaxListeners(docs * clients + 50); // each stock provider listens for the process's exit
const allocTop = alloc ? Number(arg('alloc', '0')) || 0 : 0;
const here = ROOT.replace(/\/$/, '');
const trees = arg('trees', `${here}:motebok`).split(',').map((t) => {
  const [root, label] = t.split(':');
  return { root: root!.replace(/\/$/, ''), label: label ?? root! };
});
const outDir = `${here}/bench/profiles/out`;
mkdirSync(outDir, { recursive: true });
const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');

interface Watched {
  peer: Peer;
  label: string;
  motebok?: MotebokPeer;
  /** motebok: opens and closes the loop monitor's window; resolves with it. */
  window?: { start(label: string): void; stop(): Promise<LoopWindow> };
}
interface LoopWindow {
  summary: Record<string, number>;
}

const peers: Watched[] = [];
try {
  if (!process.argv.includes('--no-ldb')) peers.push({ peer: await startYWebsocket({ persistence: true, docs: docs * rounds }), label: 'ldb' });
  for (const t of trees) {
    const { startMotebok } = (await import(`${t.root}/bench/peers/motebok.ts`)) as typeof import('./peers/motebok.js');
    // This checkout's monitor for every tree (an older one has none), hooking that tree's collab metrics.
    const monitor = `file://${here}/bench/lib/loop-monitor.mjs?out=${outDir}/many-${stamp}-${t.label}.json&root=file://${t.root}/`;
    const m: MotebokPeer = await startMotebok({ db, docs, nodeArgs: ['--import', monitor] });
    const proc = m.child.proc;
    peers.push({
      peer: m,
      label: t.label,
      motebok: m,
      window: {
        start: (label) => proc.send({ type: 'loopmon', what: 'start', label }),
        stop: () =>
          new Promise((resolve) => {
            const onMessage = (msg: { type?: string; window?: LoopWindow }) => {
              if (msg?.type !== 'loopmon-stopped') return;
              proc.off('message', onMessage);
              resolve(msg.window!);
            };
            proc.on('message', onMessage);
            proc.send({ type: 'loopmon', what: 'stop' });
          }),
      },
    });
  }
  console.log(`P1 ${docs} docs × ${clients} clients, ${seconds} s, ${db}; ${rounds} rounds × [${peers.map((p) => p.label).join(', ')}]`);
  const rows: unknown[] = [];
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  for (let r = 0; r < rounds; r++) {
    for (const p of r % 2 ? [...peers].reverse() : peers) {
      const docNames = p.peer.textPath.kind === 'root' ? p.peer.manyDocs.slice(r * docs, (r + 1) * docs) : p.peer.manyDocs.slice(0, docs);
      const load = loadavg()[0]!;
      // runP1 reads cpuMs just before the first keystroke and after the last arrival: the monitor's window is that span.
      let reads = 0;
      let preempted = Number.NaN;
      let stopped: Promise<LoopWindow> | null = null;
      type Sampled = { bytes: number; top: Array<[string, number]>; owners?: Array<[string, number]> };
      let sampled: Promise<Sampled> | null = null;
      const sampling = alloc && p.motebok ? p.motebok.child : null;
      const peer: Peer = {
        ...p.peer,
        cpuMs: () => {
          const v = p.peer.cpuMs();
          const switches = mainThreadPreemptions(p.peer.pid);
          preempted = reads === 0 ? switches : switches - preempted;
          if (reads === 0) p.window?.start(`r${r}`);
          if (reads === 0) void sampling?.request('allocStart');
          if (reads === 1 && p.window) stopped = p.window.stop();
          if (reads === 1 && sampling) sampled = sampling.request<Sampled>('allocStop', allocTop);
          reads++;
          return v;
        },
      };
      const res = await runP1(peer, { docs: docNames, clientsPerDoc: clients, seconds, cps: 20 });
      const w = stopped ? ((await stopped) as LoopWindow).summary : null;
      const a = sampled ? await (sampled as Promise<Sampled>) : null;
      const typed = docNames.length * Math.round(seconds * 20);
      console.log(
        `${new Date().toISOString().slice(11, 19)} r${r} ${p.label.padEnd(8)} load ${f(load, 2)}  p50 ${f(res.p50, 2)} p99 ${f(res.p99, 2)} ms  cpu ${f(res.cpuMsPer1000, 0)} ms/1k  preempted ${f(preempted / typed, 1)}/update` +
          `${res.converged ? '' : `  NOT CONVERGED ${res.note}`}` +
          (a ? `  alloc ${f(a.bytes / typed / 1024, 1)} KB/update` : '') +
          (w
            ? `  | loop delay p99 ${f(w.delayP99)} max ${f(w.delayMax)}; cpu blocks > 5 ms ${w.cpuBlocks} (${f(w.cpuBlockMs, 0)} ms, max ${f(w.cpuBlockMax)}); gc ${w.gcs}× ${f(w.gcMs, 0)} ms` +
              `; commits ${w.commits} (${f(w.commitMs, 0)} ms, ${f(w.docsPerCommit)} docs); oldest update → durable p50 ${f(w.appendP50, 0)} p99 ${f(w.appendP99, 0)} ms`
            : ''),
      );
      if (a && r === rounds - 1 && allocTop > 0) {
        for (const [site, bytes] of a.top) console.log(`    ${f(bytes / typed, 0).padStart(7)} B/update  ${site}`);
        if (a.owners) console.log('  by the innermost function of ours on the stack:');
        for (const [site, bytes] of a.owners ?? []) console.log(`    ${f(bytes / typed, 0).padStart(7)} B/update  ${site}`);
      }
      rows.push({ round: r, label: p.label, load, result: res, preemptedPerUpdate: preempted / typed, loop: w, alloc: a ? a.bytes / typed : null });
    }
  }
  writeFileSync(`${outDir}/many-${stamp}.json`, JSON.stringify(rows));
} finally {
  for (const p of peers) await p.peer.stop().catch((e) => console.error('stop failed:', e));
}

/**
 * `npx tsx bench/paste-profile.ts [--stall] [--runs N] [--node-args "…"] [--env K=V] [--after S] [--allocations PREFIX] [--keep]`: the memory bench's 5 MB paste
 * (memory.ts, runStalledReader) against the production build only, in a fresh process per run, with the server's
 * own memory breakdown (process.memoryUsage and V8's heap spaces every 25 ms, from a preloaded sampler) next to the
 * RSS the bench reads from /proc: where a paste's growth is (V8 heap, large objects, external, native).
 * Environment variables MALLOC_* reach the server (as in the memory bench), and so do those given with `--env K=V`.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './lib/stats.js';
import { startBuiltMotebok } from './scenarios/memory-built.js';
import { runStalledReader } from './scenarios/memory.js';

const argv = process.argv.slice(2);
const value = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const stall = argv.includes('--stall');
const runs = Number(value('--runs') ?? 3);
const nodeArgs = (value('--node-args') ?? '').split(/\s+/).filter(Boolean);
const pasteBytes = Number(value('--paste-mb') ?? 5) * 1024 * 1024;
const chunks = Number(value('--chunks') ?? 10);
/** `--env K=V` (repeatable): environment variables for the server. */
/** `--allocations PREFIX`: V8's sampled allocations during the paste (collected ones too) to PREFIX-<run>.heapprofile, summarised. */
const allocations = value('--allocations');
/** `--after S`: keep sampling S seconds past the bench's window and report the highest RSS there. */
const after = Number(value('--after') ?? 0);
const extraEnv = Object.fromEntries(argv.flatMap((a, i) => (a === '--env' ? [argv[i + 1]!.split(/=(.*)/s).slice(0, 2)] : [])));

const SAMPLER = `
const fs = require('node:fs');
const v8 = require('node:v8');
const fd = fs.openSync(process.env.PASTE_SAMPLES, 'w');
// SIGUSR2 starts V8's sampling heap profiler (every allocation, also those collected since), the next one writes it.
const { Session } = require('node:inspector');
let session = null;
process.on('SIGUSR2', () => {
  if (!session) {
    session = new Session();
    session.connect();
    session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return;
  }
  const s = session;
  session = null;
  s.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) fs.writeFileSync(process.env.PASTE_SAMPLES + '.heapprofile', JSON.stringify(result.profile));
    s.disconnect();
  });
});
setInterval(() => {
  const m = process.memoryUsage();
  const sp = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
  fs.writeSync(fd, JSON.stringify({ t: Date.now(), rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, lo: sp.large_object_space, old: sp.old_space }) + '\\n');
}, 25).unref();
`;
type Sample = { t: number; rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; lo: number; old: number };
const MB = (b: number) => (b / 1024 / 1024).toFixed(1);

const samplerFile = join(tmpdir(), `paste-sampler-${process.pid}.cjs`);
writeFileSync(samplerFile, SAMPLER);
try {
  for (let r = 0; r < runs; r++) {
    const samples = join(tmpdir(), `paste-samples-${process.pid}-${r}.jsonl`);
    const peer = await startBuiltMotebok({ nodeArgs: ['--require', samplerFile, ...nodeArgs], env: { ...extraEnv, PASTE_SAMPLES: samples } });
    try {
      const signal = () => process.kill(peer.pid!, 'SIGUSR2');
      const res = await runStalledReader(peer, { docName: peer.manyDocs[0]!, pasteBytes, chunks, stall, around: allocations ? { start: signal, end: signal } : undefined });
      // What the paste's later work costs (the text's store, the search index), past the bench's window.
      if (after > 0) await sleep(after * 1000);
      if (allocations) {
        await sleep(500);
        summariseAllocations(`${samples}.heapprofile`, `${allocations}-${r + 1}.heapprofile`);
      }
      const all: Sample[] = readFileSync(samples, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const before = all.filter((s) => s.t <= res.window.from).at(-1)!;
      const during = all.filter((s) => s.t >= res.window.from && s.t <= res.window.to);
      const peakOf = (k: keyof Sample) => Math.max(...during.map((s) => s[k]));
      const atPeak = during.reduce((a, b) => (b.rss > a.rss ? b : a));
      const nonHeap = (s: Sample) => s.rss - s.heapTotal;
      console.log(
        `run ${r + 1} (${stall ? 'one stalled' : 'all reading'}, load ${loadavg()[0]!.toFixed(1)}): /proc RSS +${MB(res.peakBytes - res.beforeBytes)} MB ` +
          `(${MB(res.beforeBytes)} → ${MB(res.peakBytes)}), ${res.stalledFate}, ${res.caughtUp ? 'caught up' : `NOT caught up ${res.note}`}; ` +
          `window ${res.window.to - res.window.from} ms`,
      );
      console.log(
        `   before: rss ${MB(before.rss)} heapTotal ${MB(before.heapTotal)} used ${MB(before.heapUsed)} lo ${MB(before.lo)} external ${MB(before.external)} ab ${MB(before.arrayBuffers)} rss−heapTotal ${MB(nonHeap(before))}`,
      );
      console.log(
        `   at RSS peak: rss ${MB(atPeak.rss)} heapTotal ${MB(atPeak.heapTotal)} used ${MB(atPeak.heapUsed)} lo ${MB(atPeak.lo)} external ${MB(atPeak.external)} ab ${MB(atPeak.arrayBuffers)} rss−heapTotal ${MB(nonHeap(atPeak))} (+${((atPeak.t - res.window.from) / 1000).toFixed(2)} s)`,
      );
      console.log(
        `   peaks: heapTotal ${MB(peakOf('heapTotal'))} used ${MB(peakOf('heapUsed'))} lo ${MB(peakOf('lo'))} external ${MB(peakOf('external'))} ab ${MB(peakOf('arrayBuffers'))} rss−heapTotal ${MB(Math.max(...during.map(nonHeap)))}`,
      );
      if (argv.includes('--timeline')) {
        for (const s of all.filter((s, i) => s.t >= res.window.from && i % 4 === 0)) {
          console.log(`   +${((s.t - res.window.from) / 1000).toFixed(2)} rss ${MB(s.rss)} ht ${MB(s.heapTotal)} used ${MB(s.heapUsed)} lo ${MB(s.lo)} ext ${MB(s.external)} ab ${MB(s.arrayBuffers)}`);
        }
      }
      if (after > 0) {
        const later = all.filter((s) => s.t > res.window.to);
        const top = later.reduce((a, b) => (b.rss > a.rss ? b : a));
        console.log(
          `   in the ${after} s after the window: highest rss ${MB(top.rss)} (+${MB(top.rss - before.rss)} over before) at +${((top.t - res.window.from) / 1000).toFixed(2)} s: heapTotal ${MB(top.heapTotal)} used ${MB(top.heapUsed)} lo ${MB(top.lo)} ab ${MB(top.arrayBuffers)} rss−heapTotal ${MB(nonHeap(top))}; last rss ${MB(later.at(-1)!.rss)}`,
        );
      }
    } finally {
      await peer.stop();
      if (!argv.includes('--keep')) rmSync(samples, { force: true });
    }
  }
} finally {
  rmSync(samplerFile, { force: true });
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** Prints where the sampled bytes were allocated: by function (self) and by the nearest frame of our own code. */
function summariseAllocations(file: string, keep: string): void {
  copyFileSync(file, keep);
  const head = (JSON.parse(readFileSync(file, 'utf8')) as { head: ProfileNode }).head;
  const self = new Map<string, number>();
  const ours = new Map<string, number>();
  let total = 0;
  const name = (f: ProfileNode['callFrame']) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules\/)?/, '')}:${f.lineNumber + 1}`;
  const walk = (n: ProfileNode, stack: string[]) => {
    const here = [...stack, name(n.callFrame)];
    if (n.selfSize) {
      total += n.selfSize;
      const key = here.slice(-3).join(' < ');
      self.set(key, (self.get(key) ?? 0) + n.selfSize);
      const own = [...here].reverse().find((s) => /dist\/bundle\/main\.js|chunk-/.test(s) && !/node_modules/.test(s)) ?? '(none)';
      ours.set(own, (ours.get(own) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, here);
  };
  walk(head, []);
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`   allocated on V8's heap during the paste (sampled): ${MB(total)} MB; written to ${keep}`);
  for (const [k, v] of top(self, 14)) console.log(`     ${MB(v).padStart(6)} MB  ${k}`);
}

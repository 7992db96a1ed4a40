/**
 * `npx tsx bench/paste-profile.ts [--stall] [--runs N] [--node-args "…"] [--keep]`: the memory bench's 5 MB paste
 * (memory.ts, runStalledReader) against the production build only, in a fresh process per run, with the server's
 * own memory breakdown (process.memoryUsage and V8's heap spaces every 25 ms, from a preloaded sampler) next to the
 * RSS the bench reads from /proc: where a paste's growth is (V8 heap, large objects, external, native).
 * Environment variables MALLOC_* reach the server (as in the memory bench), and so do those given with `--env K=V`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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
const extraEnv = Object.fromEntries(argv.flatMap((a, i) => (a === '--env' ? [argv[i + 1]!.split(/=(.*)/s).slice(0, 2)] : [])));

const SAMPLER = `
const fs = require('node:fs');
const v8 = require('node:v8');
const fd = fs.openSync(process.env.PASTE_SAMPLES, 'w');
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
      const res = await runStalledReader(peer, { docName: peer.manyDocs[0]!, pasteBytes, chunks, stall });
      const all: Sample[] = readFileSync(samples, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const before = all.filter((s) => s.t <= res.window.from).at(-1)!;
      const during = all.filter((s) => s.t >= res.window.from && s.t <= res.window.to);
      const peakOf = (k: keyof Sample) => Math.max(...during.map((s) => s[k]));
      const atPeak = during.reduce((a, b) => (b.rss > a.rss ? b : a));
      const nonHeap = (s: Sample) => s.rss - s.heapTotal;
      console.log(
        `run ${r + 1} (${stall ? 'one stalled' : 'all reading'}, load ${loadavg()[0]!.toFixed(1)}): /proc RSS +${MB(res.peakBytes - res.beforeBytes)} MB ` +
          `(${MB(res.beforeBytes)} → ${MB(res.peakBytes)}), ${res.stalledFate}, ${res.caughtUp ? 'caught up' : 'NOT caught up ' + res.note}; ` +
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
        for (const s of during.filter((_, i) => i % 4 === 0)) {
          console.log(`   +${((s.t - res.window.from) / 1000).toFixed(2)} rss ${MB(s.rss)} ht ${MB(s.heapTotal)} used ${MB(s.heapUsed)} lo ${MB(s.lo)} ext ${MB(s.external)} ab ${MB(s.arrayBuffers)}`);
        }
      }
    } finally {
      await peer.stop();
      if (!argv.includes('--keep')) rmSync(samples, { force: true });
    }
  }
} finally {
  rmSync(samplerFile, { force: true });
}

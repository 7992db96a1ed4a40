/**
 * Loaded into a motebok child with `--import file://…/bench/lib/loop-monitor.mjs?out=FILE&root=file:///checkout/`
 * (bench/p1-many.ts): what the event loop did while the parent says a window is open — IPC
 * { type: 'loopmon', what: 'start' | 'stop' }, answered on stop with { type: 'loopmon-stopped', window }:
 *  - the event-loop delay histogram (perf_hooks.monitorEventLoopDelay, 1 ms resolution);
 *  - blocks: gaps > 5 ms between ticks of a 1 ms interval, each with the process CPU used in it (a gap with little
 *    CPU is the process waiting for a core on a loaded machine; one with as much CPU as wall time is work that held
 *    the loop);
 *  - garbage collections (PerformanceObserver 'gc');
 *  - group commits (duration, documents, updates) and "oldest update → durable" per document batch, through the
 *    collab metrics sink (collab/metrics.ts), which the module wraps once tsx is loaded.
 * Plain JavaScript: it is loaded before tsx.
 */
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';

const params = new URL(import.meta.url).searchParams;
const out = params.get('out');
/** The checkout whose collab/metrics.ts the server uses (another one than this file's in an A/B). */
const root = params.get('root') ?? new URL('../../', import.meta.url).href;
const histogram = monitorEventLoopDelay({ resolution: 1 });
const us = () => Number(process.hrtime.bigint() / 1000n);
const windows = [];
let current = null;

new PerformanceObserver((list) => {
  if (!current) return;
  for (const e of list.getEntries()) current.gcs.push({ at: e.startTime - current.perfStart, ms: e.duration, kind: e.detail?.kind });
}).observe({ entryTypes: ['gc'] });

let lastTick = us();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = us();
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
  if (current && now - lastTick > 5000) current.blocks.push({ at: (lastTick - current.start) / 1000, ms: (now - lastTick) / 1000, cpuMs });
  lastTick = now;
  lastCpu = cpu;
}, 1).unref();

let hooked = false;
async function hookCollabMetrics() {
  if (hooked) return;
  hooked = true;
  const metrics = await import(`${root}collab/metrics.ts`);
  const previous = metrics.collabMetrics;
  metrics.setCollabMetrics({
    ...previous,
    groupCommit(seconds, documents, updates, failed) {
      current?.commits.push([seconds * 1000, documents, updates]);
      previous.groupCommit(seconds, documents, updates, failed);
    },
    appendDurable(seconds) {
      current?.appends.push(seconds * 1000);
      previous.appendDurable(seconds);
    },
  });
}

const percentile = (xs, p) => {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

process.on('message', async (m) => {
  if (m?.type !== 'loopmon') return;
  if (m.what === 'start') {
    await hookCollabMetrics();
    histogram.reset();
    histogram.enable();
    current = { label: m.label, start: us(), perfStart: performance.now(), blocks: [], gcs: [], commits: [], appends: [] };
  } else if (m.what === 'stop' && current) {
    histogram.disable();
    const w = current;
    current = null;
    const heavy = w.blocks.filter((b) => b.cpuMs > 5);
    const summary = {
      seconds: (us() - w.start) / 1e6,
      delayP50: histogram.percentile(50) / 1e6,
      delayP99: histogram.percentile(99) / 1e6,
      delayMax: histogram.max / 1e6,
      blocks: w.blocks.length,
      cpuBlocks: heavy.length,
      cpuBlockMs: heavy.reduce((n, b) => n + b.cpuMs, 0),
      cpuBlockMax: Math.max(0, ...heavy.map((b) => b.cpuMs)),
      gcs: w.gcs.length,
      gcMs: w.gcs.reduce((n, g) => n + g.ms, 0),
      gcMax: Math.max(0, ...w.gcs.map((g) => g.ms)),
      commits: w.commits.length,
      commitMs: w.commits.reduce((n, c) => n + c[0], 0),
      docsPerCommit: w.commits.reduce((n, c) => n + c[1], 0) / Math.max(1, w.commits.length),
      appendP50: percentile(w.appends, 50),
      appendP99: percentile(w.appends, 99),
    };
    const window = { label: w.label, summary, blocks: w.blocks, gcs: w.gcs };
    windows.push(window);
    if (out) writeFileSync(out, JSON.stringify(windows));
    process.send?.({ type: 'loopmon-stopped', window });
  }
});

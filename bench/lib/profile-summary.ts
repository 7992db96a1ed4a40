/**
 * `tsx bench/lib/profile-summary.ts <file.cpuprofile> [n] [fromS toS]`: the functions with the most self time, and by
 * package; with fromS/toS only the samples in that span (seconds from the profile's start). Also prints the busy share
 * per second so the span a scenario ran in can be found.
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [n]');
const n = Number(process.argv[3] ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const from = process.argv[4] !== undefined ? Number(process.argv[4]) * 1e6 : -Infinity;
const to = process.argv[5] !== undefined ? Number(process.argv[5]) * 1e6 : Infinity;
const self = new Map<number, number>();
const busyPerSecond: number[] = [];
let t = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  t += dt;
  const sec = Math.floor(t / 1e6);
  if (byId.get(id)!.callFrame.functionName !== '(idle)') busyPerSecond[sec] = (busyPerSecond[sec] ?? 0) + dt;
  if (t >= from && t < to) self.set(id, (self.get(id) ?? 0) + dt);
});
console.log(`busy % per second: ${Array.from(busyPerSecond, (b, i) => `${i}:${Math.round((b ?? 0) / 1e4)}`).join(' ')}`);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of self) {
  const c = byId.get(id)!.callFrame;
  const where = c.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(/.*\/work\/main\//, '');
  const key = `${c.functionName || '(anonymous)'} ${where}:${c.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const p = where.startsWith('nm:') ? where.slice(3).split('/').slice(0, where.slice(3).startsWith('@') ? 2 : 1).join('/') : where.split('/')[0] || c.functionName || '(native)';
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const show = (m: Map<string, number>, k: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`).join('\n');
console.log(`total ${(total / 1e6).toFixed(1)} s sampled\n-- by package/dir --\n${show(pkg, 15)}\n-- by function (self) --\n${show(fn, n)}`);

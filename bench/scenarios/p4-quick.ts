/**
 * P4 alone, for profiling and before/after pairs: motebok (SQLite or PostgreSQL, no extra meetings, no peers) and
 * the in-memory ceiling, each in a child process of its own, alternated; motebok executed (its private response
 * cache bypassed) and, as "cached", answered from that cache. The full comparison stays
 * `npm run bench -- --only p4`.
 *
 *   npx tsx bench/scenarios/p4-quick.ts [--runs N] [--seconds S] [--db sqlite|postgresql] [--profile] [--motebok-only] [--alloc [TOP]]
 *
 * --motebok-only: motebok executed only. --profile: each server's process writes a CPU profile into bench/profiles/ (their pids are printed). --alloc: bytes allocated per request in the serving process (V8's sampling heap
 * profiler, freed objects included; bench/lib/alloc-sampling.ts), for each target, and motebok's TOP allocation sites
 * (0: none) after the last run.
 */
import { HERE } from '../lib/settings.js';
import type { Child } from '../lib/child.js';
import { startCeiling, type CeilingPeer } from '../peers/ceiling.js';
import { startMotebok } from '../peers/motebok.js';
import { BYPASS_CACHE, expectedAnswer, runP4 } from './p4.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const runs = Number(arg('--runs', '3'));
const seconds = Number(arg('--seconds', '4'));
const db = arg('--db', 'sqlite') as 'sqlite' | 'postgresql';
const alloc = process.argv.includes('--alloc');
const allocTop = alloc ? Number(arg('--alloc', '0')) || 0 : 0;
const motebokOnly = process.argv.includes('--motebok-only');
const nodeArgs = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${HERE}profiles`] : [];

const mote = await startMotebok({ db, docs: 0, nodeArgs });
let ceiling: CeilingPeer | null = null;
try {
  const expected = await expectedAnswer(mote, mote.seedMeetingId);
  if (!motebokOnly) ceiling = await startCeiling(expected.data.meeting, { nodeArgs });
  if (nodeArgs.length) console.log(`profiles: motebok pid ${mote.child.proc.pid}, ceiling pid ${ceiling?.child.proc.pid ?? '-'}`);
  const mote4 = { url: `${mote.httpUrl}/graphql`, token: mote.token ?? null, sqlStatements: () => mote.child.request<number>('sqlStatements'), cpuMs: mote.cpuMs, child: mote.child };
  const targets: Record<'motebok' | 'cached' | 'ceiling', Parameters<typeof runP4>[0] & { child: Child }> = {
    motebok: { ...mote4, headers: BYPASS_CACHE },
    cached: mote4,
    ceiling: { url: ceiling?.url ?? '', token: null, cpuMs: () => ceiling!.cpuMs(), child: ceiling?.child as Child },
  };
  const f = (n: number | null) => (n == null ? '-' : n.toFixed(2));
  for (let r = 0; r < runs; r++) {
    const line: string[] = [];
    for (const key of motebokOnly ? (['motebok'] as const) : (['motebok', 'cached', 'ceiling'] as const)) {
      const child = targets[key].child;
      if (alloc) await child.request('allocStart');
      const res = await runP4(targets[key], { meetingId: mote.seedMeetingId, seconds, connections: 10, expected });
      const sampled = alloc ? await child.request<{ bytes: number; top: Array<[string, number]> }>('allocStop', allocTop) : null;
      const kb = sampled ? ` alloc ${(sampled.bytes / res.requests / 1024).toFixed(0)} KB/req` : '';
      const heap = await child.request<{ heapUsed: number }>('heap');
      line.push(
        `${key} ${f(res.rps)} req/s CPU ${f(res.cpuMsPerRequest)} ms/req${kb} sql ${f(res.sqlPerRequest)} heap after gc ${(heap.heapUsed / 2 ** 20).toFixed(1)} MB${res.correct ? '' : ' WRONG'}`,
      );
      if (sampled && key === 'motebok' && r === runs - 1 && allocTop > 0) {
        for (const [site, bytes] of sampled.top) console.log(`  ${(bytes / res.requests / 1024).toFixed(1).padStart(7)} KB/req  ${site}`);
      }
    }
    console.log(`run ${r + 1} (${db}): ${line.join(' | ')}`);
  }
} finally {
  await ceiling?.stop();
  await mote.stop();
}

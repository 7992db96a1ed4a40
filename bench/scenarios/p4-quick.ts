/**
 * P4 alone, for profiling and before/after pairs: motebok (SQLite or PostgreSQL, no extra meetings, no peers) and
 * the in-memory ceiling in the same child process, alternated. The full comparison stays `npm run bench -- --only p4`.
 *
 *   npx tsx bench/scenarios/p4-quick.ts [--runs N] [--seconds S] [--db sqlite|postgresql] [--profile] [--motebok-only] [--alloc [TOP]]
 *
 * --alloc: bytes allocated per request in the serving process (V8's sampling heap profiler, freed objects included;
 * bench/lib/alloc-sampling.ts), for each target, and motebok's TOP allocation sites (0: none) after the last run.
 */
import { HERE } from '../lib/settings.js';
import { startMotebok } from '../peers/motebok.js';
import { expectedAnswer, runP4 } from './p4.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const runs = Number(arg('--runs', '3'));
const seconds = Number(arg('--seconds', '4'));
const db = arg('--db', 'sqlite') as 'sqlite' | 'postgresql';
const alloc = process.argv.includes('--alloc');
const allocTop = alloc ? Number(arg('--alloc', '0')) || 0 : 0;
const nodeArgs = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${HERE}profiles`] : [];

const mote = await startMotebok({ db, docs: 0, nodeArgs });
try {
  const expected = await expectedAnswer(mote, mote.seedMeetingId);
  const ceilingUrl = await mote.child.request<string>('startCeiling', expected.data.meeting);
  const targets = {
    motebok: { url: `${mote.httpUrl}/graphql`, token: mote.token ?? null, sqlStatements: () => mote.child.request<number>('sqlStatements'), cpuMs: mote.cpuMs },
    ceiling: { url: ceilingUrl, token: null, cpuMs: mote.cpuMs },
  };
  const f = (n: number | null) => (n == null ? '-' : n.toFixed(2));
  for (let r = 0; r < runs; r++) {
    const line: string[] = [];
    for (const key of process.argv.includes('--motebok-only') ? (['motebok'] as const) : (['motebok', 'ceiling'] as const)) {
      if (alloc) await mote.child.request('allocStart');
      const res = await runP4(targets[key], { meetingId: mote.seedMeetingId, seconds, connections: 10, expected });
      const sampled = alloc ? await mote.child.request<{ bytes: number; top: Array<[string, number]> }>('allocStop', allocTop) : null;
      const kb = sampled ? ` alloc ${(sampled.bytes / res.requests / 1024).toFixed(0)} KB/req` : '';
      line.push(`${key} ${f(res.rps)} req/s CPU ${f(res.cpuMsPerRequest)} ms/req${kb} sql ${f(res.sqlPerRequest)}${res.correct ? '' : ' WRONG'}`);
      if (sampled && key === 'motebok' && r === runs - 1 && allocTop > 0) {
        for (const [site, bytes] of sampled.top) console.log(`  ${(bytes / res.requests / 1024).toFixed(1).padStart(7)} KB/req  ${site}`);
      }
    }
    const heap = await mote.child.request<{ heapUsed: number }>('heap');
    console.log(`run ${r + 1} (${db}): ${line.join(' | ')} | heap after gc ${(heap.heapUsed / 2 ** 20).toFixed(1)} MB`);
  }
} finally {
  await mote.stop();
}

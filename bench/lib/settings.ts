/**
 * What a bench run was asked for (`npm run bench [-- --quick] [-- --runs N] [-- --only p1,p2,...] [-- --profile]`):
 * the scenarios, their sizes, the number of runs, and the run's log.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const args = process.argv.slice(2);
export const quick = args.includes('--quick');
export const profile = args.includes('--profile');
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
export const only = new Set((argValue('--only') ?? 'p1,p2,p3,p4,p5').split(','));
/** The bench/ directory (with a trailing slash). */
export const HERE = fileURLToPath(new URL('..', import.meta.url));

/** The sizes of every scenario. */
export const S = quick
  ? {
      runs: 2,
      p1a: { clients: 10, seconds: 2, cps: 20 },
      p1b: { docs: 20, clients: 5, seconds: 2, cps: 20 },
      p2: { docs: 4, writers: 3, seconds: 2, window: 128, perWriter: 6000 },
      p3: { subscribers: 100, changes: 5 },
      p4: { seconds: 2, connections: 10 },
      p5: { docs: 10, items: 10, graceMs: 1000 },
    }
  : {
      runs: 3,
      p1a: { clients: 50, seconds: 5, cps: 20 },
      p1b: { docs: 200, clients: 5, seconds: 3, cps: 20 },
      p2: { docs: 8, writers: 4, seconds: 3, window: 128, perWriter: 3000 },
      p3: { subscribers: 1000, changes: 15 },
      p4: { seconds: 4, connections: 10 },
      p5: { docs: 30, items: 10, graceMs: 1000 },
    };
export const runs = Number(argValue('--runs') ?? S.runs);
export const t0 = performance.now();
export const log = (msg: string) => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
export const profileArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${HERE}profiles`] : [];

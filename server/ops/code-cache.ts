/**
 * V8's code cache of the production bundle (`npm start` runs dist/bundle/main.js, which compiles the bundle with the
 * cache: build/loader.mjs). Once the server is ready, everything a start compiles has been compiled, so that is when
 * the cache is written, if the loader had none or V8 refused it. Under tsx or tsc's output there is no loader and
 * nothing to do.
 */
import type { Logger } from 'pino';
import { withDefaultHeapGrowth } from './heap-growth.js';

interface Loader {
  /** used: this start ran from the cache; missing or rejected (another Node version, other V8 flags): compiled. */
  state: 'used' | 'missing' | 'rejected';
  save(): void;
}

/** How this process's code was compiled: the loader's state, or 'none' without the loader. */
export function codeCacheState(): Loader['state'] | 'none' {
  return loader()?.state ?? 'none';
}

/** After start-up: writes the cache when this start had to compile without one (a failure is logged, not fatal). */
export function saveCodeCache(heapGrowingPercent: number, log: Logger): void {
  const l = loader();
  if (!l || l.state === 'used') return;
  const t0 = performance.now();
  try {
    // The cache must carry the V8 flags of a process that has not yet run main() (server/ops/heap-growth.ts).
    withDefaultHeapGrowth(heapGrowingPercent, () => l.save());
    log.info({ ms: Math.round(performance.now() - t0), was: l.state }, 'wrote the code cache for the next start');
  } catch (err) {
    log.warn({ err }, 'could not write the code cache (the next start compiles again)');
  }
}

function loader(): Loader | undefined {
  return (globalThis as Record<symbol, Loader | undefined>)[Symbol.for('motebok.codeCache')];
}

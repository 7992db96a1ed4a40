/**
 * Background work at a lower priority than serving: before each slice of its work (a batch of the search index, say)
 * it waits until the event loop has had time to spare — busy less than `busyShare` of a `sampleMs` window — so that
 * live typing and requests, which share the loop, are not queued behind it. Under a load that never lets up it waits
 * at most `maxDeferMs` from when the work became due, and then goes on a slice per window, so it always ends.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PaceOptions {
  /** Share of a window the loop may be busy and still count as having time to spare (0…1). */
  busyShare: number;
  /** The window over which the loop's business is measured, ms. */
  sampleMs: number;
  /** The longest wait for time to spare after the work became due, ms. */
  maxDeferMs: number;
}

export const DEFAULT_PACE: PaceOptions = { busyShare: 0.3, sampleMs: 100, maxDeferMs: 30_000 };

/**
 * Resolves when the loop has had time to spare over a window, or after one window once `maxDeferMs` have passed since
 * `dueAt` (epoch ms), or at once when `stop()` says so (a flush, a shutdown). Returns how long it waited, ms.
 */
export async function whenLoopHasTime(pace: PaceOptions, dueAt: number, stop: () => boolean): Promise<number> {
  const started = Date.now();
  while (!stop()) {
    const before = performance.eventLoopUtilization();
    await sleep(pace.sampleMs);
    if (performance.eventLoopUtilization(before).utilization < pace.busyShare) break;
    if (Date.now() - dueAt >= pace.maxDeferMs) break; // overdue: a slice per window, however busy the loop is
  }
  return Date.now() - started;
}

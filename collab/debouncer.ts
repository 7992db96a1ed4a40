import { collabMetrics } from './metrics.js';

/**
 * Per-key debounce with a ceiling: a key fires `waitMs` after its last touch, but no later than `maxWaitMs` after
 * its first untouched change, so that a long stretch of typing is still stored regularly.
 *
 * With `maxWaitJitterMs`, each pending key's ceiling is drawn once, between `maxWaitMs - maxWaitJitterMs` and
 * `maxWaitMs`: keys whose typing started together (a meeting's documents opened at once, a bench) do not all hit their
 * ceiling in the same instant, every `maxWaitMs`, and so are not all stored in one burst that holds the event loop.
 * The ceiling is only ever lowered, so "at least every maxWaitMs" still holds; a touch that asks for a quiet time of
 * `maxWaitMs` or more (a large text) keeps the exact ceiling, so it is still stored at most once per `maxWaitMs`.
 */
export class Debouncer<K> {
  private readonly pending = new Map<
    K,
    { timer: NodeJS.Timeout; first: number; last: number; waitMs: number; ceilingMs: number; run: () => Promise<void> }
  >();
  private readonly running = new Set<Promise<void>>();
  /** The latest run of each key: a key's runs never overlap, so a later run always finishes (commits) later. */
  private readonly lastRun = new Map<K, Promise<void>>();

  constructor(
    private readonly waitMs: number,
    private readonly maxWaitMs: number,
    private readonly onError: (key: K, err: unknown) => void,
    private readonly jitter: { maxWaitJitterMs: number; random?: () => number } = { maxWaitJitterMs: 0 },
  ) {}

  /**
   * Notes a change of `key`; `run` replaces the pending run. A touch of a pending key only records the time: its timer
   * is moved when it goes off (a touch is a keystroke, so no timer is cleared and set per keystroke). `waitMs` overrides
   * the quiet time for this touch (the latest touch's counts): a large text waits `maxWaitMs`, so it is stored at most
   * once per maxWait however its typing pauses.
   */
  touch(key: K, run: () => Promise<void>, waitMs = this.waitMs): void {
    const now = Date.now();
    const existing = this.pending.get(key);
    if (existing) {
      existing.last = now;
      existing.run = run;
      existing.waitMs = waitMs;
      return;
    }
    const jitterMs = Math.min(this.jitter.maxWaitJitterMs, this.maxWaitMs) * (this.jitter.random ?? Math.random)();
    const ceilingMs = this.maxWaitMs - jitterMs;
    const timer = setTimeout(() => this.due(key), Math.min(waitMs, ceilingMs));
    this.pending.set(key, { timer, first: now, last: now, waitMs, ceilingMs, run });
  }

  /** Runs every pending key now and waits for all runs, including ones already under way. */
  async flush(filter: (key: K) => boolean = () => true): Promise<void> {
    for (const key of [...this.pending.keys()]) if (filter(key)) this.fire(key);
    await Promise.all([...this.running]);
  }

  get size(): number {
    return this.pending.size;
  }

  /** The key's timer went off: runs it, or waits on when it was touched since. */
  private due(key: K): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    const ceiling = entry.waitMs >= this.maxWaitMs ? this.maxWaitMs : entry.ceilingMs; // a large text: no jitter
    const deadline = Math.min(entry.last + entry.waitMs, entry.first + ceiling);
    const wait = deadline - Date.now();
    if (wait > 0) entry.timer = setTimeout(() => this.due(key), wait);
    else this.fire(key);
  }

  private fire(key: K): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
    const previous = this.lastRun.get(key);
    const p: Promise<void> = (previous ? previous.then(entry.run) : entry.run())
      .catch((err) => this.onError(key, err))
      .finally(() => {
        collabMetrics.projected((Date.now() - entry.first) / 1000); // the only Debouncer projects live texts
        this.running.delete(p);
        if (this.lastRun.get(key) === p) this.lastRun.delete(key);
      });
    this.running.add(p);
    this.lastRun.set(key, p);
  }
}

/**
 * Per-key debounce with a ceiling: a key fires `waitMs` after its last touch, but no later than `maxWaitMs` after
 * its first untouched change, so that a long stretch of typing is still stored regularly.
 */
export class Debouncer<K> {
  private readonly pending = new Map<K, { timer: NodeJS.Timeout; first: number; run: () => Promise<void> }>();
  private readonly running = new Set<Promise<void>>();
  /** The latest run of each key: a key's runs never overlap, so a later run always finishes (commits) later. */
  private readonly lastRun = new Map<K, Promise<void>>();

  constructor(
    private readonly waitMs: number,
    private readonly maxWaitMs: number,
    private readonly onError: (key: K, err: unknown) => void,
  ) {}

  touch(key: K, run: () => Promise<void>): void {
    const now = Date.now();
    const existing = this.pending.get(key);
    const first = existing?.first ?? now;
    if (existing) clearTimeout(existing.timer);
    const delay = Math.max(0, Math.min(this.waitMs, first + this.maxWaitMs - now));
    const timer = setTimeout(() => this.fire(key), delay);
    this.pending.set(key, { timer, first, run });
  }

  /** Runs every pending key now and waits for all runs, including ones already under way. */
  async flush(filter: (key: K) => boolean = () => true): Promise<void> {
    for (const key of [...this.pending.keys()]) if (filter(key)) this.fire(key);
    await Promise.all([...this.running]);
  }

  get size(): number {
    return this.pending.size;
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
        this.running.delete(p);
        if (this.lastRun.get(key) === p) this.lastRun.delete(key);
      });
    this.running.add(p);
    this.lastRun.set(key, p);
  }
}

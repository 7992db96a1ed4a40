/**
 * Group commit, generic: collects items (of any documents) for a short window, writes them together with one call
 * of `write`, and settles each item's promise with its own result. Used for the durable update log
 * (group-commit.ts: one transaction per window for every document of the process) and for the live binding's text
 * stores (minutes-binding.ts), so that the number of transactions follows the write time, not the number of
 * documents or fields being typed into.
 *
 * When a batch is written:
 *  - when its oldest item is `windowMs` old (items may say they are older: `since`);
 *  - at once when it holds `maxBatch` items, when an item is `urgent`, or after `hurry()`;
 *  - at once (on the next turn of the event loop, with whatever else arrived in this one) when nothing was written
 *    for a whole window and `writeAtOnceWhenIdle` is on: there is nobody to wait for, so a lone typist's keystroke
 *    is not held back by the window.
 * Writes never overlap: what arrives during a write goes into the next batch, written once the write is done and
 * the batch is due. Items are handed to `write` in the order they were added, at the moment the write starts (an
 * item may be a function that reads its data then, so the batch is as fresh and as large as it can be).
 *
 * `write` returns one result per item, in order. A result that is an Error rejects that item's promise alone; a
 * `write` that throws rejects every item of the batch.
 */

export interface BatcherOptions {
  /** How long the oldest item of a batch waits for company. */
  windowMs: number;
  /** At most this many items per write. Default: no limit. */
  maxBatch?: number;
  /** After a whole window without a write, write at once instead of waiting for the window. Default false. */
  writeAtOnceWhenIdle?: boolean;
}

export interface AddOptions {
  /** When the item's data began waiting (ms, Date.now()); the window counts from here. Default: now. */
  since?: number;
  /** Write without waiting for the window (a flush). */
  urgent?: boolean;
}

interface Queued<T, R> {
  item: T;
  since: number;
  urgent: boolean;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class Batcher<T, R> {
  private queue: Array<Queued<T, R>> = [];
  private timer: { timeout?: NodeJS.Timeout; immediate?: NodeJS.Immediate } | null = null;
  private timerDue = 0;
  private writing = false;
  /** When the last write finished (ms, Date.now()). */
  private lastWriteEnd = -Infinity;
  /** hurry() was called: what is queued is written at once (after the write in progress, if any). */
  private hurried = false;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly writeAtOnceWhenIdle: boolean;

  constructor(
    /** Writes a batch; returns one result (or Error) per item, in order. */
    private readonly write: (items: T[]) => Promise<Array<R | Error>>,
    options: BatcherOptions,
  ) {
    this.windowMs = options.windowMs;
    this.maxBatch = options.maxBatch ?? Infinity;
    this.writeAtOnceWhenIdle = options.writeAtOnceWhenIdle ?? false;
    if (!(this.maxBatch >= 1)) throw new RangeError('Batcher: maxBatch must be at least 1');
  }

  /** Writes `item` with the next batch; resolves with its result once the batch is written. */
  add(item: T, options: AddOptions = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, since: options.since ?? Date.now(), urgent: options.urgent ?? false, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is queued now instead of at the end of its window. */
  hurry(): void {
    if (this.queue.length === 0) return;
    this.hurried = true;
    this.schedule();
  }

  /** How many items wait for a batch (not counting those being written). */
  get size(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.writing || this.queue.length === 0) return; // the write in progress schedules the next one
    const now = Date.now();
    const idle = this.writeAtOnceWhenIdle && now - this.lastWriteEnd >= this.windowMs;
    let due = this.hurried || idle || this.queue.length >= this.maxBatch ? now : Infinity;
    for (const q of this.queue) due = Math.min(due, q.urgent ? now : q.since + this.windowMs);
    const delay = Math.max(0, due - now);
    if (this.timer) {
      if (this.timerDue <= now + delay) return;
      this.cancelTimer();
    }
    this.timerDue = now + delay;
    const fire = () => {
      this.timer = null;
      void this.fire();
    };
    // Due now: on this turn of the event loop, after what else it brought (a timer of 0 ms waits ≥ 1 ms).
    this.timer = delay === 0 ? { immediate: setImmediate(fire) } : { timeout: setTimeout(fire, delay) };
  }

  private cancelTimer(): void {
    if (this.timer?.immediate) clearImmediate(this.timer.immediate);
    if (this.timer?.timeout) clearTimeout(this.timer.timeout);
    this.timer = null;
  }

  private async fire(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length === 0) this.hurried = false;
    try {
      const results = await this.write(batch.map((q) => q.item));
      if (results.length !== batch.length) throw new Error(`Batcher: write returned ${results.length} results for ${batch.length} items`);
      batch.forEach((q, i) => {
        const result = results[i]!;
        if (result instanceof Error) q.reject(result);
        else q.resolve(result);
      });
    } catch (error) {
      for (const q of batch) q.reject(error);
    } finally {
      this.writing = false;
      this.lastWriteEnd = Date.now();
      this.schedule();
    }
  }
}

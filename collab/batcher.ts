import { performance, type EventLoopUtilization } from 'node:perf_hooks';

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
  /**
   * With writeAtOnceWhenIdle: when the event loop has been idle this long since the last write, a batch that is due
   * at once is written on a microtask, right after the code that added its first item (the handler of one websocket
   * frame), instead of on the next turn of the event loop: nothing has been waiting, so the rest of the turn brings
   * no company worth waiting for. Idle, not merely without a write: after the loop was busy (a long task, a GC) the
   * sockets hold a backlog, and the turn gathers it into one batch as under load. Default: never.
   */
  microtaskAfterQuietMs?: number;
}

export interface AddOptions {
  /** When the item's data began waiting (ms, Date.now()); the window counts from here. Default: now. */
  since?: number;
  /** Write without waiting for the window (a flush). */
  urgent?: boolean;
}

type Scheduled = { timeout?: NodeJS.Timeout; immediate?: NodeJS.Immediate };
/** A write queued on a microtask: cannot be cancelled; `timer` goes back to null when it is dropped. */
const QUEUED_MICROTASK: Scheduled = {};

/** Told how an item's write went (enqueue): called synchronously as the batch settles, so it must not throw. */
export interface Settle<R> {
  written(result: R): void;
  failed(error: unknown): void;
}

interface Queued<T, R> {
  item: T;
  since: number;
  urgent: boolean;
  settle: Settle<R>;
}

export class Batcher<T, R> {
  private queue: Array<Queued<T, R>> = [];
  private timer: Scheduled | null = null;
  private timerDue = 0;
  private writing = false;
  /** The batch being written (writes never overlap). */
  private inFlight: Array<Queued<T, R>> = [];
  /** When the last write finished (ms, Date.now()). */
  private lastWriteEnd = -Infinity;
  /** The event loop's utilization when the last write finished (microtaskAfterQuietMs asks how idle it was since). */
  private loopAtWriteEnd: EventLoopUtilization | null = null;
  /** hurry() was called: what is queued is written at once (after the write in progress, if any). */
  private hurried = false;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly writeAtOnceWhenIdle: boolean;
  private readonly microtaskAfterQuietMs: number;

  constructor(
    /** Writes a batch; returns one result (or Error) per item, in order. */
    private readonly write: (items: T[]) => Promise<Array<R | Error>>,
    options: BatcherOptions,
    /** After the items of a written batch are settled: what may wait until then (metrics after the broadcasts). */
    private readonly afterSettled?: () => void,
  ) {
    this.windowMs = options.windowMs;
    this.maxBatch = options.maxBatch ?? Infinity;
    this.writeAtOnceWhenIdle = options.writeAtOnceWhenIdle ?? false;
    this.microtaskAfterQuietMs = options.microtaskAfterQuietMs ?? Infinity;
    if (!(this.maxBatch >= 1)) throw new RangeError('Batcher: maxBatch must be at least 1');
  }

  /** Writes `item` with the next batch; resolves with its result once the batch is written. */
  add(item: T, options: AddOptions = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.enqueue(item, { written: resolve, failed: reject }, options.since, options.urgent);
    });
  }

  /**
   * `add` without a promise: `settle` hears of the item's result synchronously, in the turn its batch is written
   * (what the update log wants: its broadcast follows the commit with no promise jobs in between, and a keystroke
   * costs no promise and no closure).
   */
  enqueue(item: T, settle: Settle<R>, since = Date.now(), urgent = false): void {
    this.queue.push({ item, since, urgent, settle });
    this.schedule();
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
    if (idle && delay === 0 && now - this.lastWriteEnd >= this.microtaskAfterQuietMs && this.loopIdleSinceWrite() >= this.microtaskAfterQuietMs) {
      this.timer = QUEUED_MICROTASK;
      queueMicrotask(this.fireQueued);
      return;
    }
    // Due now: on this turn of the event loop, after what else it brought (a timer of 0 ms waits ≥ 1 ms).
    this.timer = delay === 0 ? { immediate: setImmediate(this.fireQueued) } : { timeout: setTimeout(this.fireQueued, delay) };
  }

  /** The scheduled write is due (one bound function for the batcher's life, not a closure per schedule). */
  private readonly fireQueued = (): void => {
    if (this.timer === null) return; // cancelled (a queued microtask cannot be)
    this.timer = null;
    this.fire();
  };

  /** How long (ms) the event loop waited for events since the last write ended. */
  private loopIdleSinceWrite(): number {
    return this.loopAtWriteEnd ? performance.eventLoopUtilization(this.loopAtWriteEnd).idle : Infinity;
  }

  private cancelTimer(): void {
    if (this.timer?.immediate) clearImmediate(this.timer.immediate);
    if (this.timer?.timeout) clearTimeout(this.timer.timeout);
    this.timer = null;
  }

  /**
   * Starts a write of what is queued. No async function: a write of one keystroke costs its storage's promise and
   * one `then`, and the items are settled in the job that sees the write done.
   */
  private fire(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    let batch: Array<Queued<T, R>>;
    if (this.queue.length <= this.maxBatch) {
      batch = this.queue;
      this.queue = [];
    } else {
      batch = this.queue.splice(0, this.maxBatch);
    }
    if (this.queue.length === 0) this.hurried = false;
    this.inFlight = batch;
    const items = new Array<T>(batch.length);
    for (let i = 0; i < batch.length; i++) items[i] = batch[i]!.item;
    let written: Promise<Array<R | Error>>;
    try {
      written = this.write(items);
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(this.onWritten, this.onWriteFailed);
  }

  private readonly onWritten = (results: Array<R | Error>): void => {
    const batch = this.inFlight;
    this.inFlight = [];
    try {
      if (results.length !== batch.length) {
        const error = new Error(`Batcher: write returned ${results.length} results for ${batch.length} items`);
        for (const q of batch) q.settle.failed(error);
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const result = results[i]!;
        if (result instanceof Error) batch[i]!.settle.failed(result);
        else batch[i]!.settle.written(result);
      }
    } finally {
      this.writeEnded();
    }
  };

  private readonly onWriteFailed = (error: unknown): void => {
    const batch = this.inFlight;
    this.inFlight = [];
    try {
      for (const q of batch) q.settle.failed(error);
    } finally {
      this.writeEnded();
    }
  };

  private writeEnded(): void {
    this.afterSettled?.();
    this.writing = false;
    this.lastWriteEnd = Date.now();
    if (this.microtaskAfterQuietMs !== Infinity) this.loopAtWriteEnd = performance.eventLoopUtilization();
    this.schedule();
  }
}

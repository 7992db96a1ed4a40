/**
 * Group commit for the live binding's stores: what is added while nothing is being written waits `windowMs` for
 * company, what is added while a batch is being written goes into the next batch, written as soon as that one is
 * done. So stores falling due at about the same time — of any documents — are written together, and the number of
 * transactions follows the write time, not the number of fields being typed into.
 *
 * `add` resolves with the item's own result once its batch is written (rejects when the batch failed), so a caller
 * that awaits it (the debouncer's run of one key) knows its store is committed.
 */
export class StoreBatcher<T, R> {
  private queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    /** Writes a batch; returns one result per item, in order. */
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly opts: { windowMs: number; maxBatch: number },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.writing) return; // taken when the batch being written is done
      if (this.queue.length >= this.opts.maxBatch) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.opts.windowMs);
    });
  }

  /** How many items wait for a batch (not counting the one being written). */
  get size(): number {
    return this.queue.length;
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || !this.queue.length) return;
    const batch = this.queue.splice(0, this.opts.maxBatch);
    this.writing = (async () => {
      try {
        const results = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    })().finally(() => {
      this.writing = null;
      if (this.queue.length) this.start();
    });
  }
}

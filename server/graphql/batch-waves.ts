/**
 * One request's DataLoader batches, dispatched and answered in waves so that a nested query costs the same
 * statements on every database.
 *
 * DataLoader batches the loads of one tick. On SQLite the batches of one level finish together, so the next level's
 * loads (persons of disqualifications, protocol entries and dissenters; vedlegg of sub-items) fall into one tick;
 * on PostgreSQL each batch is a round trip that finishes on its own, and the next level's loads were split over as
 * many ticks (the same query cost 17, 18 or 19 statements from run to run). Here the batches dispatched together
 * form a wave whose results are handed out together once all of them are in, and loads made meanwhile wait for the
 * next wave, dispatched once every microtask of the last one has run (setImmediate). So the levels of the tree
 * advance in lock-step on both databases.
 *
 * Rule: a batch function must not itself load through a loader of the same request (it would wait for its own wave).
 */
export class BatchWaves {
  /** Dispatches waiting for the next wave. */
  private queued: (() => void)[] = [];
  /** Batches of the current wave still running. */
  private running = 0;
  /** Batches of the current wave that have finished and wait for the others. */
  private held: (() => void)[] = [];
  private flushing = false;

  /** DataLoader's `batchScheduleFn`. */
  readonly schedule = (dispatch: () => void): void => {
    this.queued.push(dispatch);
    if (this.running === 0) this.flushSoon();
  };

  /** Wraps a batch function so that its answer is held until its whole wave is in. */
  track<K, V>(load: (keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>): (keys: readonly K[]) => Promise<ArrayLike<V | Error>> {
    return async (keys) => {
      this.running++;
      let answer: ArrayLike<V | Error> | undefined;
      let failure: { error: unknown } | null = null;
      try {
        answer = await load(keys);
      } catch (error) {
        failure = { error };
      }
      await this.finished();
      if (failure) throw failure.error;
      return answer!;
    };
  }

  private finished(): Promise<void> {
    this.running--;
    if (this.running > 0) return new Promise((release) => this.held.push(release));
    const held = this.held;
    this.held = [];
    for (const release of held) release();
    if (this.queued.length) this.flushSoon();
    return Promise.resolve();
  }

  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const queued = this.queued;
      this.queued = [];
      for (const dispatch of queued) dispatch();
    });
  }
}

/**
 * The write path of one document: group commit of accepted updates into the durable log, in order; then the
 * caller's `onCommitted` (broadcast, hooks) and, past a threshold, compaction. Everything runs in one serial
 * loop per document, so a snapshot taken between batches corresponds exactly to a known seq.
 *
 * The batches themselves are written by the GroupCommitter together with those of every other document (one
 * storage write per window for the whole process); a document has at most one batch in flight.
 */
import type { Logger } from 'pino';
import { collabMetrics } from './metrics.js';
import type { Settle } from './batcher.js';
import type { CommitRequest, GroupCommitter } from './group-commit.js';
import { originLabel, originUserId, type ClientOrigin, type ServerOrigin } from './origins.js';
import { countOf, merge, type Pending } from './pending-updates.js';
import type { DocumentStorage, StoredUpdate } from './storage/port.js';

export type LoggableOrigin = ClientOrigin | ServerOrigin;

export interface LoggedUpdate {
  seq: number;
  data: Uint8Array;
  origin: LoggableOrigin;
}

export interface UpdateLogOptions {
  /** Compact when this many updates are logged after the snapshot. */
  compactEvery: number;
  /** …or when the logged updates after the snapshot reach this many bytes. */
  compactBytes: number;
}

export interface UpdateLogCallbacks {
  /** A batch is durable; called in seq order, before anything later is written. */
  onCommitted(updates: LoggedUpdate[]): void;
  /** Updates another writer stored (seq order); apply them to the document without logging them again. */
  applyStored(updates: Uint8Array[]): void;
  /** The document's whole state right now; `expectedBytes`: about how large it is (the last snapshot and the updates since). */
  encodeState(expectedBytes: number): Uint8Array;
}

interface Taken {
  batch: Pending[];
  bytes: number;
  state: Uint8Array | null;
}

interface Waiter {
  target: number;
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_RETRY_DELAY_MS = 5_000;
const ATTEMPTS_WHEN_CLOSING = 3;

export class UpdateLog {
  /**
   * Every seq up to this one is in the in-memory document. Also where the next batch is written (lastSeq+1, …):
   * the seq is kept here rather than read from the database per batch; the store detects another writer.
   */
  lastSeq: number;
  private sinceSnapshot: { count: number; bytes: number };
  /** The size of the stored snapshot (what the next state is about as large as, with the updates since). */
  private snapshotBytes: number;
  private pending: Pending[] = [];
  /** When the oldest pending update arrived. */
  private pendingSince = 0;
  /** A flush wants the pending updates written without waiting for the window. */
  private flushWanted = false;
  private pushed = 0;
  private committed = 0;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The loop is under way (a batch in the committer's hands, or a detour). */
  private running = false;
  /** kickAndWait's callers, told when the loop stops. */
  private idle: Array<() => void> = [];
  /** When the oldest update of the batch in the committer's hands arrived. */
  private batchSince = 0;
  private compactRequested = false;
  /** No snapshot of the document any more: it may be half-changed (SharedDocument.failed); its updates are logged. */
  private snapshotsStopped = false;
  private catchUpRequested = false;
  private failures = 0;
  private closing = false;
  /** What the committer's write took from `pending` (a document has at most one batch in flight). */
  private taken: Taken | null = null;
  /** This document's part in the committer's next write: one object for the log's life, not one per batch. */
  private readonly commitRequest: CommitRequest = {
    docName: '',
    take: () => {
      const batch = merge(this.pending);
      this.pending = [];
      this.flushWanted = false;
      let bytes = 0;
      for (const u of batch) bytes += u.data.byteLength;
      const compactDue =
        !this.snapshotsStopped &&
        (this.compactRequested ||
          this.sinceSnapshot.count + batch.length >= this.options.compactEvery ||
          this.sinceSnapshot.bytes + bytes >= this.options.compactBytes);
      // Taken now, while the document holds exactly the stored updates (up to lastSeq) plus this batch.
      this.taken = { batch, bytes, state: compactDue ? this.encodeState(bytes) : null };
      return {
        afterSeq: this.lastSeq,
        updates: batch.map((u) => ({ data: u.data, origin: originLabel(u.origin), userId: originUserId(u.origin) })),
      };
    },
  };

  constructor(
    private readonly docName: string,
    private readonly store: DocumentStorage,
    private readonly committer: GroupCommitter,
    private readonly log: Logger,
    private readonly options: UpdateLogOptions,
    private readonly callbacks: UpdateLogCallbacks,
    loaded: { lastSeq: number; count: number; bytes: number; snapshotBytes?: number },
  ) {
    this.commitRequest.docName = docName;
    this.lastSeq = loaded.lastSeq;
    this.sinceSnapshot = { count: loaded.count, bytes: loaded.bytes };
    this.snapshotBytes = loaded.snapshotBytes ?? 0;
  }

  get hasPending(): boolean {
    return this.pending.length > 0 || this.committed < this.pushed;
  }

  /** Queues an accepted update; it is written with the committer's next group (of any documents). */
  push(data: Uint8Array, origin: LoggableOrigin): void {
    if (this.pending.length === 0) this.pendingSince = Date.now();
    this.pending.push({ data, origin, count: 1 });
    this.pushed++;
    // The loop hands the batch to the committer, which waits for company; a running loop picks it up, and a
    // pending timer is a retry after a failed write.
    if (!this.running && !this.timer) this.run();
  }

  /** Resolves once everything pushed so far is durable. */
  whenStored(): Promise<void> {
    const target = this.pushed;
    if (this.committed >= target) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  /** Writes what is pending now (no group-commit wait) and resolves once it is durable. */
  flush(): Promise<void> {
    const stored = this.whenStored();
    if (this.pending.length) {
      this.flushWanted = true;
      this.schedule(0);
      this.committer.hurry();
    }
    return stored;
  }

  /** Stops compaction for good: the document's state is not to be trusted; what it logged still is. */
  stopSnapshots(): void {
    this.snapshotsStopped = true;
    this.compactRequested = false;
  }

  /** Writes a snapshot of everything logged so far (if anything is logged after the last snapshot). */
  async compact(): Promise<void> {
    await this.flush();
    if (this.snapshotsStopped) return;
    this.compactRequested = true;
    await this.kickAndWait();
  }

  /** Reads whatever other writers stored after lastSeq into the document (what a relay's "there is more" asks). */
  async catchUp(): Promise<void> {
    this.catchUpRequested = true;
    await this.kickAndWait();
  }

  private async kickAndWait(): Promise<void> {
    if (!this.running) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.run();
    }
    while (this.running) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Stops retrying forever: failed writes are retried a few times more, then their waiters are rejected. */
  close(): void {
    this.closing = true;
  }

  private schedule(delayMs: number): void {
    if (this.running) return; // the loop picks it up
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, delayMs);
  }

  /**
   * The loop: one step at a time until nothing is left to do. A keystroke's step is synchronous and costs no promise
   * or closure: the batch goes to the committer (enqueue), which calls `batchSettle` in the turn it is durable, and
   * the broadcast follows there and then. Catching up, compaction and filling a gap take async detours (rare).
   */
  private run(): void {
    if (this.running) return;
    this.running = true;
    this.step();
  }

  private step(): void {
    if (this.catchUpRequested || (this.pending.length === 0 && this.compactRequested)) {
      void this.detour();
    } else if (this.pending.length) {
      this.taken = null;
      this.batchSince = this.pendingSince;
      this.committer.enqueue(this.commitRequest, this.batchSettle, this.pendingSince, this.flushWanted);
    } else {
      this.ended();
    }
  }

  /** Catches up (when asked), then compacts when nothing is pending (when asked); then the loop goes on. */
  private async detour(): Promise<void> {
    try {
      if (this.catchUpRequested) {
        this.catchUpRequested = false;
        try {
          await this.fillFrom(this.lastSeq, Infinity);
        } catch (error) {
          this.log.error({ err: error, docName: this.docName }, 'collab: reading the log failed');
        }
      }
      if (this.pending.length === 0 && this.compactRequested) {
        this.compactRequested = false;
        if (this.sinceSnapshot.count > 0) await this.compactTo(this.encodeState(0), this.lastSeq);
      }
    } catch (error) {
      this.loopFailed(error);
      return;
    }
    this.step();
  }

  private loopFailed(error: unknown): void {
    this.log.error({ err: error, docName: this.docName }, 'collab: write loop failed');
    this.ended();
  }

  /** The loop stopped: whatever asked for more meanwhile (or a failed write's retry) gets a timer. */
  private ended(): void {
    this.running = false;
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
    const more = this.pending.length > 0 || this.compactRequested || this.catchUpRequested;
    if (more) this.schedule(this.failures ? this.retryDelay() : 0);
  }

  private retryDelay(): number {
    return Math.min(100 * 2 ** this.failures, MAX_RETRY_DELAY_MS);
  }

  /**
   * How the committer's write of this document's batch went (all pending updates, those pending when the write
   * started, in one transaction with other documents' batches). One object for the log's life.
   */
  private readonly batchSettle: Settle<number[]> = {
    written: (seqs) => this.batchWritten(seqs),
    failed: (error) => this.batchFailed(error),
  };

  private batchFailed(error: unknown): void {
    const batch = this.taken?.batch ?? []; // take() ran (or not) before the write failed
    this.taken = null;
    this.failures++;
    this.pending.unshift(...batch);
    this.log.error({ err: error, docName: this.docName, updates: batch.length, attempt: this.failures }, 'collab: writing updates failed');
    if (this.closing && this.failures >= ATTEMPTS_WHEN_CLOSING) this.giveUp(error);
    this.ended(); // retried after a delay
  }

  private batchWritten(seqs: number[]): void {
    const taken = this.taken!; // set by take(), which the write called
    this.taken = null;
    this.failures = 0;
    if (seqs[0] === this.lastSeq + 1) {
      this.committedBatch(seqs, taken, true);
    } else {
      void this.fillGap(seqs, taken);
    }
  }

  /** Another writer logged seqs before this batch's: they are applied first, so the document holds them all. */
  private async fillGap(seqs: number[], taken: Taken): Promise<void> {
    let filled = false;
    try {
      await this.fillFrom(this.lastSeq, seqs[0]!);
      filled = true;
    } catch (error) {
      // lastSeq stays below the gap, so that no snapshot claims to cover it and the next catch-up reads it.
      this.catchUpRequested = true;
      this.log.error({ err: error, docName: this.docName }, 'collab: filling a gap in the log failed; will read it again');
    }
    this.committedBatch(seqs, { batch: taken.batch, bytes: taken.bytes, state: null }, filled);
  }

  /** The batch is durable: broadcast (onCommitted), waiters, then the snapshot taken with it, then the next step. */
  private committedBatch(seqs: number[], { batch, bytes, state }: Taken, filled: boolean): void {
    if (filled) this.lastSeq = seqs[seqs.length - 1]!;
    this.sinceSnapshot.count += batch.length;
    this.sinceSnapshot.bytes += bytes;
    this.committed += countOf(batch);
    const entries: LoggedUpdate[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) entries[i] = { seq: seqs[i]!, data: batch[i]!.data, origin: batch[i]!.origin };
    try {
      this.callbacks.onCommitted(entries);
    } catch (error) {
      this.resolveWaiters();
      this.loopFailed(error);
      return;
    }
    this.resolveWaiters();
    // Metrics after the broadcast, not on the keystroke's way to it.
    for (const u of batch) for (let n = u.count; n > 0; n--) collabMetrics.updateApplied(u.origin.kind);
    collabMetrics.appendDurable((Date.now() - this.batchSince) / 1000);
    if (state) {
      this.compactRequested = false;
      void this.compactTo(state, this.lastSeq).then(this.stepBound);
    } else {
      this.step();
    }
  }

  private readonly stepBound = (): void => this.step();

  /** The document's state, with the updates logged since the snapshot and `pendingBytes` more in it. */
  private encodeState(pendingBytes: number): Uint8Array {
    return this.callbacks.encodeState(this.snapshotBytes + this.sinceSnapshot.bytes + pendingBytes);
  }

  private async compactTo(state: Uint8Array, uptoSeq: number): Promise<void> {
    try {
      await this.store.compact(this.docName, state, uptoSeq);
      this.sinceSnapshot = { count: 0, bytes: 0 };
      this.snapshotBytes = state.byteLength;
      this.log.debug({ docName: this.docName, seq: uptoSeq, bytes: state.byteLength }, 'collab: compacted');
    } catch (error) {
      this.log.warn({ err: error, docName: this.docName }, 'collab: compaction failed; will try again later');
    }
  }

  /** Applies stored updates with afterSeq < seq < beforeSeq that another writer logged. */
  private async fillFrom(afterSeq: number, beforeSeq: number): Promise<void> {
    let rows: StoredUpdate[] = await this.store.readAfter(this.docName, afterSeq);
    const missingHead = rows.length > 0 ? rows[0]!.seq > afterSeq + 1 : false;
    const updates: Uint8Array[] = [];
    let highest = afterSeq;
    if (missingHead || (rows.length === 0 && beforeSeq !== Infinity)) {
      // Compacted away: take the snapshot too (applying known updates again is harmless).
      const loaded = await this.store.load(this.docName);
      if (loaded.snapshot) updates.push(loaded.snapshot.state);
      highest = Math.max(highest, loaded.snapshot?.seq ?? 0);
      rows = loaded.updates;
    }
    for (const row of rows) {
      if (row.seq >= beforeSeq) break;
      updates.push(row.data);
      highest = row.seq;
    }
    if (updates.length) this.callbacks.applyStored(updates);
    if (beforeSeq === Infinity) this.lastSeq = Math.max(this.lastSeq, highest);
  }

  private resolveWaiters(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (this.committed >= w.target) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private giveUp(error: unknown): void {
    const lost = this.pending.splice(0);
    const count = countOf(lost);
    this.committed += count; // nothing will ever store them; clients still hold them and upload them again on reconnect
    this.failures = 0;
    this.log.error({ docName: this.docName, updates: count }, 'collab: giving up writing updates while closing');
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
  }
}


/**
 * Group commit across documents: one committer per DocumentStore (so one per process and database) collects the
 * batches every document's UpdateLog wants written and writes all of them in ONE transaction
 * (DocumentStore.appendBatch), so that transactions per second follow the group-commit window, not the number
 * of documents being typed in.
 *
 * A batch waits until its oldest update is `groupCommitMs` old (or someone flushes), and never overlaps the
 * previous write: what arrives during a write goes into the next one. When the committer has been idle for a
 * whole window, there is nobody to wait for: the batch is written at once (on the next turn of the event loop,
 * with whatever else arrived in this one), so a lone typist's keystroke is not held back by the window. Each document takes part with at most one
 * batch per write (its UpdateLog awaits the result before it asks again), so per-document order is kept, and
 * the document hands over its batch only at the moment of the write (`take`), so the batch is as large as it
 * can be and a snapshot state taken with it corresponds exactly to the seqs it gets.
 */
import type { Logger } from 'pino';
import type { BatchEntry, DocumentStore } from './document-store.js';
import { collabMetrics } from './metrics.js';

export interface CommitRequest {
  docName: string;
  /** When the oldest update of this document's batch arrived (ms, Date.now()). */
  since: number;
  /** Write without waiting for the window (a flush). */
  urgent: boolean;
  /** Called once, synchronously, when the write starts: the document's batch (its pending updates) now. */
  take(): Omit<BatchEntry, 'docName'>;
}

interface Queued {
  request: CommitRequest;
  resolve(seqs: number[]): void;
  reject(error: unknown): void;
}

export class GroupCommitter {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  private writing = false;
  /** When the last write finished (ms, Date.now()). */
  private lastWriteEnd = 0;
  /** A flush asked for the queued batches while a write was in progress: the next write starts at once. */
  private hurried = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly log: Logger,
    private readonly groupCommitMs: number,
    private readonly writeAtOnceWhenIdle = true,
  ) {}

  /** Writes the document's batch with the next group; resolves with its seqs once durable. */
  write(request: CommitRequest): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is queued now instead of at the end of the window. */
  hurry(): void {
    if (this.queue.length === 0) return;
    this.hurried = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.writing || this.queue.length === 0) return; // the write in progress schedules the next one
    const idle = this.writeAtOnceWhenIdle && Date.now() - this.lastWriteEnd >= this.groupCommitMs;
    let due = this.hurried || idle ? 0 : Infinity;
    for (const q of this.queue) due = Math.min(due, q.request.urgent ? 0 : q.request.since + this.groupCommitMs);
    const delay = Math.max(0, due - Date.now());
    if (this.timer) {
      if (this.timerDue <= Date.now() + delay) return;
      clearTimeout(this.timer);
    }
    this.timerDue = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.fire();
    }, delay);
  }

  private async fire(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    this.hurried = false;
    const group = this.queue.splice(0);
    const entries: BatchEntry[] = [];
    const taking: Queued[] = [];
    for (const q of group) {
      try {
        entries.push({ docName: q.request.docName, ...q.request.take() });
        taking.push(q);
      } catch (error) {
        q.reject(error);
      }
    }
    try {
      await this.writeGroup(taking, entries);
    } finally {
      this.writing = false;
      this.lastWriteEnd = Date.now();
      this.schedule();
    }
  }

  private async writeGroup(group: Queued[], entries: BatchEntry[]): Promise<void> {
    if (group.length === 0) return;
    let results: number[][];
    const started = performance.now();
    const updates = entries.reduce((n, e) => n + e.updates.length, 0);
    try {
      results = await this.store.appendBatch(entries);
      collabMetrics.groupCommit((performance.now() - started) / 1000, entries.length, updates, false);
    } catch (error) {
      collabMetrics.groupCommit((performance.now() - started) / 1000, entries.length, updates, true);
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // Nothing of the group is stored. One document must not hold the others back (a row the database
      // refuses, a deadlock with another instance): write each on its own; only those that fail again fail.
      this.log.warn({ err: error, documents: group.length }, 'collab: group write failed; writing the documents one by one');
      for (let i = 0; i < group.length; i++) await this.writeGroup([group[i]!], [entries[i]!]);
      return;
    }
    // Released in the order of the group; each document's own batches are released in seq order because a
    // document has at most one batch in flight.
    const now = Date.now();
    for (let i = 0; i < group.length; i++) {
      collabMetrics.appendDurable((now - group[i]!.request.since) / 1000);
      group[i]!.resolve(results[i]!);
    }
  }
}

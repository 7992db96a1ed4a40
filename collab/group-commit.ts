/**
 * Group commit of the durable update log across documents: one committer per collab server (so one per process and
 * storage) collects the batch every document's UpdateLog wants written and writes all of them with ONE
 * DocumentStorage.appendBatch (one transaction in SQL), so that transactions per second follow the group-commit
 * window, not the number of documents being typed in. The timing (window, write at once when idle, hurry) is the
 * generic Batcher's. With a window of 0 (SQLite's) it is a classic group commit: one write at a time, and what
 * arrives during it, or within the same turn of the event loop, is the next one, written the moment it ends.
 *
 * Each document takes part with at most one batch per write (its UpdateLog awaits the result before it asks
 * again), so per-document order is kept, and the document hands over its batch only at the moment of the write
 * (`take`), so the batch is as large as it can be and a snapshot state taken with it corresponds exactly to the
 * seqs it gets.
 */
import type { Logger } from 'pino';
import { Batcher } from './batcher.js';
import { collabMetrics } from './metrics.js';
import type { BatchEntry, DocumentStorage } from './storage/port.js';

/**
 * When the event loop has been idle this long since the last write, a keystroke's batch is written right after its
 * frame's handler (a microtask), not on the event loop's next turn: a lone typist's keystroke then skips the rest of
 * the turn. Under load (200 documents × 5 clients: a write every fraction of a millisecond), and after any long task,
 * the loop is not idle that long, and the turn gathers the frames of every document into one transaction as before.
 */
const QUIET_MS = 5;

export interface CommitRequest {
  docName: string;
  /** Called once, synchronously, when the write starts: the document's batch (its pending updates) now. */
  take(): Omit<BatchEntry, 'docName'>;
}

/** `add(request, { since, urgent })` resolves with the seqs the document's batch got, once durable. */
export type GroupCommitter = Batcher<CommitRequest, number[]>;

export function createGroupCommitter(
  storage: DocumentStorage,
  log: Logger,
  /** groupCommitMs: the window; when not given, the storage's (DocumentStorage.groupCommitMs), else 0. */
  options: { groupCommitMs?: number; writeAtOnceWhenIdle: boolean },
): GroupCommitter {
  /** Writes the batches of `requests` in one appendBatch. No async function on the way of a keystroke: one `then`. */
  function writeGroup(requests: CommitRequest[]): Promise<Array<number[] | Error>> {
    const results = new Array<number[] | Error>(requests.length);
    const entries: BatchEntry[] = [];
    const taken: number[] = [];
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      try {
        const { afterSeq, updates } = request.take();
        entries.push({ docName: request.docName, afterSeq, updates });
        taken.push(i);
      } catch (error) {
        results[i] = asError(error);
      }
    }
    if (entries.length === 0) return Promise.resolve(results);
    const started = performance.now();
    let appended: Promise<number[][]>;
    try {
      appended = storage.appendBatch(entries);
    } catch (error) {
      appended = Promise.reject(error);
    }
    return appended.then(
      (seqs) => {
        written = { seconds: (performance.now() - started) / 1000, entries, failed: false };
        for (let k = 0; k < taken.length; k++) results[taken[k]!] = seqs[k]!;
        return results;
      },
      (error: unknown) => {
        written = { seconds: (performance.now() - started) / 1000, entries, failed: true };
        return writeOneByOne(error, entries, taken, results);
      },
    );
  }

  async function writeOneByOne(error: unknown, entries: BatchEntry[], taken: number[], results: Array<number[] | Error>): Promise<Array<number[] | Error>> {
    if (entries.length === 1) {
      results[taken[0]!] = asError(error);
      return results;
    }
    // Nothing of the group is stored. One document must not hold the others back (a row the database refuses,
    // a deadlock with another instance): write each on its own; only those that fail again fail.
    log.warn({ err: error, documents: entries.length }, 'collab: group write failed; writing the documents one by one');
    for (const [k, i] of taken.entries()) {
      results[i] = await storage.appendBatch([entries[k]!]).then((seqs) => seqs[0]!, asError);
    }
    return results;
  }
  /** The last group write, reported once its documents have broadcast (the metric is no part of a keystroke's way). */
  let written: { seconds: number; entries: BatchEntry[]; failed: boolean } | null = null;
  const report = () => {
    if (!written) return;
    const { seconds, entries, failed } = written;
    written = null;
    let updates = 0;
    for (const e of entries) updates += e.updates.length;
    collabMetrics.groupCommit(seconds, entries.length, updates, failed);
  };
  const windowMs = options.groupCommitMs ?? storage.groupCommitMs ?? 0;
  return new Batcher(writeGroup, { windowMs, writeAtOnceWhenIdle: options.writeAtOnceWhenIdle, microtaskAfterQuietMs: QUIET_MS }, report);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

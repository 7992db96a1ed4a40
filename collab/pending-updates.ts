/**
 * The updates a document's log holds until the committer writes them (update-log.ts): entries, and the merge of
 * consecutive entries of one origin into one row before they are written.
 */
import * as Y from 'yjs';
import { sameOrigin, type ClientOrigin, type ServerOrigin } from './origins.js';

export interface Pending {
  data: Uint8Array;
  origin: ClientOrigin | ServerOrigin;
  /** How many pushed updates this entry holds (entries of one origin are merged). */
  count: number;
}

/** How many pushed updates the entries hold. */
export function countOf(entries: Pending[]): number {
  let n = 0;
  for (const u of entries) n += u.count;
  return n;
}

/**
 * Consecutive updates of one origin are merged only up to this many bytes: merging saves rows and frames for many
 * small updates (keystrokes), but for large ones (a paste) it would only decode and encode megabytes again.
 */
const MAX_MERGED_BYTES = 64 * 1024;

/** Merges consecutive pending updates of the same origin into one (fewer rows, fewer frames), up to MAX_MERGED_BYTES. */
export function merge(entries: Pending[]): Pending[] {
  if (entries.length === 1) return entries; // one keystroke per batch, mostly: nothing to merge
  const out: Pending[] = [];
  let run: Pending[] = [];
  let runBytes = 0;
  const flushRun = () => {
    if (run.length === 1) out.push(run[0]!);
    else if (run.length > 1) {
      out.push({ data: Y.mergeUpdates(run.map((u) => u.data)), origin: run[0]!.origin, count: run.reduce((n, u) => n + u.count, 0) });
    }
    run = [];
    runBytes = 0;
  };
  for (const entry of entries) {
    if (run.length && (!sameOrigin(run[0]!.origin, entry.origin) || runBytes + entry.data.byteLength > MAX_MERGED_BYTES)) flushRun();
    run.push(entry);
    runBytes += entry.data.byteLength;
  }
  flushRun();
  return out;
}

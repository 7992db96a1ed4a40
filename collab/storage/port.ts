/**
 * The port between the collab core and durable storage of collaborative documents (as y-redis's AbstractStorage
 * and Hocuspocus's extension-database are): per document, an append-only log of Yjs updates with increasing
 * sequence numbers (the truth), and at most one snapshot that merges every update up to its seq.
 *
 * The collab core (update-log.ts, group-commit.ts, shared-document.ts) uses nothing but this interface.
 * Implementations: SqlDocumentStorage (the document_update / document_snapshot tables, several server instances
 * on one database) and MemoryDocumentStorage (tests; several collab servers sharing one object behave as several
 * instances on one database). test/collab/storage-contract.test.ts holds both to the same semantics:
 *
 *  - seqs of a document start at 1 and increase; a seq is never given twice;
 *  - appendBatch writes the entries of many documents atomically (all or none) and detects a second writer;
 *  - the snapshot only ever moves forward, and updates it covers are gone from the log;
 *  - load returns the snapshot and exactly the updates after it.
 */

export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
  /** Connection id, or "server:<reason>". */
  origin: string;
  userId: string | null;
}

export type UpdateToAppend = Omit<StoredUpdate, 'seq'>;

export interface LoadedDocument {
  snapshot: { seq: number; state: Uint8Array } | null;
  /** Updates after the snapshot, by seq. */
  updates: StoredUpdate[];
  /** The highest seq covered (snapshot or update); 0 for a new document. */
  lastSeq: number;
}

/** One document's part of a batch written by appendBatch. */
export interface BatchEntry {
  docName: string;
  /** The writer's last seq of the document: the entry takes afterSeq+1, afterSeq+2, … if they are free. */
  afterSeq: number;
  updates: readonly UpdateToAppend[];
}

export interface DocumentStorage {
  /** The snapshot (if any) and every update after it, consistent with each other even while others compact. */
  load(docName: string): Promise<LoadedDocument>;

  /**
   * Appends the updates of many documents in one atomic write (group commit across documents) and returns each
   * entry's seqs, in the order of `entries`. At most one non-empty entry per document, else it throws and stores
   * nothing; an entry without updates gets [].
   *
   * Seqs come from the writer's memory (`afterSeq`). A second writer is detected: when one of afterSeq+1… is
   * already taken, or the snapshot is already past afterSeq (someone compacted rows this writer never read), that
   * entry's updates are appended after the highest seq stored instead. The writer then sees seqs that do not start
   * at afterSeq+1 and reads the gap with readAfter (or load, when it was compacted). Other entries are unaffected.
   */
  appendBatch(entries: readonly BatchEntry[]): Promise<number[][]>;

  /**
   * The group-commit window this storage wants when the collab options do not set one (CollabOptions.groupCommitMs);
   * 0 when absent. 0 where a write is cheap (a synchronous SQLite transaction: tens of µs), a few ms where each write
   * costs round trips and CPU of its own (PostgreSQL: ≈ 1 ms of the event loop per transaction, whatever its size).
   */
  readonly groupCommitMs?: number;

  /** Updates with seq greater than `afterSeq`, by seq (without those compaction already folded into the snapshot). */
  readAfter(docName: string, afterSeq: number): Promise<StoredUpdate[]>;

  /**
   * Makes `state` (which holds exactly the updates up to and including `uptoSeq`) the snapshot and deletes the
   * updates it covers, atomically. Returns false and changes nothing when the snapshot is already at or past
   * `uptoSeq` (an older state never replaces a newer snapshot) or another writer is compacting the document.
   */
  compact(docName: string, state: Uint8Array, uptoSeq: number): Promise<boolean>;
}

/**
 * The file store: the bytes of uploaded vedlegg, addressed by their SHA-256, behind one port with an adapter per
 * deployment: the local disk under the data folder (disk-store.ts, the embedded default) and PostgreSQL
 * (postgres-store.ts, when DATABASE_URL is PostgreSQL, so that several instances share the files).
 *
 * An upload is first staged (staging.ts: a temporary file, hashed and counted as it arrives, synced to disk), checked,
 * and only then committed: atomically, so a crash leaves either the whole blob or nothing visible. The store knows
 * nothing of attachments: which blobs are still referenced is the file service's question (by query).
 */
import type { Readable } from 'node:stream';

/** A file received and held in a temporary place, not yet in the store. */
export interface StagedFile {
  /** The temporary file (removed by commit or discard). */
  path: string;
  sha256: string;
  size: number;
}

/** Inclusive byte offsets, as in HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FileStore {
  readonly kind: 'disk' | 'postgresql';
  /** Receives a stream into a staged file; throws FILE_TOO_LARGE (and leaves nothing) beyond maxBytes. */
  stage(source: Readable, maxBytes: number): Promise<StagedFile>;
  /** Moves a staged file into the store atomically (a blob already there is kept); the staged file is gone after. */
  commit(staged: StagedFile): Promise<void>;
  /** Forgets a staged file. */
  discard(staged: StagedFile): Promise<void>;
  /** stage + commit. */
  put(source: Readable, maxBytes: number): Promise<{ sha256: string; size: number }>;
  /** The blob's bytes (or the range of them), or null when the store has no such blob. */
  open(sha256: string, range?: ByteRange): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  /** Removes a blob (the caller has checked nothing references it). */
  delete(sha256: string): Promise<void>;
  /** At start: removes staged files left by a process that died (never a live upload's). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { CollabOrigin, ServerOrigin } from './origins.js';
import type { DocumentStorage } from './storage/port.js';

/** Who connects, and whether they may edit. */
export interface CollabAccess {
  userId: string | null;
  readOnly: boolean;
}

export interface CollabOptions {
  /** Largest frame a client may send (ws closes with 1009 above it). Default 1 MiB. */
  maxFrameBytes: number;
  /** Largest amount of received, unhandled data per connection before it is closed. Default 8 MiB. */
  maxBufferedBytes: number;
  /**
   * Largest amount of unsent data per connection (a client that stops reading) before it is closed with 1013; a frame
   * to an empty backlog always goes (outgoing-limit.ts). Default 8 MiB.
   */
  maxSendBacklogBytes: number;
  /** Interval of websocket pings; a connection that did not answer the previous one is terminated. Default 10 s. */
  pingIntervalMs: number;
  /** Sustained messages per second one connection may send (bursts of twice that); faster closes it. Default 1000. */
  maxMessagesPerSecond: number;
  /** How long a document without connections stays loaded. Default 30 s. */
  unloadGraceMs: number;
  /** Compact (snapshot, delete covered updates) after this many logged updates. Default 1000. */
  compactEvery: number;
  /** …or after this many logged bytes. Default 4 MiB. */
  compactBytes: number;
  /**
   * Updates arriving within this window (of any documents) are written together, in one transaction. Default: what
   * the storage asks for (DocumentStorage.groupCommitMs), else 0 — a classic group commit: one write in flight, and
   * what arrives meanwhile (or within the same turn of the event loop) is the next batch, written the moment the
   * write ends. Under continuous load a window adds its length to every keystroke (the committer is never idle, so
   * writeAtOnceWhenIdle never fires); it pays only where each write is expensive whatever its size.
   */
  groupCommitMs?: number;
  /**
   * When the committer has been idle for a whole window, write at once instead of waiting for it (a lone typist's
   * keystroke is not held back). Default true; off, every batch waits for its window.
   */
  writeAtOnceWhenIdle: boolean;
}

export const defaultCollabOptions: CollabOptions = {
  maxFrameBytes: 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxSendBacklogBytes: 8 * 1024 * 1024,
  maxMessagesPerSecond: 1000,
  pingIntervalMs: 10_000,
  unloadGraceMs: 30_000,
  compactEvery: 500,
  compactBytes: 4 * 1024 * 1024,
  writeAtOnceWhenIdle: true,
};

export interface CollabHooks {
  /**
   * A change is durable (client and server changes) or was read from the log (origin kind "store"), in order.
   * Use `origin.kind` to tell client typing from server-applied changes.
   */
  onChange?(docName: string, doc: Y.Doc, update: Uint8Array, origin: CollabOrigin): void;
  /** Seqs fromSeq..toSeq of a document are durable (what a relay to other instances would publish). */
  onStored?(docName: string, fromSeq: number, toSeq: number): void;
  /**
   * The awareness of a loaded document changed, other than by applyRemoteAwareness/removeRemoteAwareness
   * (a client's cursor, a client leaving, a timeout): what a relay to other instances would publish.
   */
  onAwareness?(docName: string, update: Uint8Array, changes: { updated: number[]; removed: number[] }): void;
  /** setReadOnly was called here (not relayed from another instance). */
  onReadOnly?(docName: string, reason: string | null): void;
}

export interface CollabDeps {
  /** Where documents are stored: SqlDocumentStorage in the server, MemoryDocumentStorage in tests. */
  storage: DocumentStorage;
  log: Logger;
  /** Decides who may open a document; null refuses (HTTP 403). Default: everyone, read-write, anonymous. */
  authorize?(req: IncomingMessage, docName: string): Promise<CollabAccess | null>;
  /** Runs once per load, after the stored state is applied and before any client is answered (e.g. ensureLayout). */
  loadInitial?(docName: string, doc: Y.Doc): Promise<void>;
  hooks?: CollabHooks;
  options?: Partial<CollabOptions>;
}

export interface CollabServer {
  /** For the HTTP server's `upgrade` event: refuses other paths and unauthorized requests with HTTP 4xx. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The loaded document (loading it if needed), for server-side reads and transactions. */
  getDocument(docName: string): Promise<Y.Doc>;
  /** The document's state once everything accepted is stored, with the sequence number of the last logged update. */
  storedState(docName: string): Promise<{ state: Uint8Array; seq: number }>;
  /** Applies `fn` to the document in one transaction with a server origin; resolves once the change is durable. */
  applyServerUpdate(docName: string, fn: (doc: Y.Doc) => void, origin?: ServerOrigin | string): Promise<void>;
  /** Whether client edits to the document are refused. */
  isReadOnly(docName: string): boolean;
  /** Refuses (reason) or accepts again (null) client edits; connected clients are told the reason. */
  setReadOnly(docName: string, reason: string | null, opts?: { relayed?: boolean }): void;
  /** Another writer stored updates up to `toSeq`: read what this instance lacks from the log. */
  notifyStored(docName: string, fromSeq: number, toSeq: number): Promise<void>;
  /** Reads whatever other writers stored after this instance's lastSeq (a loaded document only). */
  catchUp(docName: string): Promise<void>;
  /** Names of the documents loaded now. */
  loadedDocuments(): string[];
  /** Applies an awareness update from another instance to a loaded document (its local clients see it). */
  applyRemoteAwareness(docName: string, update: Uint8Array): void;
  /** Removes awareness states another instance had announced (it stopped, or its clients left). */
  removeRemoteAwareness(docName: string, clientIds: number[]): void;
  /** The encoded awareness states of a loaded document whose client ids pass `filter` (null if not loaded). */
  encodeAwareness(docName: string, filter?: (clientId: number) => boolean): { update: Uint8Array; clientIds: number[] } | null;
  /** Resolves once every change accepted so far for a loaded (or loading) document is durable. */
  whenStored(docName: string): Promise<void>;
  /** Resolves once every accepted change is durable. */
  flush(): Promise<void>;
  /** Stops accepting, stores everything, closes every socket with 1001. */
  close(): Promise<void>;
  /**
   * Counts for metrics and tests; sendBacklogBytes: what the connections' sockets hold unsent (each at most
   * maxBufferedBytes plus one frame, see outgoing-limit.ts).
   */
  stats(): { documents: number; connections: number; sendBacklogBytes: number };
}

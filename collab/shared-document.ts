/**
 * One loaded collaborative document: the Y.Doc every client of it shares, awareness, its connections, the
 * durable update log and the validation of what clients send.
 *
 * Ordering rules:
 *  - a connection's frames wait until the document is loaded (stored state + loadInitial);
 *  - on start the server sends its sync step 1, so a reconnecting client uploads what it has and we lack;
 *  - sync step 2 replies wait until what the document held is stored;
 *  - a client update is validated, applied, logged, and only broadcast once durable.
 */
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, READ_ONLY_ACCESS_REASON } from './close-codes.js';
import type { Connection } from './connection.js';
import { prepareFrame, type PreparedFrame } from './framed-send.js';
import type { GroupCommitter } from './group-commit.js';
import { collabMetrics } from './metrics.js';
import { STORE_ORIGIN, toCollabOrigin, type CollabOrigin } from './origins.js';
import {
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateParts,
  parseClientMessage,
  ProtocolError,
} from './protocol.js';
import type { DocumentStorage } from './storage/port.js';
import { encodeStateSized } from './state-encoding.js';
import { UpdateLog, type LoggedUpdate, type UpdateLogOptions } from './update-log.js';
import { UpdateValidator } from './update-validation.js';

export interface SharedDocumentHooks {
  /** After an update is durable (or, for store-origin updates, applied), in order. */
  onChange?(docName: string, doc: Y.Doc, update: Uint8Array, origin: CollabOrigin): void;
  /** Seqs fromSeq..toSeq of the document are durable (what a relay between instances would publish). */
  onStored?(docName: string, fromSeq: number, toSeq: number): void;
  /** Awareness changed other than by a relay from another instance. */
  onAwareness?(docName: string, update: Uint8Array, changes: { updated: number[]; removed: number[] }): void;
}

const DOCUMENT_RELOADED = 'document reloaded from storage after a failed update: reconnect';

/** Origin of awareness changes relayed from another instance (not published again). */
const REMOTE_AWARENESS = Symbol('remote awareness');

export interface SharedDocumentContext {
  store: DocumentStorage;
  /** Writes the batches of every document together (one per collab server). */
  committer: GroupCommitter;
  log: Logger;
  logOptions: UpdateLogOptions;
  hooks: SharedDocumentHooks;
  loadInitial?: (docName: string, doc: Y.Doc) => Promise<void>;
  /** Why the document is read-only, or null. Asked on every client update. */
  readOnlyReason(docName: string): string | null;
  /** The document failed (see SharedDocument.failed): store what it logged, forget it and destroy it. */
  discard(shared: SharedDocument): void;
}

export class SharedDocument {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  /** Connections of this document, started or still waiting for the load. */
  readonly connections = new Set<Connection>();
  /** Resolves when the stored state is loaded and loadInitial has run. */
  readonly ready: Promise<void>;
  /** Bumped by anything that uses the document; an unload aborts when it changed meanwhile. */
  activity = 0;
  private log_: UpdateLog | null = null;
  private validator: UpdateValidator | null = null;
  private readonly started = new Set<Connection>();
  private destroyed = false;
  /**
   * Yjs threw while applying an accepted update: the document may be half-changed (an item linked but not stored,
   * a deletion half done) and must not be served or changed any more. Every connection is closed
   * (CloseCode.documentReloaded) and the server reloads the document from storage when a client reconnects.
   */
  private failed_ = false;

  constructor(
    readonly name: string,
    private readonly ctx: SharedDocumentContext,
  ) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.ready = this.load();
    this.ready.catch(() => undefined); // observed by whoever awaits it
  }

  get updateLog(): UpdateLog {
    if (!this.log_) throw new Error(`document ${this.name} is not loaded`);
    return this.log_;
  }

  get isLoaded(): boolean {
    return this.log_ !== null && !this.destroyed;
  }

  get failed(): boolean {
    return this.failed_;
  }

  private async load(): Promise<void> {
    const loaded = await this.ctx.store.load(this.name);
    const updates = loaded.snapshot ? [loaded.snapshot.state, ...loaded.updates.map((u) => u.data)] : loaded.updates.map((u) => u.data);
    if (updates.length) {
      Y.transact(this.doc, () => {
        for (const update of updates) Y.applyUpdate(this.doc, update, STORE_ORIGIN);
      }, STORE_ORIGIN);
    }
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.ctx.log.error({ docName: this.name }, 'collab: stored state has unresolved dependencies');
    }
    this.log_ = new UpdateLog(this.name, this.ctx.store, this.ctx.committer, this.ctx.log, this.ctx.logOptions, {
      onCommitted: (batch) => this.onCommitted(batch),
      applyStored: (stored) => this.applyStored(stored),
      encodeState: (expectedBytes) => encodeStateSized(this.doc, expectedBytes),
    }, {
      lastSeq: loaded.lastSeq,
      count: loaded.updates.length,
      bytes: loaded.updates.reduce((n, u) => n + u.data.byteLength, 0),
      snapshotBytes: loaded.snapshot?.state.byteLength ?? 0,
    });
    // The document's one 'update' listener: validates client updates and passes every change on.
    this.validator = new UpdateValidator(this.doc, this.onDocUpdate);
    if (this.ctx.loadInitial) await this.ctx.loadInitial(this.name, this.doc);
    this.ctx.log.debug({ docName: this.name, seq: loaded.lastSeq, updates: loaded.updates.length }, 'collab: document loaded');
  }

  /** Every change goes through here: stored ones are broadcast at once, everything else after it is logged. */
  private readonly onDocUpdate = (update: Uint8Array, rawOrigin: unknown) => {
    const origin = toCollabOrigin(rawOrigin);
    if (origin.kind === 'store') {
      this.broadcast(encodeUpdateParts(update), null);
      this.notifyChange(update, origin);
      return;
    }
    if (this.destroyed) {
      this.ctx.log.error({ docName: this.name, origin }, 'collab: change to an unloaded document is lost');
      return;
    }
    this.updateLog.push(update, origin);
  };

  private onCommitted(batch: LoggedUpdate[]): void {
    for (const entry of batch) {
      const except = entry.origin.kind === 'client' ? entry.origin.connectionId : null;
      this.broadcast(encodeUpdateParts(entry.data), except);
      this.notifyChange(entry.data, entry.origin);
    }
    const from = batch[0]?.seq;
    const to = batch[batch.length - 1]?.seq;
    if (from !== undefined && to !== undefined && this.ctx.hooks.onStored) {
      try {
        this.ctx.hooks.onStored(this.name, from, to);
      } catch (error) {
        this.ctx.log.error({ err: error, docName: this.name }, 'collab: onStored hook failed');
      }
    }
  }

  private applyStored(updates: Uint8Array[]): void {
    Y.transact(this.doc, () => {
      for (const update of updates) Y.applyUpdate(this.doc, update, STORE_ORIGIN);
    }, STORE_ORIGIN);
  }

  private notifyChange(update: Uint8Array, origin: CollabOrigin): void {
    if (!this.ctx.hooks.onChange) return;
    try {
      this.ctx.hooks.onChange(this.name, this.doc, update, origin);
    } catch (error) {
      this.ctx.log.error({ err: error, docName: this.name }, 'collab: onChange hook failed');
    }
  }

  /** Sends a message (its parts) to every started connection but one: framed once, one write of the same buffer per socket. */
  private broadcast(message: readonly Uint8Array[], exceptConnectionId: string | null): void {
    let frame: PreparedFrame | null = null;
    for (const conn of this.started) {
      if (conn.id !== exceptConnectionId) conn.send((frame ??= prepareFrame(message)));
    }
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const source = this.isConnection(origin) ? origin : null;
    if (source) {
      for (const id of added) source.awarenessClients.add(id);
      for (const id of updated) source.awarenessClients.add(id);
      for (const id of removed) source.awarenessClients.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length && origin !== REMOTE_AWARENESS && this.ctx.hooks.onAwareness && !this.destroyed) {
      try {
        const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
        this.ctx.hooks.onAwareness(this.name, update, { updated: [...added, ...updated], removed });
      } catch (error) {
        this.ctx.log.error({ err: error, docName: this.name }, 'collab: onAwareness hook failed');
      }
    }
    if (!changed.length || !this.started.size) return;
    const frame = prepareFrame(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    for (const conn of this.started) if (conn !== source) conn.send(frame);
  };

  private isConnection(value: unknown): value is Connection {
    return typeof value === 'object' && value !== null && this.connections.has(value as Connection);
  }

  /** Applies another instance's awareness update (relayed; not reported to onAwareness again). */
  applyRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_AWARENESS);
  }

  /** Removes awareness states another instance announced. */
  removeRemoteAwareness(clientIds: number[]): void {
    if (this.destroyed) return;
    const present = clientIds.filter((id) => this.awareness.getStates().has(id));
    if (present.length) awarenessProtocol.removeAwarenessStates(this.awareness, present, REMOTE_AWARENESS);
  }

  /** Adds a connection; its frames are handled once the document is loaded. */
  attach(conn: Connection): void {
    this.activity++;
    if (this.failed_) {
      conn.close(CloseCode.documentReloaded, DOCUMENT_RELOADED);
      return;
    }
    this.connections.add(conn);
    this.ready.then(
      () => this.start(conn),
      () => conn.close(CloseCode.internalError, 'document could not be loaded'),
    );
  }

  private start(conn: Connection): void {
    if (!this.connections.has(conn) || !conn.isOpen || this.failed_) return;
    this.started.add(conn);
    const readOnly = this.readOnlyReasonFor(conn);
    // Our state vector first: the client answers with whatever we lack (edits made while offline).
    // A read-only client is told instead, so it does not upload what would be refused anyway.
    if (readOnly === null) conn.send(encodeSyncStep1(this.doc));
    else this.tellReadOnly(conn, readOnly);
    const states = this.awareness.getStates();
    if (states.size > 0) {
      conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
    conn.start((c, frame) => this.handleFrame(c, frame));
  }

  /** Removes a connection and the awareness states it announced (broadcast as removed). */
  detach(conn: Connection): void {
    this.activity++;
    this.connections.delete(conn);
    this.started.delete(conn);
    if (conn.awarenessClients.size && !this.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], 'connection closed');
    }
    conn.awarenessClients.clear();
  }

  private readOnlyReasonFor(conn: Connection): string | null {
    const docReason = this.ctx.readOnlyReason(this.name);
    if (docReason !== null) return docReason;
    return conn.readOnly ? READ_ONLY_ACCESS_REASON : null;
  }

  private tellReadOnly(conn: Connection, reason: string): void {
    if (conn.toldReadOnly) return;
    conn.toldReadOnly = true;
    conn.send(encodePermissionDenied(reason));
  }

  /** Tells every connected client why their edits are no longer accepted. */
  announceReadOnly(reason: string): void {
    for (const conn of this.started) {
      conn.toldReadOnly = false;
      this.tellReadOnly(conn, reason);
    }
  }

  private handleFrame(conn: Connection, frame: Uint8Array): void | Promise<void> {
    if (this.failed_) return;
    let message;
    try {
      message = parseClientMessage(frame);
    } catch (error) {
      if (error instanceof ProtocolError) {
        this.ctx.log.info({ connectionId: conn.id, docName: this.name, reason: error.reason }, 'collab: protocol error');
        conn.close(error.code, error.reason);
        return;
      }
      throw error;
    }
    switch (message.type) {
      case 'sync-step-1':
        return this.answerSyncStep1(conn, message.stateVector);
      case 'sync-step-2':
      case 'update':
        this.acceptUpdate(conn, message.update, message.type === 'update');
        return;
      case 'awareness':
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, conn);
        } catch {
          conn.close(CloseCode.invalidPayload, 'awareness update could not be applied');
        }
        return;
      case 'query-awareness': {
        const states = this.awareness.getStates();
        conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
        return;
      }
    }
  }

  /** Replies with what the client lacks, once what the document holds is durable. */
  private async answerSyncStep1(conn: Connection, stateVector: Uint8Array): Promise<void> {
    await this.updateLog.whenStored();
    if (!conn.isOpen || this.destroyed) return;
    let reply: Uint8Array;
    try {
      reply = encodeSyncStep2(this.doc, stateVector);
    } catch {
      conn.close(CloseCode.invalidPayload, 'malformed state vector');
      return;
    }
    conn.send(reply);
  }

  private acceptUpdate(conn: Connection, update: Uint8Array, incremental: boolean): void {
    const readOnly = this.readOnlyReasonFor(conn);
    if (readOnly !== null) {
      this.tellReadOnly(conn, readOnly);
      collabMetrics.updateRefused('read-only');
      this.ctx.log.debug({ connectionId: conn.id, docName: this.name }, 'collab: update to read-only document ignored');
      return;
    }
    const verdict = this.validator!.validate(update);
    if (!verdict.ok) {
      this.ctx.log.warn({ connectionId: conn.id, userId: conn.userId, docName: this.name, reason: verdict.reason }, 'collab: update refused');
      conn.close(verdict.code, verdict.reason);
      collabMetrics.updateRefused('invalid');
      return;
    }
    try {
      this.validator!.apply(update, conn.origin, incremental);
    } catch (error) {
      this.fail(error, conn);
    }
  }

  /** See `failed`. What Yjs emitted before it threw is logged like any change, so the reload holds it. */
  private fail(error: unknown, conn: Connection): void {
    if (this.failed_) return;
    this.failed_ = true;
    this.updateLog.stopSnapshots(); // a snapshot would store the half-changed state; the reload replays the log
    this.ctx.log.error(
      { err: error, docName: this.name, connectionId: conn.id, userId: conn.userId },
      'collab: applying an accepted update failed; the document is reloaded from storage',
    );
    for (const c of [...this.connections]) c.close(CloseCode.documentReloaded, DOCUMENT_RELOADED);
    this.ctx.discard(this);
  }

  /** Applies a server-side change in one transaction (logged and broadcast like any other). */
  transact(fn: (doc: Y.Doc) => void, origin: CollabOrigin): void {
    this.activity++;
    this.doc.transact(() => fn(this.doc), origin);
  }

  /** Frees memory; the document must be idle and stored. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.validator?.destroy();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    // Whoever still holds the doc learns that changes now go nowhere.
    this.doc.on('update', this.onDocUpdate);
    this.log_?.close();
  }
}

/**
 * The live co-editing server: y-websocket protocol over `ws`, mounted by the host HTTP server on
 * `/collab/<docName>`, backed by the durable update log (update-log.ts) in a DocumentStorage (storage/port.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.js';
import { Connection } from './connection.js';
import { createGroupCommitter } from './group-commit.js';
import { parseCollabTarget, rejectUpgrade } from './http-upgrade.js';
import { serverOrigin, type ServerOrigin } from './origins.js';
import { SharedDocument, type SharedDocumentContext } from './shared-document.js';
import { defaultCollabOptions, type CollabAccess, type CollabDeps, type CollabServer } from './types.js';
import { limitStringMerges } from './yjs-string-merge.js';

const OPEN_ACCESS: CollabAccess = { userId: null, readOnly: false };

/**
 * A frame as a Uint8Array that holds no more memory than its own bytes: ws hands out views of the socket's chunks
 * (or of Buffer's pool) for small frames, copied here so that a queued update does not keep a whole chunk alive; a
 * large frame ws assembled into a buffer of its own is taken as it is (a 512 KB paste is not copied again).
 */
function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return new Uint8Array(data.buffer, 0, data.byteLength);
  return new Uint8Array(data);
}

export function createCollabServer(deps: CollabDeps): CollabServer {
  limitStringMerges(); // a large paste's update must not copy the whole text again (yjs-string-merge.ts)
  const store = deps.storage;
  const options = { ...defaultCollabOptions, ...deps.options };
  const log = deps.log.child({ component: 'collab' });
  // One committer for every document of this server: their updates share one storage write per window.
  const committer = createGroupCommitter(store, log, options);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false });
  const docs = new Map<string, SharedDocument>();
  const readOnly = new Map<string, string>();
  const connections = new Map<Connection, Promise<void>>();
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  const connectionPrefix = randomBytes(4).toString('hex');
  let connectionCounter = 0;
  let closing: Promise<void> | null = null;

  const ctx: SharedDocumentContext = {
    store,
    committer,
    log,
    logOptions: { compactEvery: options.compactEvery, compactBytes: options.compactBytes },
    hooks: deps.hooks ?? {},
    loadInitial: deps.loadInitial,
    readOnlyReason: (docName) => readOnly.get(docName) ?? null,
    discard: (shared) => void discard(shared),
  };
  /** Failed documents being discarded: a document is loaded again only once what they logged is stored. */
  const discarding = new Map<string, Promise<void>>();

  const pingTimer = setInterval(() => {
    for (const conn of connections.keys()) {
      if (!conn.alive) {
        log.debug({ connectionId: conn.id }, 'collab: no pong, terminating');
        conn.terminate();
      } else {
        conn.ping();
      }
    }
  }, options.pingIntervalMs);
  pingTimer.unref();

  /** The document, loaded or loading; a failed load forgets it so that the next attempt loads again. */
  function acquire(docName: string): SharedDocument {
    cancelUnload(docName);
    const existing = docs.get(docName);
    if (existing) return existing;
    const shared = new SharedDocument(docName, ctx);
    docs.set(docName, shared);
    shared.ready.catch((error: unknown) => {
      log.error({ err: error, docName }, 'collab: loading document failed');
      if (docs.get(docName) === shared) docs.delete(docName);
      shared.destroy();
    });
    return shared;
  }

  async function acquireReady(docName: string): Promise<SharedDocument> {
    if (closing) throw new Error('collab server is closed');
    await discarding.get(docName);
    const shared = acquire(docName);
    await shared.ready;
    shared.activity++;
    scheduleUnloadIfIdle(shared);
    return shared;
  }

  function cancelUnload(docName: string): void {
    const timer = unloadTimers.get(docName);
    if (timer) clearTimeout(timer);
    unloadTimers.delete(docName);
  }

  function scheduleUnloadIfIdle(shared: SharedDocument): void {
    if (closing || shared.connections.size > 0 || docs.get(shared.name) !== shared) return;
    cancelUnload(shared.name);
    const timer = setTimeout(() => {
      unloadTimers.delete(shared.name);
      void unload(shared);
    }, options.unloadGraceMs);
    timer.unref();
    unloadTimers.set(shared.name, timer);
  }

  /** Stores, compacts and forgets an idle document; aborts if anyone used it meanwhile. */
  async function unload(shared: SharedDocument): Promise<void> {
    if (closing || docs.get(shared.name) !== shared || shared.connections.size > 0 || !shared.isLoaded || shared.failed) return;
    const activity = shared.activity;
    try {
      await shared.updateLog.compact();
    } catch (error) {
      log.warn({ err: error, docName: shared.name }, 'collab: storing before unload failed');
    }
    if (closing || docs.get(shared.name) !== shared) return;
    if (shared.connections.size > 0 || shared.activity !== activity || shared.updateLog.hasPending) {
      scheduleUnloadIfIdle(shared);
      return;
    }
    docs.delete(shared.name);
    shared.destroy();
    log.debug({ docName: shared.name }, 'collab: document unloaded');
  }

  /**
   * Forgets a failed document (SharedDocument.failed) once what it logged is stored, so that the next client loads
   * it from storage. Meanwhile it closes whoever connects (attach) and acquireReady waits.
   */
  function discard(shared: SharedDocument): void {
    cancelUnload(shared.name);
    const done = shared.updateLog
      .whenStored()
      .catch((error: unknown) => log.error({ err: error, docName: shared.name }, 'collab: storing a failed document failed'))
      .then(() => {
        if (docs.get(shared.name) === shared) docs.delete(shared.name);
        shared.destroy();
        discarding.delete(shared.name);
        log.warn({ docName: shared.name }, 'collab: failed document discarded; it is reloaded from storage');
      });
    discarding.set(shared.name, done);
  }

  function onConnection(ws: WebSocket, docName: string, access: CollabAccess): void {
    const id = `${connectionPrefix}-${++connectionCounter}`;
    const conn = new Connection(
      id,
      docName,
      access.userId,
      access.readOnly,
      ws,
      { maxBufferedBytes: options.maxSendBacklogBytes, maxQueuedBytes: options.maxBufferedBytes, maxMessagesPerSecond: options.maxMessagesPerSecond },
      log,
    );
    const shared = acquire(docName);
    const closed = new Promise<void>((resolve) => {
      ws.on('close', () => {
        connections.delete(conn);
        conn.closed();
        if (shared.connections.has(conn)) {
          shared.detach(conn);
          scheduleUnloadIfIdle(shared);
        }
        resolve();
      });
    });
    connections.set(conn, closed);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        conn.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
        return;
      }
      conn.receive(frameBytes(data));
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (error) => log.debug({ err: error, connectionId: id }, 'collab: socket error'));
    log.debug({ connectionId: id, docName, userId: access.userId, readOnly: access.readOnly }, 'collab: connected');
    shared.attach(conn);
  }

  async function authorizeAndUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, docName: string, onError: (e: Error) => void) {
    let access: CollabAccess | null;
    try {
      access = deps.authorize ? await deps.authorize(req, docName) : OPEN_ACCESS;
    } catch (error) {
      log.error({ err: error, docName }, 'collab: authorize failed');
      rejectUpgrade(socket, 500, 'authorization failed');
      return;
    }
    if (socket.destroyed) return;
    if (closing) return rejectUpgrade(socket, 503, 'server is shutting down');
    if (!access) return rejectUpgrade(socket, 403, 'not allowed to open this document');
    const granted = access;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onError);
      onConnection(ws, docName, granted);
    });
  }

  function toServerOrigin(origin: ServerOrigin | string | undefined): ServerOrigin {
    if (origin === undefined) return serverOrigin('server');
    return typeof origin === 'string' ? serverOrigin(origin) : origin;
  }

  return {
    handleUpgrade(req, socket, head) {
      if (closing) return rejectUpgrade(socket, 503, 'server is shutting down');
      const target = parseCollabTarget(req);
      if (!target.ok) return rejectUpgrade(socket, target.status, target.message);
      const onError = (error: Error) => log.debug({ err: error }, 'collab: socket error before upgrade');
      socket.on('error', onError);
      void authorizeAndUpgrade(req, socket, head, target.docName, onError);
    },

    async getDocument(docName) {
      return (await acquireReady(docName)).doc;
    },

    async storedState(docName) {
      const shared = await acquireReady(docName);
      await shared.updateLog.whenStored();
      // Other instances may have stored updates this one has not been told about yet (a version must hold them).
      await shared.updateLog.catchUp();
      return { state: Y.encodeStateAsUpdate(shared.doc), seq: shared.updateLog.lastSeq };
    },

    async applyServerUpdate(docName, fn, origin) {
      const shared = await acquireReady(docName);
      shared.transact(fn, toServerOrigin(origin));
      await shared.updateLog.whenStored();
    },

    isReadOnly(docName) {
      return readOnly.has(docName);
    },

    setReadOnly(docName, reason, opts) {
      if (!opts?.relayed && deps.hooks?.onReadOnly) {
        try {
          deps.hooks.onReadOnly(docName, reason);
        } catch (error) {
          log.error({ err: error, docName }, 'collab: onReadOnly hook failed');
        }
      }
      if (reason === null) {
        readOnly.delete(docName);
        return;
      }
      readOnly.set(docName, reason);
      const shared = docs.get(docName);
      if (shared?.isLoaded) shared.announceReadOnly(reason);
      log.info({ docName, reason }, 'collab: document is read-only');
    },

    async notifyStored(docName, _fromSeq, toSeq) {
      const shared = docs.get(docName);
      if (!shared?.isLoaded || toSeq <= shared.updateLog.lastSeq) return;
      await shared.updateLog.catchUp();
    },

    async catchUp(docName) {
      const shared = docs.get(docName);
      if (!shared?.isLoaded) return;
      await shared.updateLog.catchUp();
    },

    loadedDocuments() {
      return [...docs.values()].filter((s) => s.isLoaded).map((s) => s.name);
    },

    applyRemoteAwareness(docName, update) {
      const shared = docs.get(docName);
      if (shared?.isLoaded) shared.applyRemoteAwareness(update);
    },

    removeRemoteAwareness(docName, clientIds) {
      const shared = docs.get(docName);
      if (shared?.isLoaded) shared.removeRemoteAwareness(clientIds);
    },

    encodeAwareness(docName, filter) {
      const shared = docs.get(docName);
      if (!shared?.isLoaded) return null;
      const clientIds = [...shared.awareness.getStates().keys()].filter((id) => !filter || filter(id));
      return { update: awarenessProtocol.encodeAwarenessUpdate(shared.awareness, clientIds), clientIds };
    },

    async whenStored(docName) {
      const shared = docs.get(docName);
      if (shared?.isLoaded) await shared.updateLog.whenStored();
    },

    async flush() {
      await Promise.all(
        [...docs.values()].map(async (shared) => {
          try {
            await shared.ready;
          } catch {
            return; // nothing was accepted for a document that never loaded
          }
          if (shared.isLoaded) await shared.updateLog.flush();
        }),
      );
    },

    close() {
      closing ??= (async () => {
        clearInterval(pingTimer);
        for (const timer of unloadTimers.values()) clearTimeout(timer);
        unloadTimers.clear();
        // Stop handling frames first, so that nothing is accepted after the final flush.
        for (const conn of connections.keys()) conn.close(CloseCode.goingAway, 'server shutting down');
        const loaded = await Promise.allSettled([...docs.values()].map((s) => s.ready.then(() => s)));
        const stored = await Promise.allSettled(
          loaded.map(async (r) => {
            if (r.status !== 'fulfilled' || !r.value.isLoaded) return;
            r.value.updateLog.close();
            await r.value.updateLog.flush();
          }),
        );
        for (const r of stored) if (r.status === 'rejected') log.error({ err: r.reason }, 'collab: final flush failed');
        await Promise.all(connections.values());
        for (const shared of docs.values()) shared.destroy();
        docs.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },

    stats() {
      let sendBacklogBytes = 0;
      for (const conn of connections.keys()) sendBacklogBytes += conn.backlogBytes;
      return { documents: docs.size, connections: connections.size, sendBacklogBytes };
    },
  };
}

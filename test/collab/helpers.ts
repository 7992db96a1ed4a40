/** Shared helpers of the collab tests: a real HTTP server with the collab server, real y-websocket clients. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createCollabServer } from '../../collab/collab-server.js';
import { MemoryDocumentStorage } from '../../collab/storage/memory-storage.js';
import type { DocumentStorage, StoredUpdate, UpdateToAppend } from '../../collab/storage/port.js';
import type { CollabDeps, CollabServer } from '../../collab/types.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { waitFor } from '../helpers/wait.js';

// Every WebsocketProvider adds a process 'exit' listener; ten clients in one test are expected.
process.setMaxListeners(50);

export const silentLog = pino({ level: process.env.MOTEBOK_TEST_LOG ?? 'silent' });

// Polls a condition until it holds (the one waitFor of the tests).
export { waitFor } from '../helpers/wait.js';

export interface TestDb {
  url: string;
  orm: Orm;
  close(): Promise<void>;
}

/** A temporary SQLite file (so that a second ORM can open the same data), migrated. */
export function tempSqliteUrl(): { url: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'motebok-collab-'));
  return { url: `sqlite:${join(dir, 'collab.sqlite')}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A migrated SQLite database (for the tests of the SQL storage and of durability across a restart). */
export async function openDb(url = 'sqlite::memory:'): Promise<TestDb> {
  const { orm } = await openDatabase({ kind: 'sqlite', url, poolMax: 1 }, silentLog);
  return { url, orm, close: () => orm.close(true) };
}

export interface CollabHarness {
  collab: CollabServer;
  storage: DocumentStorage;
  http: Server;
  /** ws://127.0.0.1:<port>/collab — the y-websocket serverUrl. */
  serverUrl: string;
  stop(): Promise<void>;
}

/**
 * A real HTTP server on an ephemeral port routing `upgrade` to a new collab server, on `deps.storage` (default: a
 * fresh in-memory storage; pass one storage to several servers for several instances on one database).
 */
export async function startCollab(deps: Partial<CollabDeps> = {}): Promise<CollabHarness> {
  const storage = deps.storage ?? new MemoryDocumentStorage();
  const collab = createCollabServer({ log: silentLog, ...deps, storage });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  let stopped = false;
  return {
    collab,
    storage,
    http,
    serverUrl: `ws://127.0.0.1:${port}/collab`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await collab.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Another instance's write: appends `updates` after the last seq it reads (the document's writer is not told). */
export async function appendElsewhere(storage: DocumentStorage, docName: string, updates: UpdateToAppend[]): Promise<number[]> {
  const { lastSeq } = await storage.load(docName);
  return (await storage.appendBatch([{ docName, afterSeq: lastSeq, updates }]))[0]!;
}

/** The stored updates of a document after its snapshot (seq, origin, user), by seq. */
export function storedRows(storage: DocumentStorage, docName: string): Promise<StoredUpdate[]> {
  return storage.readAfter(docName, 0);
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text(name?: string): Y.Text;
  destroy(): void;
}

/** A real y-websocket client (BroadcastChannel off, so that clients of one process only meet through the server). */
export function connectClient(serverUrl: string, docName: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(serverUrl, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    text: (name = 'text') => doc.getText(name),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitSynced(...clients: TestClient[]): Promise<void> {
  await waitFor(() => clients.every((c) => c.provider.synced), 'providers to sync');
}

/** All docs hold the same state (state vectors and the given texts). */
export function converged(docs: Y.Doc[], texts: string[] = ['text']): boolean {
  const [first, ...rest] = docs;
  if (!first) return true;
  const sv = Buffer.from(Y.encodeStateVector(first));
  return rest.every(
    (d) => Buffer.from(Y.encodeStateVector(d)).equals(sv) && texts.every((t) => d.getText(t).toString() === first.getText(t).toString()),
  );
}

/** A raw websocket client that records frames and the close it got. */
export interface RawClient {
  ws: WebSocket;
  frames: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  send(bytes: Uint8Array | string): void;
}

export function rawClient(serverUrl: string, docName: string): RawClient {
  const ws = new WebSocket(`${serverUrl}/${docName}`);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, opened, send: (bytes) => ws.send(bytes) };
}

// y-websocket frames built and read by hand.
export { frameKind, syncFrame, syncPayload } from '../helpers/y-frames.js';

// Resolves once the server has handled everything a client sent so far (it answers a query-awareness).
export { roundTrip } from '../helpers/live-docs.js';

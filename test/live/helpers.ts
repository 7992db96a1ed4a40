/**
 * Shared pieces of the live co-editing acceptance tests (not a test file itself): real y-websocket providers and
 * graphql-ws clients against the real server, polling, the seed meeting, and a server running as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import { adminTokenForDatabase, serverTokens } from '../helpers/app.js';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import * as Y from 'yjs';
import { getMinutesText, itemsMap, minutesDocName, projectMinutes, type MinutesProjection } from '../../schema/ydoc-layout.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Polls `fn` until it returns a truthy value without throwing; resolves with that value. On timeout it throws the
 * last error `fn` threw (so an `expect` inside gives its own diff), or a timeout error naming `message`.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5_000, message = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      if (lastError) throw lastError;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    }
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// GraphQL over HTTP and graphql-ws

export interface GqlError {
  message: string;
  extensions?: { code?: string };
}

export interface Gql {
  raw<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data: T; errors?: GqlError[] }>;
  /** Throws when the answer has errors. */
  ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export function gqlAt(baseUrl: string): Gql {
  const raw = async (query: string, variables?: Record<string, unknown>) => {
    const token = serverTokens.get(baseUrl);
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: any; errors?: GqlError[] };
  };
  return {
    raw,
    async ok(query, variables) {
      const r = await raw(query, variables);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data;
    },
  };
}

export function wsClient(baseUrl: string): Client {
  const token = serverTokens.get(baseUrl);
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token ? { token } : undefined,
  });
}

export const MEETING_TEXTS = /* GraphQL */ `
  query MeetingTexts($id: ID!) {
    meeting(id: $id) {
      id status
      agendaItems { id number notes decision { text } subItems { letter notes decision { text } } }
    }
  }
`;

export interface GqlItem {
  id: string;
  number: string;
  notes: string | null;
  decision: { text: string } | null;
  subItems: Array<{ letter: string; notes: string | null; decision: { text: string } | null }>;
}

export interface SeedMeeting {
  id: string;
  items: GqlItem[];
  /** Agenda item by its number, e.g. "24/2017". */
  item(number: string): GqlItem;
}

/** The example meeting of 14.09.2017 (items 21/2017–28/2017). */
export async function seedMeeting(gql: Gql): Promise<SeedMeeting> {
  const data = await gql.ok<{ meetings: Array<{ id: string; startsAt: string }> }>(
    `{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt } }`,
  );
  const m = data.meetings.find((x) => x.startsAt.startsWith('2017-09-14'));
  if (!m) throw new Error('the seed meeting of 14.09.2017 is missing');
  const items = await meetingItems(gql, m.id);
  return {
    id: m.id,
    items,
    item(number) {
      const found = items.find((i) => i.number === number);
      if (!found) throw new Error(`no item ${number}`);
      return found;
    },
  };
}

export async function meetingItems(gql: Gql, meetingId: string): Promise<GqlItem[]> {
  return (await gql.ok<{ meeting: { agendaItems: GqlItem[] } }>(MEETING_TEXTS, { id: meetingId })).meeting.agendaItems;
}

/** GraphQL's view of a meeting's texts in the shape of projectMinutes (null read as ""). */
export async function gqlProjection(gql: Gql, meetingId: string): Promise<MinutesProjection> {
  const out: MinutesProjection = {};
  for (const item of await meetingItems(gql, meetingId)) {
    out[item.id] = {
      notes: item.notes ?? '',
      decision: item.decision?.text ?? '',
      subItems: Object.fromEntries(
        item.subItems.map((s) => [s.letter, { notes: s.notes ?? '', decision: s.decision?.text ?? '' }]),
      ),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// y-websocket providers

export interface LiveClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Reasons of the permission-denied messages (y-protocols auth) the server sent this client. */
  denials: string[];
  /** The Y.Text of an item's (or sub-item's) field; throws when the structure has not arrived. */
  text(itemId: string, field: 'notes' | 'decision', letter?: string): Y.Text;
  destroy(): void;
}

/**
 * A real y-websocket provider on the referat of a meeting (BroadcastChannel off: clients only meet via the server),
 * with the server's test token unless another (or null: none) is given.
 */
export function connectLive(baseUrl: string, meetingId: string, opts: { maxBackoffTime?: number; token?: string | null } = {}): LiveClient {
  const doc = new Y.Doc();
  const token = opts.token === undefined ? serverTokens.get(baseUrl) : opts.token;
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/collab`, minutesDocName(meetingId), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: opts.maxBackoffTime ?? 250,
    params: token ? { token } : {},
  });
  const denials: string[] = [];
  provider.messageHandlers[2] = (_encoder, decoder, p) => {
    authProtocol.readAuthMessage(decoder, p.doc, (_doc, reason) => denials.push(reason));
  };
  return {
    doc,
    provider,
    denials,
    text(itemId, field, letter) {
      const t = getMinutesText(doc, itemId, field, letter);
      if (!t) throw new Error(`no Y.Text for ${itemId} ${letter ?? ''} ${field}`);
      return t;
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits until every client is synced and its document holds the structure of every given item. */
export async function waitSynced(clients: LiveClient[], itemIds: string[] = [], timeoutMs = 5_000): Promise<void> {
  await waitFor(
    () => clients.every((c) => c.provider.synced && itemIds.every((id) => itemsMap(c.doc).has(id))),
    timeoutMs,
    'providers to sync',
  );
}

/** The texts of a document, decoded from its full encoded state (not from the live object). */
export function encodedProjection(doc: Y.Doc): MinutesProjection {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const projection = projectMinutes(copy);
  copy.destroy();
  return projection;
}

/** All documents hold the same state: equal state vectors and equal texts (decoded from their encoded state). */
export function converged(docs: Y.Doc[]): boolean {
  const [first, ...rest] = docs;
  if (!first) return true;
  const sv = Buffer.from(Y.encodeStateVector(first));
  const texts = JSON.stringify(encodedProjection(first));
  return rest.every((d) => Buffer.from(Y.encodeStateVector(d)).equals(sv) && JSON.stringify(encodedProjection(d)) === texts);
}

/** Resolves once the server has handled every frame this client sent so far (it answers a query-awareness). */
export async function roundTrip(client: { provider: WebsocketProvider }, timeoutMs = 5_000): Promise<void> {
  const ws = client.provider.ws as unknown as WebSocket | null;
  if (!ws) throw new Error('client is not connected');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error('no answer to query-awareness'));
    }, timeoutMs);
    const onMessage = (data: Buffer | ArrayBuffer) => {
      // y-websocket sets binaryType 'arraybuffer'
      if (new Uint8Array(data)[0] === 1) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve();
      }
    };
    ws.on('message', onMessage);
    ws.send(new Uint8Array([3]));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The server as a child process

/** A free TCP port (bound to 0, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface TempSqlite {
  url: string;
  remove(): void;
}

export function tempSqlite(): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), 'motebok-live-'));
  return { url: `sqlite:${join(dir, 'live.sqlite')}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  output(): string;
}

/**
 * `node --import tsx server/main.ts` with PORT, DATABASE_URL and LOG_LEVEL=warn, as it is deployed
 * (NODE_ENV=production, not the test mode the runner sets); resolves once /readyz answers 200.
 */
export async function startChildServer(opts: {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  /** How long to wait for /readyz (several instances start on a busy machine). */
  readyTimeoutMs?: number;
  /** Called with the process as soon as it is spawned (so that a caller can kill it should the start fail). */
  onSpawn?(proc: ChildProcess): void;
}): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    DATABASE_URL: opts.databaseUrl,
    SEED_EXAMPLE: 'true',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.onSpawn?.(proc);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${opts.port}`;
  let done = false;
  void exited.then(() => (done = true));
  await waitFor(
    async () => {
      if (done) throw new Error(`the server exited before it was ready:\n${out}`);
      try {
        return (await fetch(`${url}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
    opts.readyTimeoutMs ?? 60_000,
    'the child server to be ready',
  );
  serverTokens.set(url, await adminTokenForDatabase(opts.databaseUrl, opts.env));
  return { proc, url, exited, output: () => out };
}

/** Kills a child server we started (by its pid) if it still runs, and waits for it to exit. */
export async function killChild(child: ChildServer | null | undefined): Promise<void> {
  if (!child) return;
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
  await child.exited;
}

/**
 * The live referat as tests use it: real y-websocket providers on a meeting's minutes document, waiting for them
 * to sync and converge, and reading a document's texts.
 */
import { WebSocket } from 'ws';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getMinutesText, itemsMap, minutesDocName, projectMinutes, type MinutesProjection } from '../../schema/ydoc-layout.js';
import { serverTokens } from './graphql.js';
import { sleep, waitFor } from './wait.js';
import { wsBase } from './graphql-ws.js';
import { bearerWebSocket } from './bearer-socket.js';

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
 * with the administrator token the test registered for the server unless another (or null: none) is given; the token
 * goes in the Authorization header. `params` adds URL parameters (e.g. a `ticket`).
 */
export function connectLive(
  baseUrl: string,
  meetingId: string,
  opts: { maxBackoffTime?: number; token?: string | null; params?: Record<string, string> } = {},
): LiveClient {
  const doc = new Y.Doc();
  const token = opts.token === undefined ? serverTokens.get(baseUrl) : opts.token;
  const provider = new WebsocketProvider(`${wsBase(baseUrl)}/collab`, minutesDocName(meetingId), doc, {
    WebSocketPolyfill: bearerWebSocket(token),
    disableBc: true,
    maxBackoffTime: opts.maxBackoffTime ?? 250,
    params: opts.params ?? {},
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
    'providers to sync',
    timeoutMs,
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

/** Every "[<name>-<n>]" token (as typing tests type them, e.g. "[c2-17]") in the texts of a document. */
export function tokensIn(doc: Y.Doc): Set<string> {
  return new Set(JSON.stringify(projectMinutes(doc)).match(/\[[a-z]\d*-\d+\]/g) ?? []);
}

/** A field of the referat: [agenda item id, field, sub-item letter or undefined]. */
export type Field = [itemId: string, field: 'notes' | 'decision', letter: string | undefined];

/**
 * Types "[<name>-<k>]" tokens into the fields in turn (between tokens only, never splitting one), every few
 * milliseconds, until `stop()`; returns the tokens typed.
 */
export function typeLoop(client: LiveClient, name: string, fields: Field[], pauseMs = 15) {
  const typed = new Set<string>();
  let typing = true;
  let k = 0;
  const done = (async () => {
    while (typing) {
      const [item, field, letter] = fields[k % fields.length]!;
      if (client.provider.synced) {
        const text = client.text(item, field, letter);
        const token = `[${name}-${k}]`;
        const cuts = [0, ...[...text.toString().matchAll(/\]/g)].map((m) => m.index! + 1)];
        text.insert(cuts[(k * 7919) % cuts.length]!, token);
        typed.add(token);
      }
      k++;
      await sleep(pauseMs);
    }
  })();
  return {
    typed,
    async stop(): Promise<void> {
      typing = false;
      await done;
    },
  };
}

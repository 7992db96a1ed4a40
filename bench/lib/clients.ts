/**
 * Load-generator clients.
 * - Editor clients (P1): the stock providers users run: y-websocket's WebsocketProvider for the y-websocket wire
 *   (the reference server and motebok), @hocuspocus/provider's HocuspocusProvider for Hocuspocus; each client a Y.Doc
 *   and a websocket of its own.
 * - Wire clients (P2, P5): a thin websocket client speaking the same sync protocol (Hocuspocus: the same messages
 *   prefixed with the document name, after an auth message) that does not apply what it receives, so that one load
 *   generator can push and count tens of thousands of updates a second.
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getMinutesText } from '../../schema/ydoc-layout.js';
import type { Peer } from '../peers/types.js';
import { bearerWebSocket } from '../../test/helpers/bearer-socket.js';

export interface EditorClient {
  doc: Y.Doc;
  /** The Y.Text typed into, once the document has synced (and, for motebok, its structure arrived). */
  text(): Y.Text | null;
  synced(): boolean;
  destroy(): void;
}

export function textOf(peer: Peer, docName: string, doc: Y.Doc): Y.Text | null {
  if (peer.textPath.kind === 'root') return doc.getText(peer.textPath.name);
  const itemId = peer.textPath.itemIdByDoc[docName];
  if (!itemId) throw new Error(`no agenda item known for ${docName}`);
  return getMinutesText(doc, itemId, 'decision');
}

export function connectEditor(peer: Peer, docName: string): EditorClient {
  const doc = new Y.Doc();
  if (peer.wire === 'hocuspocus') {
    const provider = new HocuspocusProvider({
      url: peer.wsUrl,
      name: docName,
      document: doc,
      token: peer.token ?? '',
      WebSocketPolyfill: WebSocket as any,
    } as any);
    return {
      doc,
      text: () => (provider.isSynced ? textOf(peer, docName, doc) : null),
      synced: () => provider.isSynced,
      destroy() {
        provider.destroy();
        doc.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(peer.wsUrl, docName, doc, {
    WebSocketPolyfill: bearerWebSocket(peer.token),
    disableBc: true,
    maxBackoffTime: 1000,
  });
  return {
    doc,
    text: () => (provider.synced ? textOf(peer, docName, doc) : null),
    synced: () => provider.synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Wire clients

const MSG_SYNC = 0;
const MSG_AUTH = 2;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export interface WireClient {
  /** The document state the server sent in sync step 2. */
  initialState: Uint8Array;
  /** Called for every update (and the step-2 state) the server sends after the handshake. */
  onUpdate: ((update: Uint8Array) => void) | null;
  /** A ready-to-send frame carrying `update`. */
  frame(update: Uint8Array): Uint8Array;
  send(frame: Uint8Array): void;
  bufferedAmount(): number;
  /** The socket itself (to pause reading, or to see how the server closed it). */
  raw: WebSocket;
  close(): Promise<void>;
}

function prefixed(peer: Peer, docName: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  if (peer.wire === 'hocuspocus') encoding.writeVarString(e, docName);
  write(e);
  return encoding.toUint8Array(e);
}

const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

/** Connects and completes the sync handshake; resolves once the server's state (sync step 2) arrived. */
export function connectWire(peer: Peer, docName: string, timeoutMs = 30_000): Promise<WireClient> {
  const url =
    peer.wire === 'hocuspocus'
      ? peer.wsUrl
      : `${peer.wsUrl}/${encodeURIComponent(docName)}`;
  const headers = peer.wire !== 'hocuspocus' && peer.token ? { authorization: `Bearer ${peer.token}` } : undefined;
  const ws = new WebSocket(url, { perMessageDeflate: false, headers });
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`wire client for ${docName} did not sync within ${timeoutMs} ms`));
    }, timeoutMs);
    let client: WireClient | null = null;
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.once('open', () => {
      if (peer.wire === 'hocuspocus') {
        ws.send(prefixed(peer, docName, (e) => {
          encoding.writeVarUint(e, MSG_AUTH);
          encoding.writeVarUint(e, 0);
          encoding.writeVarString(e, peer.token ?? '');
        }));
      }
      ws.send(prefixed(peer, docName, (e) => {
        encoding.writeVarUint(e, MSG_SYNC);
        encoding.writeVarUint(e, SYNC_STEP1);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
      }));
    });
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (peer.wire === 'hocuspocus') decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type === MSG_AUTH) {
        const auth = decoding.readVarUint(d);
        if (auth === 1) reject(new Error(`permission denied for ${docName}: ${decoding.readVarString(d)}`));
        return;
      }
      if (type !== MSG_SYNC) return;
      const sub = decoding.readVarUint(d);
      if (sub === SYNC_STEP1) {
        // The server asks for what we have: nothing it lacks (the handshake happens before we write).
        ws.send(prefixed(peer, docName, (e) => {
          encoding.writeVarUint(e, MSG_SYNC);
          encoding.writeVarUint(e, SYNC_STEP2);
          encoding.writeVarUint8Array(e, EMPTY_STATE);
        }));
        return;
      }
      if (sub !== SYNC_STEP2 && sub !== SYNC_UPDATE) return;
      const update = decoding.readVarUint8Array(d);
      if (!client) {
        if (sub !== SYNC_STEP2) return;
        clearTimeout(timer);
        const prefix = prefixed(peer, docName, () => {});
        client = {
          initialState: update.slice(),
          onUpdate: null,
          frame(u) {
            const e = encoding.createEncoder();
            encoding.writeUint8Array(e, prefix);
            encoding.writeVarUint(e, MSG_SYNC);
            encoding.writeVarUint(e, SYNC_UPDATE);
            encoding.writeVarUint8Array(e, u);
            return encoding.toUint8Array(e);
          },
          send: (f) => ws.send(f),
          bufferedAmount: () => ws.bufferedAmount,
          raw: ws,
          async close() {
            if (ws.readyState === WebSocket.CLOSED) return;
            ws.close();
            const t = setTimeout(() => ws.terminate(), 2000);
            await closed;
            clearTimeout(t);
          },
        };
        resolve(client);
        return;
      }
      client.onUpdate?.(update);
    });
  });
}

/**
 * The live referat of one meeting: a Y.Doc `minutes:<meetingId>` kept in sync with the server by the stock
 * y-websocket WebsocketProvider, plus what the status line needs to know:
 *
 * - connection: connecting, connected, synced, reconnecting;
 * - whether everything typed here is stored: after local changes settle, the session sends a sync step 1 and
 *   waits for the server's sync step 2. The server answers a step 1 only once every update it received before is
 *   in its durable log, and it handles a connection's frames in order, so that answer acknowledges our changes;
 * - read-only: the server tells a read-only client why (y-protocols' permission-denied message), e.g. approved
 *   minutes, or a member's token.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider, messageAuth, messageSync } from 'y-websocket';
import * as Y from 'yjs';
import { readOnlyFromReason, type ReadOnly, type ReadOnlyCode } from './read-only.js';
import { ticketWebSocket } from './ticket-socket.js';

export type Connection = 'connecting' | 'connected' | 'synced' | 'reconnecting' | 'offline';

export interface LiveState {
  connection: Connection;
  /** Local changes the server has not acknowledged as stored. */
  unsaved: boolean;
  /** Whether anything was typed here since the page opened (to tell "synkronisert" from "alle endringer lagret"). */
  editedHere: boolean;
  /** Why the document is read-only (a code and the server's words), or null. */
  readOnly: ReadOnly | null;
}

export interface MinutesSession {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly state: LiveState;
  onChange(fn: (state: LiveState) => void): () => void;
  /** Marks the document read-only from what GraphQL says (approved minutes: MINUTES_LOCKED), before the server says so. */
  setReadOnly(code: ReadOnlyCode | null): void;
  destroy(): void;
}

const SETTLE_MS = 300;

/**
 * `ticket` gets a single-use ticket for this meeting's document (GraphQL collabTicket, with the header) before each
 * connection attempt: no token goes into the websocket's URL (ticket-socket.ts). null: not signed in (refused).
 */
export function openMinutesSession(meetingId: string, ticket: (() => Promise<string>) | null, user: { name: string; color: string }): MinutesSession {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${location.origin.replace(/^http/, 'ws')}/collab`, `minutes:${meetingId}`, doc, {
    WebSocketPolyfill: ticket ? ticketWebSocket(ticket) : WebSocket,
    disableBc: true,
    maxBackoffTime: 5000,
  });
  provider.awareness.setLocalStateField('user', { name: user.name, color: user.color, colorLight: `${user.color}33` });

  const state: LiveState = { connection: 'connecting', unsaved: false, editedHere: false, readOnly: null };
  const listeners = new Set<(s: LiveState) => void>();
  let everSynced = false;
  let localGeneration = 0; // bumped on every local change
  let probeGeneration = -1; // the generation a probe in flight acknowledges
  let probeTimer: ReturnType<typeof setTimeout> | null = null;
  let serverReadOnly: ReadOnly | null = null;
  let clientReadOnly: ReadOnly | null = null;

  // Listeners run after the current task's work (never inside an editor's update, which a local change is part of).
  let emitQueued = false;
  const emit = () => {
    if (emitQueued) return;
    emitQueued = true;
    queueMicrotask(() => {
      emitQueued = false;
      state.readOnly = serverReadOnly ?? clientReadOnly;
      const snapshot = { ...state };
      listeners.forEach((fn) => fn(snapshot));
    });
  };
  const setConnection = (c: Connection) => {
    if (state.connection !== c) {
      state.connection = c;
      emit();
    }
  };

  // Acknowledgement: a sync step 2 from the server answers our latest step 1.
  const originalSync = provider.messageHandlers[messageSync]!;
  provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, messageType) => {
    const kind = decoding.peekVarUint(decoder);
    originalSync(encoder, decoder, p, emitSynced, messageType);
    if (kind === syncProtocol.messageYjsSyncStep2 && probeGeneration >= 0) {
      if (probeGeneration === localGeneration && state.unsaved) {
        state.unsaved = false;
        emit();
      }
      probeGeneration = -1;
      if (state.unsaved) scheduleProbe();
    }
  };
  // Read-only: the server says why instead of asking for our updates.
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => {
      serverReadOnly = readOnlyFromReason(reason);
      emit();
    });
  };

  function sendProbe(): void {
    probeTimer = null;
    const ws = provider.ws;
    if (!provider.wsconnected || !provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return;
    if (probeGeneration >= 0) return; // one in flight; its answer schedules the next
    probeGeneration = localGeneration;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, doc);
    ws.send(encoding.toUint8Array(encoder));
  }
  function scheduleProbe(): void {
    if (probeTimer) clearTimeout(probeTimer);
    probeTimer = setTimeout(sendProbe, SETTLE_MS);
  }

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return; // from the server
    localGeneration++;
    state.editedHere = true;
    if (!state.unsaved) {
      state.unsaved = true;
      emit();
    }
    scheduleProbe();
  };
  doc.on('update', onUpdate);

  provider.on('status', ({ status }) => {
    if (status === 'connected') setConnection('connected');
    else if (status === 'connecting') setConnection(everSynced || state.connection === 'reconnecting' ? 'reconnecting' : 'connecting');
    else if (status === 'disconnected') {
      probeGeneration = -1;
      setConnection(navigator.onLine ? 'reconnecting' : 'offline');
    }
  });
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    everSynced = true;
    probeGeneration = -1;
    setConnection('synced');
    if (state.unsaved) scheduleProbe();
  });
  provider.on('connection-error', () => {
    if (state.connection !== 'synced') setConnection(everSynced ? 'reconnecting' : 'connecting');
  });

  // The browser knows first when the network goes: stop at once instead of waiting for a timeout, and come back
  // (with whatever was typed meanwhile) as soon as it returns.
  const onOffline = () => {
    provider.disconnect();
    setConnection('offline');
  };
  const onOnline = () => {
    setConnection('reconnecting');
    provider.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  if (!navigator.onLine) onOffline();

  return {
    doc,
    provider,
    get state() {
      return { ...state, readOnly: serverReadOnly ?? clientReadOnly };
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setReadOnly(code) {
      clientReadOnly = code ? { code, words: '' } : null;
      emit();
    },
    destroy() {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      if (probeTimer) clearTimeout(probeTimer);
      doc.off('update', onUpdate);
      listeners.clear();
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The Y.Text of an item's or sub-item's field, if the server has created it yet. */
export function minutesText(doc: Y.Doc, itemId: string, field: 'notes' | 'decision', letter?: string | null): Y.Text | null {
  const item = doc.getMap<Y.Map<unknown>>('items').get(itemId);
  if (!(item instanceof Y.Map)) return null;
  const owner = letter ? (item.get('subItems') as Y.Map<Y.Map<unknown>> | undefined)?.get(letter) : item;
  const text = owner instanceof Y.Map ? owner.get(field) : null;
  return text instanceof Y.Text ? text : null;
}

import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { MemoryDocumentStorage } from '../../collab/storage/memory-storage.js';
import { serverOrigin } from '../../collab/origins.js';
import { ensureLayout, getMinutesText, minutesDocName } from '../../schema/ydoc-layout.js';
import {
  connectClient,
  frameKind,
  rawClient,
  startCollab,
  syncPayload,
  waitFor,
  type CollabHarness,
  type TestClient,
} from './helpers.js';

const DOC = minutesDocName('slow');

/** A gate that loadInitial waits for, so that loading is slow exactly as long as the test wants. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('collab: sync order', () => {
  let h: CollabHarness;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await h.stop();
  });

  async function startWithStoredText(loading: Promise<void>) {
    const storage = new MemoryDocumentStorage();
    const author = new Y.Doc();
    author.getText('text').insert(0, 'lagret tekst');
    await storage.appendBatch([{ docName: DOC, afterSeq: 0, updates: [{ data: Y.encodeStateAsUpdate(author), origin: 'test', userId: null }] }]);
    h = await startCollab({
      storage,
      loadInitial: async (_name, doc) => {
        await loading;
        ensureLayout(doc, [{ id: 'item-1', notes: 'Innledning', decision: null, subItems: [] }], serverOrigin('layout'));
      },
    });
    return author;
  }

  it('a client never gets `synced` before the stored state is loaded', async () => {
    const slow = gate();
    await startWithStoredText(slow.opened);
    const client = connectClient(h.serverUrl, DOC);
    clients.push(client);
    const atSync: string[] = [];
    client.provider.on('sync', (synced: boolean) => {
      if (synced) atSync.push(`${client.text().toString()}|${getMinutesText(client.doc, 'item-1', 'notes')?.toString()}`);
    });
    await waitFor(() => client.provider.wsconnected && h.collab.stats().connections === 1, 'connection while loading');
    expect(client.provider.synced).toBe(false);

    slow.open();
    await waitFor(() => client.provider.synced, 'sync after loading');
    expect(atSync).toEqual(['lagret tekst|Innledning']);
  });

  it('the server sends its sync step 1 first, with the loaded state vector', async () => {
    const slow = gate();
    const author = await startWithStoredText(slow.opened);
    const raw = rawClient(h.serverUrl, DOC);
    await raw.opened;
    // Our own step 1 (empty state vector) waits in the queue while the document loads.
    raw.send(new Uint8Array([0, 0, 1, 0]));
    await waitFor(() => h.collab.stats().connections === 1, 'connection');
    expect(raw.frames).toEqual([]);

    slow.open();
    // Step 2 may follow the broadcast of the layout loadInitial made (both are sent once it is stored).
    await waitFor(() => raw.frames.some((f) => frameKind(f).syncType === 1), 'step 1 and step 2');
    expect(frameKind(raw.frames[0]!)).toEqual({ type: 0, syncType: 0 });
    const serverVector = Y.decodeStateVector(syncPayload(raw.frames[0]!));
    expect(serverVector.get(author.clientID)).toBe(Y.getState(author.store, author.clientID));
    const reply = raw.frames.find((f) => frameKind(f).syncType === 1)!;
    const replica = new Y.Doc();
    Y.applyUpdate(replica, syncPayload(reply));
    expect(replica.getText('text').toString()).toBe('lagret tekst');
    expect(getMinutesText(replica, 'item-1', 'notes')?.toString()).toBe('Innledning');
    raw.ws.close();
  });

  it('sends pings and relays awareness, removing a leaving client’s state for the others', async () => {
    h = await startCollab({ options: { pingIntervalMs: 30 } });
    const raw = rawClient(h.serverUrl, 'minutes:presence');
    let pings = 0;
    raw.ws.on('ping', () => pings++);
    const a = connectClient(h.serverUrl, 'minutes:presence');
    const b = connectClient(h.serverUrl, 'minutes:presence');
    clients.push(a, b);
    a.provider.awareness.setLocalStateField('user', { name: 'Kari' });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Kari', 'awareness to be relayed');
    await waitFor(() => pings >= 2, 'pings');
    // Drop the socket without the goodbye y-websocket sends on disconnect(): the server must clean up.
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as WebSocket).terminate();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'awareness removed after leaving');
    raw.ws.close();
  });
});

/**
 * P5 memory: the heap of the motebok process (after forced gc) before and after N referat documents of 10 agenda
 * items are opened (one wire client each, on a collab endpoint built with a short unloadGraceMs), and again after
 * every client has left and the grace period has passed. Clients live in the load generator, not in the server.
 */
import * as Y from 'yjs';
import { connectWire, type WireClient } from '../lib/clients.js';
import { mapLimit } from '../lib/gql.js';
import { sleep, waitUntil } from '../lib/stats.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import type { MotebokPeer } from '../peers/motebok.js';

export interface P5Result {
  docs: number;
  baselineBytes: number;
  perDocBytes: number;
  /** Heap after unload minus baseline. */
  residualBytes: number;
  unloaded: boolean;
  correct: boolean;
  note: string;
}

export async function runP5(peer: MotebokPeer, opts: { meetingIds: string[]; graceMs: number; itemsPerDoc: number }): Promise<P5Result> {
  if (!peer.graceCollabUrl) throw new Error('motebok was started without a grace collab endpoint');
  const target = { ...peer, wsUrl: peer.graceCollabUrl };
  const heap = async () => (await peer.child.request<{ heapUsed: number }>('heap')).heapUsed;
  const baseline = await heap();
  const clients: WireClient[] = [];
  let correct = true;
  let note = '';
  try {
    await mapLimit(opts.meetingIds, 8, async (id) => {
      const c = await connectWire(target, minutesDocName(id));
      clients.push(c);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, c.initialState);
      const items = doc.getMap('items').size;
      doc.destroy();
      if (items !== opts.itemsPerDoc) {
        correct = false;
        note = `a document had ${items} items, expected ${opts.itemsPerDoc}`;
      }
    });
    const stats = await peer.child.request<{ grace: { documents: number } }>('collabStats');
    if (stats.grace.documents !== opts.meetingIds.length) {
      correct = false;
      note ||= `${stats.grace.documents} documents loaded, expected ${opts.meetingIds.length}`;
    }
    await sleep(500);
    const loaded = await heap();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    let unloaded = true;
    try {
      await waitUntil(
        async () => (await peer.child.request<{ grace: { documents: number } }>('collabStats')).grace.documents === 0,
        opts.graceMs + 20_000,
        'every document to be unloaded',
        100,
      );
    } catch {
      unloaded = false;
    }
    await sleep(300);
    const after = await heap();
    return {
      docs: opts.meetingIds.length,
      baselineBytes: baseline,
      perDocBytes: (loaded - baseline) / opts.meetingIds.length,
      residualBytes: after - baseline,
      unloaded,
      correct,
      note,
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

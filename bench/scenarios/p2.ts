/**
 * P2 durable throughput: on each of `docs` documents, `writers` wire clients push single-character updates (made
 * beforehand on a local Y.Doc, so sending costs nothing) as fast as the server takes them, each with at most
 * `window` updates not yet seen by the document's observer client; the observer counts what the server broadcast
 * (by the writers' clocks in each update). Rate = updates broadcast / time from the first send to the last arrival.
 * Correctness: a client connecting afterwards gets every writer's last update, and (motebok) the database holds it.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { connectWire, textOf, type WireClient } from '../lib/clients.js';
import { mapLimit } from '../lib/gql.js';
import { waitUntil } from '../lib/stats.js';
import type { Peer } from '../peers/types.js';

export interface P2Result {
  rate: number;
  updates: number;
  seconds: number;
  /** Server CPU time (user + system) from the first send to the last arrival, per 1 000 updates. */
  cpuMsPer1000: number;
  verified: boolean;
  note: string;
}

export interface P2Options {
  docs: string[];
  writers: number;
  seconds: number;
  window: number;
  /** Updates made beforehand per writer (the most it can send). */
  perWriter: number;
  /** Reads what the database holds (motebok): state vector by client id. */
  stored?(docName: string): Promise<Record<string, number>>;
}

interface Writer {
  id: number;
  client: WireClient;
  frames: Uint8Array[];
  sent: number;
}

export async function runP2(peer: Peer, opts: P2Options): Promise<P2Result> {
  const closers: WireClient[] = [];
  try {
    const perDoc = await mapLimit(opts.docs, 8, async (docName) => {
      const observer = await connectWire(peer, docName);
      closers.push(observer);
      const writers: Writer[] = [];
      for (let w = 0; w < opts.writers; w++) {
        const client = await connectWire(peer, docName);
        closers.push(client);
        const local = new Y.Doc();
        Y.applyUpdate(local, client.initialState);
        const text = textOf(peer, docName, local);
        if (!text) throw new Error(`${docName}: the text to write to is missing`);
        const frames: Uint8Array[] = [];
        local.on('update', (u: Uint8Array) => frames.push(client.frame(u)));
        for (let k = 0; k < opts.perWriter; k++) text.insert(text.length, String.fromCharCode(97 + ((k + w) % 26)));
        writers.push({ id: local.clientID, client, frames, sent: 0 });
        local.destroy();
      }
      const seen = new Map<number, number>(writers.map((w) => [w.id, 0]));
      return { docName, observer, writers, seen };
    });

    let acked = 0;
    let lastArrival = 0;
    let sending = true;
    const start = performance.now();
    const end = start + opts.seconds * 1000;
    const pump = (d: (typeof perDoc)[number]) => {
      if (!sending) return;
      for (const w of d.writers) {
        const ackedW = d.seen.get(w.id)!;
        while (w.sent < w.frames.length && w.sent - ackedW < opts.window) w.client.send(w.frames[w.sent++]!);
      }
    };
    for (const d of perDoc) {
      d.observer.onUpdate = (u) => {
        const { to } = Y.parseUpdateMeta(u);
        for (const [client, clock] of to) {
          const before = d.seen.get(client);
          if (before !== undefined && clock > before) {
            acked += clock - before;
            d.seen.set(client, clock);
            lastArrival = performance.now();
          }
        }
        if (performance.now() >= end) sending = false;
        pump(d);
      };
    }
    const cpuBefore = peer.cpuMs();
    for (const d of perDoc) pump(d);
    const totalSent = () => perDoc.reduce((n, d) => n + d.writers.reduce((m, w) => m + w.sent, 0), 0);
    await waitUntil(() => performance.now() >= end || acked >= perDoc.length * opts.writers * opts.perWriter, opts.seconds * 1000 + 5000, 'the P2 window', 20);
    sending = false;
    let note = '';
    try {
      await waitUntil(() => acked >= totalSent(), 30_000, 'every sent update to be broadcast', 10);
    } catch {
      note = `only ${acked} of ${totalSent()} updates came back`;
    }
    const cpuAtLast = peer.cpuMs(); // the arrivals have ended (or timed out)
    const sent = totalSent();
    if (perDoc.some((d) => d.writers.some((w) => w.sent >= w.frames.length))) note ||= 'a writer ran out of prepared updates (raise perWriter)';
    const seconds = (lastArrival - start) / 1000;

    // Correctness: a new client gets every writer's last update; motebok's database holds them too.
    let verified = acked === sent;
    for (const d of perDoc) {
      const fresh = await connectWire(peer, d.docName);
      closers.push(fresh);
      const sv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(fresh.initialState));
      for (const w of d.writers) {
        if ((sv.get(w.id) ?? 0) < w.sent) {
          verified = false;
          note ||= `a new client on ${d.docName} lacks updates of a writer`;
        }
      }
      if (opts.stored) {
        const stored = await opts.stored(d.docName);
        for (const w of d.writers) {
          if ((stored[String(w.id)] ?? 0) < w.sent) {
            verified = false;
            note ||= `the database lacks updates of ${d.docName}`;
          }
        }
      }
    }
    return { rate: acked / seconds, updates: acked, seconds, cpuMsPer1000: ((cpuAtLast - cpuBefore) / acked) * 1000, verified, note };
  } finally {
    await Promise.all(closers.map((c) => c.close()));
  }
}

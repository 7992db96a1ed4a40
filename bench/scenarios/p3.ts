/**
 * P3 subscription fan-out: `subscribers` graphql-ws clients (each its own websocket) subscribe to
 * decisionUpdated(meetingId); the load generator changes the decision with setMinutesText and records, per change,
 * when each subscriber got it. Latency is measured from just before the mutation is sent.
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { DECISION_UPDATED, SET_TEXT } from '../lib/queries.js';
import { mapLimit } from '../lib/gql.js';
import { percentile, sleep, waitUntil } from '../lib/stats.js';
import type { MotebokPeer } from '../peers/motebok.js';

export interface P3Result {
  subscribers: number;
  changes: number;
  /** Per delivery. */
  p50: number;
  p99: number;
  /** Per change: time to the last subscriber. */
  lastP50: number;
  lastP99: number;
  complete: boolean;
  note: string;
}

export async function runP3(peer: MotebokPeer, opts: { meetingId: string; itemId: string; subscribers: number; changes: number }): Promise<P3Result> {
  const clients: Client[] = [];
  const disposers: Array<() => void> = [];
  const wsUrl = `${peer.httpUrl.replace(/^http/, 'ws')}/graphql`;
  // Per subscriber, the texts received with their arrival times.
  const received: Array<Map<string, number>> = [];
  try {
    let connected = 0;
    await mapLimit(Array.from({ length: opts.subscribers }, (_, i) => i), 50, async (i) => {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: peer.token ? { authorization: `Bearer ${peer.token}` } : undefined,
        on: { connected: () => connected++ },
      });
      clients.push(client);
      const got = new Map<string, number>();
      received[i] = got;
      disposers.push(
        client.subscribe<{ decisionUpdated: { text: string } }>(
          { query: DECISION_UPDATED, variables: { id: opts.meetingId } },
          {
            next: (v) => {
              const text = v.data?.decisionUpdated.text;
              if (text !== undefined && !got.has(text)) got.set(text, performance.now());
            },
            error: () => {},
            complete: () => {},
          },
        ),
      );
    });
    await waitUntil(() => connected >= opts.subscribers, 60_000, `${opts.subscribers} graphql-ws connections`, 20);

    const change = async (text: string) => {
      const t0 = performance.now();
      await peer.gql.ok(SET_TEXT, { v: { target: { agendaItemId: opts.itemId }, field: 'DECISION', text } });
      return t0;
    };
    // Warm-up change: doubles as the check that every subscription is active.
    const warm = `Oppvarming ${Date.now()}`;
    await change(warm);
    await waitUntil(() => received.every((g) => g.has(warm)), 30_000, 'every subscriber to get the warm-up change', 10);

    const deliveries: number[] = [];
    const lasts: number[] = [];
    let complete = true;
    let note = '';
    for (let k = 0; k < opts.changes; k++) {
      const text = `Rådmannsgruppen tar saken til orientering (${k + 1}).`;
      const t0 = await change(text);
      try {
        await waitUntil(() => received.every((g) => g.has(text)), 10_000, 'every subscriber to get the change', 2);
      } catch {
        complete = false;
        note = `change ${k + 1} reached ${received.filter((g) => g.has(text)).length} of ${opts.subscribers}`;
      }
      let last = 0;
      for (const g of received) {
        const at = g.get(text);
        if (at === undefined) continue;
        deliveries.push(at - t0);
        last = Math.max(last, at - t0);
      }
      lasts.push(last);
      await sleep(50);
    }
    return {
      subscribers: opts.subscribers,
      changes: opts.changes,
      p50: percentile(deliveries, 50),
      p99: percentile(deliveries, 99),
      lastP50: percentile(lasts, 50),
      lastP99: percentile(lasts, 99),
      complete,
      note,
    };
  } finally {
    for (const d of disposers) d();
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

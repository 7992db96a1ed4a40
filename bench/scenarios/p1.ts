/**
 * P1 propagation latency: per document one client types `cps` characters a second (one update per character,
 * appended to the shared text); every other client on the document records when each character arrives. Latency =
 * arrival − send, on one clock (same process). Correctness: every client ends with exactly the typist's text.
 *
 * When the peer has several instances (peer.wsUrls), a document's clients are spread over them in turn (client i on
 * instance i mod n, so the typist is on the first and 50 clients make 25 per instance of two); the result then also
 * splits the latencies into receivers on the typist's instance and receivers on another one.
 */
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { connectEditor, type EditorClient } from '../lib/clients.js';
import { percentile, sleep, waitUntil } from '../lib/stats.js';
import type { Peer } from '../peers/types.js';

export interface P1Result {
  p50: number;
  p99: number;
  samples: number;
  expectedSamples: number;
  /** Send → arrival at the first client that has it (per character). */
  firstP50: number;
  firstP99: number;
  /** Server CPU time (user + system) from the first keystroke to the last arrival, per 1 000 typed updates. */
  cpuMsPer1000: number;
  converged: boolean;
  note: string;
  /** With several instances: latencies of receivers on the typist's instance and on the others. */
  sameInstance?: { p50: number; p99: number; samples: number };
  otherInstance?: { p50: number; p99: number; samples: number };
}

const PHRASE = 'Rådmannsgruppen tar saken til orientering og ber om en ny vurdering. ';

export async function runP1(peer: Peer, opts: { docs: string[]; clientsPerDoc: number; seconds: number; cps: number }): Promise<P1Result> {
  const perDoc: Array<{ doc: string; clients: EditorClient[] }> = [];
  const urls = peer.wsUrls && peer.wsUrls.length > 1 ? peer.wsUrls : null;
  const instanceOf = (i: number) => (urls ? i % urls.length : 0);
  const onInstance = (i: number): Peer => (urls ? { ...peer, wsUrl: urls[instanceOf(i)]! } : peer);
  for (const doc of opts.docs) perDoc.push({ doc, clients: Array.from({ length: opts.clientsPerDoc }, (_, i) => connectEditor(onInstance(i), doc)) });
  const all = perDoc.flatMap((d) => d.clients);
  try {
    await waitUntil(() => all.every((c) => c.text() !== null), 90_000, `${all.length} clients to sync on ${peer.name}`, 20);
    await sleep(300); // let awareness and initial traffic settle
    const chars = Math.round(opts.seconds * opts.cps);
    const latencies: number[] = [];
    const same: number[] = [];
    const other: number[] = [];
    const states = perDoc.map(({ clients }) => {
      const typist = clients[0]!;
      const text = typist.text()!;
      const base = text.length;
      const sentAt = new Float64Array(chars);
      const first = new Float64Array(chars).fill(Number.POSITIVE_INFINITY);
      const receivers = clients.slice(1).map((c, k) => {
        const t = c.text()!;
        const rBase = t.length;
        const r = { seen: 0 };
        const split = urls ? (instanceOf(k + 1) === instanceOf(0) ? same : other) : null;
        const observer = () => {
          const n = Math.min(t.length - rBase, chars);
          if (n <= r.seen) return;
          const now = performance.now();
          for (; r.seen < n; r.seen++) {
            const l = now - sentAt[r.seen]!;
            latencies.push(l);
            if (l < first[r.seen]!) first[r.seen] = l;
            split?.push(l);
          }
        };
        t.observe(observer);
        return { r, t, observer, rBase };
      });
      return { typist, text, base, sentAt, first, receivers, typed: 0 };
    });
    if (states.some((s) => s.receivers.some((r) => r.rBase !== s.base))) throw new Error('clients disagree before typing');

    const cpuBefore = peer.cpuMs();
    // Each typist on its own timer, start times spread over one interval so documents do not type in lockstep.
    const interval = 1000 / opts.cps;
    await new Promise<void>((resolve) => {
      let running = states.length;
      states.forEach((s, i) => {
        setTimeout(() => {
          const tick = () => {
            if (s.typed >= chars) {
              clearInterval(timer);
              if (--running === 0) resolve();
              return;
            }
            const ch = PHRASE[(s.typed) % PHRASE.length]!;
            s.sentAt[s.typed] = performance.now();
            s.text.insert(s.text.length, ch);
            s.typed++;
          };
          const timer = setInterval(tick, interval);
          tick();
        }, (i * interval) / states.length);
      });
    });

    const expected = states.reduce((n, s) => n + s.receivers.length * chars, 0);
    let converged = true;
    let note = '';
    try {
      await waitUntil(() => latencies.length >= expected, 30_000, 'every character to arrive everywhere', 10);
    } catch {
      converged = false;
      note = `only ${latencies.length} of ${expected} arrivals`;
    }
    const cpuMs = peer.cpuMs() - cpuBefore;
    const firsts = states.flatMap((s) => [...s.first].filter((x) => Number.isFinite(x)));
    for (const s of states) {
      const want = s.text.toString();
      for (const r of s.receivers) {
        r.t.unobserve(r.observer);
        if (r.t.toString() !== want) {
          converged = false;
          note ||= 'a client ended with a different text';
        }
      }
      if (want.length !== s.base + chars) {
        converged = false;
        note ||= `typist text has ${want.length - s.base} new characters, expected ${chars}`;
      }
    }
    const summary = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), samples: xs.length });
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      firstP50: percentile(firsts, 50),
      firstP99: percentile(firsts, 99),
      cpuMsPer1000: (cpuMs / (chars * states.length)) * 1000,
      samples: latencies.length,
      expectedSamples: expected,
      converged,
      note,
      ...(urls ? { sameInstance: summary(same), otherInstance: summary(other) } : {}),
    };
  } finally {
    for (const c of all) c.destroy();
    await sleep(200);
  }
}

export type { Y };

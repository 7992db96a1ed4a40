/**
 * Memory of a server process, read from /proc/<pid>/status (VmRSS) by the load generator, so every peer is measured
 * the same way (no gc is forced: RSS is what the machine pays).
 *
 * - Serving: `clients` stock editor clients open one document (motebok: the seed meeting's referat), one of them
 *   types `cps` characters a second for `seconds`; RSS before, and its peak and end while serving.
 * - Stalled reader: a writer, a reader that keeps reading and a wire client that stops reading its socket right
 *   after the handshake (ws `pause()`: the server's sends pile up in its socket buffers) open a fresh document; the
 *   writer pastes `pasteBytes` in `chunks` updates. RSS growth = peak during the paste (until the reader has it all,
 *   and 2 s after) − RSS before; the same paste without the stall (in a fresh process) says what the stall adds. Then the stalled client resumes reading; if the server closed it, it reconnects
 *   (as y-websocket does); either way it must end with exactly the writer's text.
 */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { connectEditor, connectWire, textOf, type EditorClient, type WireClient } from '../lib/clients.js';
import { sleep, waitUntil } from '../lib/stats.js';
import type { Peer } from '../peers/types.js';

/** Resident set of a process in bytes (Linux). */
export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; `peak` is the highest seen. */
function sampler(pid: number, everyMs = 50) {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      // the process is gone; the caller finds out
    }
  }, everyMs);
  return {
    get peak() {
      return peak;
    },
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssOf(pid));
      return peak;
    },
  };
}

export interface ServingResult {
  clients: number;
  /** RSS with the server started and seeded, before any client. */
  idleBytes: number;
  peakBytes: number;
  endBytes: number;
  converged: boolean;
}

export async function runServing(peer: Peer, opts: { docName: string; clients: number; seconds: number; cps: number }): Promise<ServingResult> {
  const pid = peer.pid!;
  const idleBytes = rssOf(pid);
  const s = sampler(pid);
  const editors: EditorClient[] = [];
  try {
    for (let i = 0; i < opts.clients; i++) editors.push(connectEditor(peer, opts.docName));
    await waitUntil(() => editors.every((e) => e.text() !== null), 60_000, `${opts.clients} clients to sync`, 20);
    const typist = editors[0]!;
    const text = typist.text()!;
    const start = text.length;
    const total = opts.seconds * opts.cps;
    for (let k = 0; k < total; k++) {
      text.insert(text.length, String.fromCharCode(97 + (k % 26)));
      await sleep(1000 / opts.cps);
    }
    const expected = text.toString();
    let converged = true;
    try {
      await waitUntil(() => editors.every((e) => e.text()?.toString() === expected), 30_000, 'every client to have the text', 20);
    } catch {
      converged = false;
    }
    await sleep(1000);
    const peakBytes = s.stop();
    return { clients: opts.clients, idleBytes, peakBytes, endBytes: rssOf(pid), converged: converged && expected.length === start + total };
  } finally {
    s.stop();
    for (const e of editors) e.destroy();
  }
}

export interface StalledResult {
  pasteBytes: number;
  beforeBytes: number;
  peakBytes: number;
  /** How the server treated the stalled socket: "closed 1013" etc., or "kept open". */
  stalledFate: string;
  /** The stalled client ended with exactly the writer's text (after resuming or reconnecting). */
  caughtUp: boolean;
  note: string;
  /** When RSS before was read and when the peak's sampling stopped (ms, Date.now()): the paste's window. */
  window: { from: number; to: number };
}

/** With `stall: false` the third client reads like the others: what the paste costs without a stalled reader. */
export async function runStalledReader(
  peer: Peer,
  opts: { docName: string; pasteBytes: number; chunks: number; stall: boolean; /** Profiling: called when the paste's measurement starts and ends. */ around?: { start(): void; end(): void } },
): Promise<StalledResult> {
  const pid = peer.pid!;
  const closers: Array<() => unknown> = [];
  try {
    const writer = await connectWire(peer, opts.docName);
    closers.push(() => writer.close());
    const reader = connectEditor(peer, opts.docName);
    closers.push(() => reader.destroy());
    await waitUntil(() => reader.text() !== null, 30_000, 'the reader to sync', 20);
    const stalled = await connectWire(peer, opts.docName);
    closers.push(() => stalled.close());
    let closedWith: number | null = null;
    stalled.raw.once('close', (code: number) => (closedWith = code));
    const stalledDoc = new Y.Doc();
    Y.applyUpdate(stalledDoc, stalled.initialState);
    stalled.onUpdate = (u) => Y.applyUpdate(stalledDoc, u);
    if (opts.stall) stalled.raw.pause();

    // The writer's paste, made beforehand on a local copy (sending costs the load generator nothing).
    const local = new Y.Doc();
    Y.applyUpdate(local, writer.initialState);
    const text = textOf(peer, opts.docName, local);
    if (!text) throw new Error(`${opts.docName}: the text to paste into is missing`);
    const frames: Uint8Array[] = [];
    local.on('update', (u: Uint8Array) => frames.push(writer.frame(u)));
    const chunk = Math.ceil(opts.pasteBytes / opts.chunks);
    for (let c = 0; c < opts.chunks; c++) text.insert(text.length, String.fromCharCode(65 + (c % 26)).repeat(chunk));
    const expected = text.toString();
    local.destroy();

    await sleep(1000);
    const beforeBytes = rssOf(pid);
    const from = Date.now();
    opts.around?.start();
    const s = sampler(pid);
    for (const f of frames) {
      writer.send(f);
      await sleep(20);
    }
    let note = '';
    try {
      await waitUntil(() => reader.text()?.length === expected.length, 120_000, 'the reader to receive the paste', 20);
    } catch (error) {
      note = (error as Error).message;
    }
    await sleep(2000);
    const peakBytes = s.stop();
    const window = { from, to: Date.now() };
    opts.around?.end();

    // Catch up: resume reading; a closed client reconnects and syncs (what y-websocket does).
    stalled.raw.resume();
    const textOfStalled = (d: Y.Doc) => textOf(peer, opts.docName, d)?.toString() ?? '';
    let caughtUp = false;
    try {
      await waitUntil(() => closedWith !== null || textOfStalled(stalledDoc) === expected, 60_000, 'the stalled client to catch up or be closed', 50);
      if (closedWith !== null) {
        const again: WireClient = await connectWire(peer, opts.docName, 60_000);
        closers.push(() => again.close());
        Y.applyUpdate(stalledDoc, again.initialState);
      }
      caughtUp = textOfStalled(stalledDoc) === expected;
    } catch (error) {
      note ||= (error as Error).message;
    }
    const stalledFate = closedWith === null ? 'kept open' : `closed ${closedWith}`;
    stalledDoc.destroy();
    return { pasteBytes: opts.pasteBytes, beforeBytes, peakBytes, stalledFate, caughtUp, note, window };
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

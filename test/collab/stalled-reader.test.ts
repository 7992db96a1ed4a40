/**
 * A client that stops reading its socket while another pastes 5 MB: the server's outgoing queue for it stays bounded
 * (counted in bytes; past the limit the connection is closed), the others are not held back, and the stalled client
 * ends with every update once it reads again (a y-websocket provider reconnects and resyncs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { sleep } from '../helpers/wait.js';
import { connectClient, converged, startCollab, waitFor, waitSynced, type CollabHarness, type TestClient } from './helpers.js';

const DOC = 'minutes:stalled';
const LIMIT = 256 * 1024;
const CHUNK = 512 * 1024;
const CHUNKS = 10;

describe('collab: a reader that stops reading', () => {
  let h: CollabHarness;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    h = await startCollab({ options: { maxSendBacklogBytes: LIMIT } });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await h.stop();
  });

  it('is closed once its queue passes the limit, and catches up after it reads again', async () => {
    const writer = connectClient(h.serverUrl, DOC);
    const reader = connectClient(h.serverUrl, DOC);
    const stalled = connectClient(h.serverUrl, DOC);
    clients.push(writer, reader, stalled);
    await waitSynced(writer, reader, stalled);
    const socket = stalled.provider.ws as unknown as WebSocket;
    const closes: number[] = [];
    socket.on('close', (code: number) => closes.push(code));
    socket.pause();

    let peakBacklog = 0;
    const watch = setInterval(() => (peakBacklog = Math.max(peakBacklog, h.collab.stats().sendBacklogBytes)), 2);
    try {
      for (let c = 0; c < CHUNKS; c++) {
        writer.text().insert(writer.text().length, String.fromCharCode(65 + c).repeat(CHUNK));
        await sleep(20);
      }
      const expected = writer.text().toString();
      // The reader that reads gets all of it while the other does not read.
      await waitFor(() => reader.text().toString() === expected, 'the reading client to get the paste', 60_000);
      // The server gave up on the stalled socket: one connection fewer, its queue dropped.
      await waitFor(() => h.collab.stats().connections === 2, 'the stalled connection to be closed', 30_000);
      expect(h.collab.stats().sendBacklogBytes).toBe(0);
    } finally {
      clearInterval(watch);
    }
    // Bounded: the limit plus at most one frame (a frame to an idle socket always goes).
    expect(peakBacklog).toBeGreaterThan(0);
    expect(peakBacklog).toBeLessThanOrEqual(LIMIT + CHUNK + 1024);

    socket.resume();
    await waitFor(() => closes.length > 0, 'the stalled client to see the close', 30_000);
    await waitFor(() => stalled.provider.synced && stalled.text().toString() === writer.text().toString(), 'the stalled client to resync', 60_000);
    expect(converged([writer.doc, reader.doc, stalled.doc])).toBe(true);
  }, 120_000);

  it('a reader that pauses briefly within the limit is kept and gets everything in order', async () => {
    const writer = connectClient(h.serverUrl, DOC);
    const slow = connectClient(h.serverUrl, DOC);
    clients.push(writer, slow);
    await waitSynced(writer, slow);
    const socket = slow.provider.ws as unknown as WebSocket;
    const closes: number[] = [];
    socket.on('close', (code: number) => closes.push(code));
    socket.pause();
    for (let i = 0; i < 50; i++) writer.text().insert(writer.text().length, `${i};`);
    await h.collab.flush();
    await sleep(100);
    socket.resume();
    await waitFor(() => slow.text().toString() === writer.text().toString(), 'the paused client to catch up');
    expect(closes).toEqual([]);
    expect(h.collab.stats().connections).toBe(2);
  }, 60_000);
});

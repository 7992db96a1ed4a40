import { request } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CloseCode, closeReason } from '../../collab/close-codes.js';
import { Connection } from '../../collab/connection.js';
import { rawClient, startCollab, waitFor, type CollabHarness } from './helpers.js';

/** A stand-in socket for Connection's own logic (limits, the frame pump): it records what is sent and closed. */
function recordingSocket() {
  const closes: Array<[number, string]> = [];
  const sent: Uint8Array[] = [];
  const socket = {
    OPEN: 1,
    CLOSED: 3,
    readyState: 1,
    bufferedAmount: 0,
    send: (data: Uint8Array) => void sent.push(data),
    close(code: number, reason: string) {
      closes.push([code, reason]);
      this.readyState = 2;
    },
    terminate() {},
  };
  return { socket, closes, sent };
}

/** Sends an upgrade request and returns the HTTP status the server answered with. */
function upgradeStatus(serverUrl: string, path: string): Promise<number> {
  const { port } = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('collab: upgrade routing and connection limits', () => {
  let h: CollabHarness;
  afterEach(async () => {
    await h?.stop();
  });

  it('refuses other paths, bad names and unauthorized requests with HTTP 4xx before upgrading', async () => {
    h = await startCollab({ authorize: async (req, docName) => (docName === 'minutes:secret' ? null : { userId: 'u1', readOnly: false }) });
    expect(await upgradeStatus(h.serverUrl, '/graphql')).toBe(404);
    expect(await upgradeStatus(h.serverUrl, '/collab/')).toBe(400);
    expect(await upgradeStatus(h.serverUrl, '/collab/a%2Fb')).toBe(400);
    expect(await upgradeStatus(h.serverUrl, '/collab/minutes:secret')).toBe(403);
    expect(await upgradeStatus(h.serverUrl, '/collab/minutes:open?token=x')).toBe(101);
  });

  it('terminates a connection that stops answering pings', async () => {
    h = await startCollab({ options: { pingIntervalMs: 25 } });
    const raw = rawClient(h.serverUrl, 'minutes:ping');
    await raw.opened;
    await waitFor(() => h.collab.stats().connections === 1, 'connection');
    (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // reads nothing, so never pongs
    await waitFor(() => h.collab.stats().connections === 0, 'dead connection to be terminated');
    raw.ws.terminate();
  });

  it('closes the connection of a client whose send buffer is full, instead of buffering without bound', () => {
    const { socket: fakeSocket, closes, sent } = recordingSocket();
    const conn = new Connection('c1', 'minutes:x', null, false, fakeSocket as unknown as WebSocket, { maxBufferedBytes: 1000, maxQueuedBytes: 1000, maxMessagesPerSecond: 1000 }, pino({ level: 'silent' }));
    expect(conn.send(new Uint8Array(5000))).toBe(true); // one large frame on an empty buffer is fine
    fakeSocket.bufferedAmount = 900;
    expect(conn.send(new Uint8Array(50))).toBe(true);
    expect(conn.send(new Uint8Array(200))).toBe(false);
    expect(closes).toEqual([[CloseCode.tryAgainLater, 'client does not keep up: send buffer full']]);
    expect(sent).toHaveLength(2);
    conn.closed();
  });

  it('closes a connection that queues more unhandled data than allowed', () => {
    const closes: number[] = [];
    const fakeSocket = { OPEN: 1, CLOSED: 3, readyState: 1, bufferedAmount: 0, send() {}, close: (code: number) => closes.push(code), terminate() {} };
    const conn = new Connection('c2', 'minutes:x', null, false, fakeSocket as unknown as WebSocket, { maxBufferedBytes: 1000, maxQueuedBytes: 100, maxMessagesPerSecond: 1000 }, pino({ level: 'silent' }));
    conn.receive(new Uint8Array(60)); // not started: waits for the document
    conn.receive(new Uint8Array(60));
    expect(closes).toEqual([CloseCode.tryAgainLater]);
    conn.closed();
  });

  it('closes a connection that sends faster than its message rate, after a burst of twice the rate', () => {
    const { socket: fakeSocket, closes } = recordingSocket();
    const limits = { maxBufferedBytes: 1_000_000, maxQueuedBytes: 1_000_000, maxMessagesPerSecond: 50 };
    const conn = new Connection('c3', 'minutes:x', null, false, fakeSocket as unknown as WebSocket, limits, pino({ level: 'silent' }));
    for (let i = 0; i < 100; i++) conn.receive(new Uint8Array(1)); // the burst: two seconds' worth at once
    expect(closes).toEqual([]);
    conn.receive(new Uint8Array(1));
    expect(closes).toEqual([[CloseCode.policyViolation, 'too many messages: slow down']]);
    conn.closed();
  });

  it('handles frames in order: at once while the handler answers at once, the rest held back while it is busy; a failing handler closes', async () => {
    const { socket: fakeSocket, closes } = recordingSocket();
    const limits = { maxBufferedBytes: 1_000_000, maxQueuedBytes: 1_000_000, maxMessagesPerSecond: 1000 };
    const conn = new Connection('c4', 'minutes:x', null, false, fakeSocket as unknown as WebSocket, limits, pino({ level: 'silent' }));
    const seen: number[] = [];
    let release: (() => void) | null = null;
    let fail: ((e: Error) => void) | null = null;
    conn.receive(new Uint8Array([1])); // queued until start
    conn.start((_c, frame) => {
      seen.push(frame[0]!);
      if (frame[0] === 3) return new Promise<void>((resolve) => (release = resolve));
      if (frame[0] === 6) return new Promise<void>((_resolve, reject) => (fail = reject));
      if (frame[0] === 8) throw new Error('handler failed');
    });
    expect(seen).toEqual([1]);
    conn.receive(new Uint8Array([2]));
    expect(seen).toEqual([1, 2]); // handled at once, synchronously
    conn.receive(new Uint8Array([3]));
    conn.receive(new Uint8Array([4]));
    conn.receive(new Uint8Array([5]));
    expect(seen).toEqual([1, 2, 3]); // 3 is busy: 4 and 5 wait
    release!();
    await waitFor(() => seen.length === 5, 'the held frames');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    conn.receive(new Uint8Array([6]));
    conn.receive(new Uint8Array([7]));
    fail!(new Error('async handler failed'));
    await waitFor(() => closes.length === 1, 'the close');
    expect(closes).toEqual([[CloseCode.internalError, 'internal error']]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]); // nothing after the failure
    conn.closed();

    // A handler that throws at once: closed, and the frames behind it are not handled.
    const closes2: number[] = [];
    const socket2 = { ...fakeSocket, readyState: 1, close(code: number) { closes2.push(code); this.readyState = 2; } };
    const conn2 = new Connection('c5', 'minutes:x', null, false, socket2 as unknown as WebSocket, limits, pino({ level: 'silent' }));
    const seen2: number[] = [];
    conn2.receive(new Uint8Array([7]));
    conn2.receive(new Uint8Array([8]));
    conn2.receive(new Uint8Array([9]));
    conn2.start((_c, frame) => {
      seen2.push(frame[0]!);
      if (frame[0] === 8) throw new Error('handler failed');
    });
    expect(seen2).toEqual([7, 8]);
    expect(closes2).toEqual([CloseCode.internalError]);
    conn2.closed();
  });

  it('cuts close reasons to the 123 bytes a close frame allows', () => {
    expect(closeReason('kort')).toBe('kort');
    const long = closeReason('æ'.repeat(200));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(123);
    expect(long.endsWith('…')).toBe(true);
  });
});

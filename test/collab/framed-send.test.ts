/**
 * A broadcast is framed once and the same buffer written to every socket (collab/framed-send.ts). Real ws servers and
 * clients on loopback: what a client receives is exactly the payload, as one binary message, for every frame length
 * form (7-bit, 16-bit, 64-bit), in order with ws.send's messages; when the socket's Sender does not write straight
 * through (permessage-deflate negotiated) the payload goes through ws.send instead and still arrives intact.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { prepareFrame, SHARED_PART_BYTES, sendPrepared, writesPreparedFrames } from '../../collab/framed-send.js';
import { encodeUpdateParts } from '../../collab/protocol.js';
import { waitFor } from './helpers.js';

interface Pair {
  server: WebSocket;
  client: WebSocket;
  received: Array<{ data: Buffer; isBinary: boolean }>;
  close(): Promise<void>;
}

const open: Pair[] = [];

async function pair(perMessageDeflate: boolean): Promise<Pair> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => resolve(ws)));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate });
  const received: Pair['received'] = [];
  client.on('message', (data, isBinary) => received.push({ data: data as Buffer, isBinary }));
  await new Promise<void>((resolve, reject) => {
    client.once('open', () => resolve());
    client.once('error', reject);
  });
  const server = await serverSide;
  const p: Pair = {
    server,
    client,
    received,
    close: async () => {
      client.terminate();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  open.push(p);
  return p;
}

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

describe('collab: one frame for every receiver of a broadcast', () => {
  it('writes the prepared frame directly (as the collab server sets ws up) and the client gets the exact payloads', async () => {
    const p = await pair(false);
    // If a ws upgrade changes the internals the direct write uses, this fails instead of silently falling back.
    expect(writesPreparedFrames(p.server)).toBe(true);
    const payloads = [bytes(0, 1), bytes(1, 2), bytes(125, 3), bytes(126, 4), bytes(65_535, 5), bytes(65_536, 6), bytes(300_000, 7)];
    for (const payload of payloads) expect(sendPrepared(p.server, prepareFrame(payload))).toBe(true);
    p.server.send(bytes(10, 8), { binary: true }); // interleaved with ws's own sends, in order
    expect(sendPrepared(p.server, prepareFrame(bytes(20, 9)))).toBe(true);
    await waitFor(() => p.received.length === payloads.length + 2, 'every message');
    const expected = [...payloads, bytes(10, 8), bytes(20, 9)];
    p.received.forEach((m, i) => {
      expect(m.isBinary).toBe(true);
      expect(Buffer.compare(m.data, Buffer.from(expected[i]!))).toBe(0);
    });
  });

  it('shares one buffer between sockets: every client of a broadcast gets the same bytes', async () => {
    const pairs = [await pair(false), await pair(false), await pair(false)];
    const frame = prepareFrame(bytes(1000, 11));
    for (const p of pairs) expect(sendPrepared(p.server, frame)).toBe(true);
    for (const p of pairs) {
      await waitFor(() => p.received.length === 1, 'the broadcast');
      expect(Buffer.compare(p.received[0]!.data, Buffer.from(frame.payload))).toBe(0);
    }
  });

  it('encodes a sync update message in parts as the bytes y-protocols writes, for every length of the length', () => {
    for (const length of [0, 1, 127, 128, 255, 16_383, 16_384, 65_536, 2_097_151, 2_097_152]) {
      const update = bytes(length, 31);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      const [header, body] = encodeUpdateParts(update);
      expect(body).toBe(update);
      expect(Buffer.concat([header, body]).equals(Buffer.from(encoding.toUint8Array(encoder)))).toBe(true);
    }
  });

  it('frames a message given in parts (a sync update) as the message they make up, for every length form', async () => {
    const p = await pair(false);
    const updates = [bytes(0, 21), bytes(100, 22), bytes(70_000, 23), bytes(512 * 1024, 24)];
    for (const update of updates) {
      const frame = prepareFrame(encodeUpdateParts(update));
      // A large update is written as it is, behind the frame's first bytes; a small one is copied into the frame.
      expect(frame.wire.length).toBe(update.byteLength >= SHARED_PART_BYTES ? 2 : 1);
      if (frame.wire.length === 2) expect(frame.wire[1]).toBe(update);
      expect(frame.bytes).toBe(frame.wire.reduce((n, w) => n + w.byteLength, 0));
      expect(sendPrepared(p.server, frame)).toBe(true);
    }
    await waitFor(() => p.received.length === updates.length, 'every update');
    updates.forEach((update, i) => {
      // The bytes y-protocols writes for a sync update.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      expect(Buffer.compare(p.received[i]!.data, Buffer.from(encoding.toUint8Array(encoder)))).toBe(0);
    });
  });

  it('falls back to ws.send when permessage-deflate is negotiated, and the payload still arrives intact', async () => {
    const p = await pair(true);
    expect(p.server.extensions).toContain('permessage-deflate');
    expect(writesPreparedFrames(p.server)).toBe(false);
    const payload = bytes(5000, 12);
    expect(sendPrepared(p.server, prepareFrame(payload))).toBe(false);
    const update = bytes(100_000, 13); // a frame of two parts, sent as one message
    expect(sendPrepared(p.server, prepareFrame(encodeUpdateParts(update)))).toBe(false);
    await waitFor(() => p.received.length === 2, 'the messages');
    expect(Buffer.compare(p.received[0]!.data, Buffer.from(payload))).toBe(0);
    expect(Buffer.compare(p.received[1]!.data.subarray(-update.byteLength), Buffer.from(update))).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../collab/close-codes.js';
import * as Y from 'yjs';
import {
  connectClient,
  converged,
  rawClient,
  startCollab,
  syncFrame,
  waitFor,
  waitSynced,
  type CollabHarness,
  type TestClient,
} from './helpers.js';

const DOC = 'minutes:untrusted';

describe('collab: a bad frame closes only its own connection', () => {
  let h: CollabHarness;
  let a: TestClient;
  let b: TestClient;

  beforeEach(async () => {
    h = await startCollab({ options: { maxFrameBytes: 64 * 1024 } });
    a = connectClient(h.serverUrl, DOC);
    b = connectClient(h.serverUrl, DOC);
    await waitSynced(a, b);
    a.text().insert(0, 'before ');
    await waitFor(() => b.text().toString() === 'before ', 'first edit');
  });

  afterEach(async () => {
    a.destroy();
    b.destroy();
    await h.stop();
  });

  /** Sends `frame` on a fresh raw connection and returns how the server closed it. */
  async function closeFor(frame: Uint8Array | string) {
    const raw = rawClient(h.serverUrl, DOC);
    await raw.opened;
    raw.send(frame);
    return raw.closed;
  }

  /** The document still syncs between the good clients, and a new client loads it from the store. */
  async function stillHealthy(mark: string) {
    a.text().insert(a.text().length, mark);
    await waitFor(() => converged([a.doc, b.doc]) && b.text().toString().includes(mark), `edit ${mark} after the bad frame`);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    await h.collab.flush();
    const loaded = await h.storage.load(DOC);
    const fresh = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(fresh, u.data);
    expect(fresh.getText('text').toString()).toBe(a.text().toString());
  }

  it('random bytes', async () => {
    let seed = 7;
    const random = new Uint8Array(256).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    random[0] = 0xf7; // a varUint message type far beyond the protocol's 0–3
    const closed = await closeFor(random);
    expect([CloseCode.unsupportedData, CloseCode.invalidPayload]).toContain(closed.code);
    expect(closed.reason).not.toBe('');
    await stillHealthy('1');
  });

  it('a truncated update', async () => {
    const update = Y.encodeStateAsUpdate(a.doc);
    const frame = syncFrame(2, update).slice(0, 6);
    const closed = await closeFor(frame);
    expect(closed.code).toBe(CloseCode.invalidPayload);
    expect(closed.reason).toMatch(/truncated/);
    await stillHealthy('2');
  });

  it('an unknown message type', async () => {
    const closed = await closeFor(new Uint8Array([7, 0]));
    expect(closed.code).toBe(CloseCode.unsupportedData);
    expect(closed.reason).toMatch(/unknown message type 7/);
    await stillHealthy('3');
  });

  it('an unknown sync message type, trailing bytes, a text frame, a malformed update, a bad awareness update', async () => {
    expect((await closeFor(new Uint8Array([0, 9, 0]))).code).toBe(CloseCode.unsupportedData);
    expect((await closeFor(new Uint8Array([0, 0, 0, 42]))).reason).toMatch(/trailing/);
    expect((await closeFor('hello')).code).toBe(CloseCode.unsupportedData);
    expect((await closeFor(syncFrame(2, new Uint8Array([200, 1, 2, 3, 4, 5])))).code).toBe(CloseCode.invalidPayload);
    const badJson = new Uint8Array([1, 6, 1, 5, 1, 2, 123, 120]); // one entry, state "{x"
    expect((await closeFor(badJson)).reason).toMatch(/JSON/);
    await stillHealthy('4');
  });

  it('a frame above maxFrameBytes', async () => {
    const closed = await closeFor(syncFrame(2, new Uint8Array(128 * 1024)));
    expect(closed.code).toBe(CloseCode.messageTooBig);
    await stillHealthy('5');
  });
});

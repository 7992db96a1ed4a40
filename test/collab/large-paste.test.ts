/**
 * A large paste through a real collab server: the server's document does not join the paste's items (or keystrokes
 * typed after it) into one ever longer string — every update of such an item would copy its whole text again
 * (collab/yjs-string-merge.ts) — and every client still ends with exactly the writer's text, a late one too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MAX_MERGED_CHARS } from '../../collab/yjs-string-merge.js';
import { sleep } from '../helpers/wait.js';
import { connectClient, converged, startCollab, waitFor, waitSynced, type CollabHarness, type TestClient } from './helpers.js';

/** The states compaction encoded: the size the update log expected, and the size they had. */
const encodedStates = vi.hoisted(() => [] as Array<{ expected: number; bytes: number }>);
vi.mock('../../collab/state-encoding.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../collab/state-encoding.js')>();
  return {
    encodeStateSized: (doc: Y.Doc, expected: number) => {
      const state = actual.encodeStateSized(doc, expected);
      encodedStates.push({ expected, bytes: state.length });
      return state;
    },
  };
});

const DOC = 'minutes:paste';
const CHUNK = 40_000;
const CHUNKS = 5;

/** The lengths of the string items of a text, in document order. */
function itemLengths(text: Y.Text): number[] {
  const lengths: number[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentString) lengths.push(item.length);
  }
  return lengths;
}

describe('collab: a large paste', () => {
  let h: CollabHarness;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    h = await startCollab({ options: { compactBytes: 3 * CHUNK } });
    encodedStates.length = 0;
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await h.stop();
  });

  it('stays in items of bounded length on the server, keystrokes after it too, and every client converges', async () => {
    const writer = connectClient(h.serverUrl, DOC);
    const reader = connectClient(h.serverUrl, DOC);
    clients.push(writer, reader);
    await waitSynced(writer, reader);
    for (let c = 0; c < CHUNKS; c++) {
      writer.text().insert(writer.text().length, String.fromCharCode(65 + c).repeat(CHUNK));
      await sleep(10);
    }
    for (let k = 0; k < 2 * MAX_MERGED_CHARS; k += 500) {
      writer.text().insert(writer.text().length, 'x'.repeat(500)); // typed at the end of the paste
      await sleep(2);
    }
    const expected = writer.text().toString();
    await waitFor(() => reader.text().toString() === expected, 'the reader to get the paste and the typing', 30_000);

    const served = (await h.collab.getDocument(DOC)).getText('text');
    expect(served.toString()).toBe(expected);
    const lengths = itemLengths(served);
    // Each insert of the paste is one item of its own; what was typed after it is joined only up to the limit.
    expect(lengths.slice(0, CHUNKS)).toEqual(Array(CHUNKS).fill(CHUNK));
    expect(Math.max(...lengths.slice(CHUNKS))).toBeLessThanOrEqual(MAX_MERGED_CHARS);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(expected.length);

    // A client that joins afterwards gets the same text from the server's state.
    const late = connectClient(h.serverUrl, DOC);
    clients.push(late);
    await waitFor(() => late.provider.synced && late.text().toString() === expected, 'a late client to sync');
    expect(converged([writer.doc, reader.doc, late.doc])).toBe(true);
  }, 60_000);

  it('compacts it into one buffer of the size the log expected (collab/state-encoding.ts)', async () => {
    const writer = connectClient(h.serverUrl, DOC);
    clients.push(writer);
    await waitSynced(writer);
    for (let c = 0; c < CHUNKS; c++) {
      writer.text().insert(writer.text().length, String.fromCharCode(65 + c).repeat(CHUNK));
      await sleep(10);
    }
    await waitFor(async () => (await h.collab.getDocument(DOC)).getText('text').length === CHUNK * CHUNKS, 'the server to have the paste', 30_000);
    await waitFor(() => encodedStates.length > 0, 'a compaction');
    // The snapshot and the updates logged since it are what the state is made of: the expectation is close to it.
    for (const { expected, bytes } of encodedStates) {
      expect(bytes).toBeGreaterThan(2 * CHUNK);
      expect(expected).toBeGreaterThanOrEqual(bytes * 0.9);
      expect(expected).toBeLessThanOrEqual(bytes * 1.1);
    }
  }, 60_000);
});

/**
 * Group commit across documents (collab/group-commit.ts, DocumentStorage.appendBatch), through the collab server on
 * the in-memory storage: the updates of many documents share one storage write, every document's log stays
 * contiguous and loads to exactly what its clients hold, and another writer colliding on one document costs the
 * others nothing. (That the SQL storage writes such a batch as one INSERT is sql-storage.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocumentStorage } from '../../collab/storage/memory-storage.js';
import type { BatchEntry, DocumentStorage } from '../../collab/storage/port.js';
import { appendElsewhere, connectClient, startCollab, storedRows, waitFor, waitSynced, type CollabHarness, type TestClient } from './helpers.js';

/** The in-memory storage, recording every appendBatch (one call = one transaction of the SQL storage). */
class RecordingStorage extends MemoryDocumentStorage {
  readonly batches: Array<Array<{ docName: string; afterSeq: number; updates: number }>> = [];
  /** This many of the next writes fail (nothing of them stored), as a database refusing a transaction would. */
  failNext = 0;
  override appendBatch(entries: readonly BatchEntry[]): Promise<number[][]> {
    this.batches.push(entries.map((e) => ({ docName: e.docName, afterSeq: e.afterSeq, updates: e.updates.length })));
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('the database refused the write'));
    }
    return super.appendBatch(entries);
  }
}

/** A document's durable state, loaded the way a fresh server loads it. */
async function loadFresh(storage: DocumentStorage, docName: string): Promise<Y.Doc> {
  const loaded = await storage.load(docName);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot.state);
  for (const u of loaded.updates) Y.applyUpdate(doc, u.data);
  return doc;
}

const sameState = (a: Y.Doc, b: Y.Doc) => Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
const seqsOf = async (storage: DocumentStorage, docName: string) => (await storedRows(storage, docName)).map((r) => r.seq);

describe('collab: group commit across documents', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function setup(groupCommitMs: number) {
    const storage = new RecordingStorage();
    // Every batch waits for its window (no write at once when idle), so that what arrives together is written together.
    const h: CollabHarness = await startCollab({ storage, options: { groupCommitMs, writeAtOnceWhenIdle: false, compactEvery: 10_000 } });
    cleanups.push(() => h.stop());
    const client = (docName: string): TestClient => {
      const c = connectClient(h.serverUrl, docName);
      cleanups.push(() => c.destroy());
      return c;
    };
    return { storage, h, client };
  }

  it('writes the updates of many documents in one storage write, and each loads to exactly its clients’ state', async () => {
    const { storage, h, client } = await setup(400);
    const names = Array.from({ length: 12 }, (_, i) => `minutes:cross-${i}`);
    const pairs = names.map((name) => [client(name), client(name)] as const);
    await waitSynced(...pairs.flat());
    const servers = await Promise.all(names.map((n) => h.collab.getDocument(n)));

    const before = storage.batches.length;
    pairs.forEach(([a, b], i) => {
      a.text().insert(0, `doc ${i} from a. `);
      b.text().insert(0, `doc ${i} from b. `);
    });
    await waitFor(() => servers.every((s, i) => s.getText('text').length === pairs[i]![0].text().length * 2), 'keystrokes to arrive');
    await h.collab.flush();
    const batches = storage.batches.slice(before);
    expect(batches).toHaveLength(1); // 12 documents, 24 updates: one write (one transaction)
    expect(batches[0]!.map((e) => e.docName).sort()).toEqual([...names].sort());

    for (const [i, name] of names.entries()) {
      const [a, b] = pairs[i]!;
      await waitFor(() => sameState(a.doc, b.doc), `clients of ${name} to converge`);
      expect(await seqsOf(storage, name)).toEqual([1, 2]);
      const fresh = await loadFresh(storage, name);
      expect(sameState(fresh, a.doc)).toBe(true);
      expect(fresh.getText('text').toString()).toBe(a.text().toString());
    }

    // Next round: seqs continue from memory, still one statement for all.
    pairs.forEach(([a], i) => a.text().insert(a.text().length, `more ${i}`));
    await waitFor(() => servers.every((s, i) => s.getText('text').toString() === pairs[i]![0].text().toString()), 'second round to arrive');
    await h.collab.flush();
    expect(storage.batches.slice(before)).toHaveLength(2);
    for (const [i, name] of names.entries()) {
      expect(await seqsOf(storage, name)).toEqual([1, 2, 3]);
      await waitFor(() => sameState(pairs[i]![0].doc, pairs[i]![1].doc), `clients of ${name} to converge again`);
      expect(sameState(await loadFresh(storage, name), pairs[i]![1].doc)).toBe(true);
    }
  });

  it('a second writer on one document (and a compaction past our seq on another) loses nothing of the batch', async () => {
    const { storage, h, client } = await setup(400);
    const [A, B, C] = ['minutes:batch-a', 'minutes:batch-b', 'minutes:batch-c'];
    const a = client(A!);
    const b1 = client(B!);
    const b2 = client(B!);
    const c = client(C!);
    await waitSynced(a, b1, b2, c);
    a.text().insert(0, 'A0 ');
    b1.text().insert(0, 'B0 ');
    c.text().insert(0, 'C0 ');
    await waitFor(async () => (await Promise.all([A!, B!, C!].map((n) => seqsOf(storage, n)))).flat().length === 3, 'first edits stored');
    const [serverA, serverB, serverC] = await Promise.all([A!, B!, C!].map((n) => h.collab.getDocument(n)));

    // The other instance (on the same storage), unannounced: appends seq 2 of B, and appends and compacts C up to seq 2.
    const elsewhere = (base: Y.Doc, text: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
      const sv = Y.encodeStateVector(doc);
      doc.getText('text').insert(0, text);
      return { doc, update: Y.encodeStateAsUpdate(doc, sv) };
    };
    const otherB = elsewhere(serverB, 'otherB ');
    expect(await appendElsewhere(storage, B!, [{ data: otherB.update, origin: 'other-instance', userId: null }])).toEqual([2]);
    const otherC = elsewhere(serverC, 'otherC ');
    expect(await appendElsewhere(storage, C!, [{ data: otherC.update, origin: 'other-instance', userId: null }])).toEqual([2]);
    expect(await storage.compact(C!, Y.encodeStateAsUpdate(otherC.doc), 2)).toBe(true);

    // One batch: A (free), B with two rows (seqs 2–3: 2 is taken, 3 is free), C (seq 2 is under the snapshot).
    const before = storage.batches.length;
    a.text().insert(a.text().length, 'A1');
    b1.text().insert(b1.text().length, 'B1');
    await waitFor(() => serverB.getText('text').toString() === b1.text().toString(), 'b1 to arrive');
    b2.text().insert(0, 'B2 ');
    c.text().insert(c.text().length, 'C1');
    await waitFor(
      () =>
        serverA.getText('text').toString() === a.text().toString() &&
        serverB.getText('text').toString().includes('B1') &&
        serverB.getText('text').toString().includes('B2') &&
        serverC.getText('text').toString() === c.text().toString(),
      'keystrokes to arrive',
    );
    await h.collab.flush();
    // One write for the three documents, each from the seq its writer knows (B and C collide in it).
    expect(storage.batches.slice(before)).toEqual([
      expect.arrayContaining([
        { docName: A!, afterSeq: 1, updates: 1 },
        { docName: B!, afterSeq: 1, updates: 2 },
        { docName: C!, afterSeq: 1, updates: 1 },
      ]),
    ]);

    expect(await seqsOf(storage, A!)).toEqual([1, 2]);
    const rowsB = await storedRows(storage, B!);
    expect(rowsB.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rowsB[1]!.origin).toBe('other-instance');
    expect((await storage.load(C!)).snapshot!.seq).toBe(2);
    expect(await seqsOf(storage, C!)).toEqual([3]);

    // Everyone ends up with everything (the gaps are read from the log), and a fresh load holds exactly that.
    await waitFor(() => b1.text().toString().includes('otherB') && sameState(b1.doc, b2.doc), 'B clients to hold the other writer’s edit');
    await waitFor(() => c.text().toString().includes('otherC') && c.text().toString().includes('C1'), 'C client to hold the other writer’s edit');
    for (const [name, clientDoc] of [[A!, a.doc], [B!, b1.doc], [C!, c.doc]] as const) {
      const fresh = await loadFresh(storage, name);
      await waitFor(() => sameState(fresh, clientDoc), `${name}: client and fresh load to agree`);
      expect(fresh.getText('text').toString()).toBe(clientDoc.getText('text').toString());
    }
    expect(a.text().toString()).toBe('A0 A1');
    expect(b1.text().toString()).toContain('B1');
    expect(b1.text().toString()).toContain('B2');
  });

  it('a failed write is retried with the same updates and what came meanwhile, in order; nothing is broadcast before it is stored', async () => {
    const { storage, h, client } = await setup(0);
    const name = 'minutes:retried';
    const a = client(name);
    const b = client(name);
    await waitSynced(a, b);
    const server = await h.collab.getDocument(name);
    storage.failNext = 2;
    const before = storage.batches.length;
    a.text().insert(0, 'one ');
    await waitFor(() => storage.batches.length > before, 'the first (failing) write');
    a.text().insert(a.text().length, 'two ');
    await waitFor(() => server.getText('text').toString() === 'one two ', 'keystrokes to arrive');
    expect(b.text().toString()).toBe(''); // not durable yet: not broadcast
    await waitFor(() => b.text().toString() === 'one two ', 'the retried write to be stored and broadcast', 5_000);
    expect(storage.failNext).toBe(0);
    const tried = storage.batches.slice(before).map((batch) => batch.map((e) => ({ afterSeq: e.afterSeq, updates: e.updates })));
    // The first try held 'one'; each retry holds it again with 'two' merged in (one origin): one row, seq 1.
    expect(tried[0]).toEqual([{ afterSeq: 0, updates: 1 }]);
    expect(tried.at(-1)).toEqual([{ afterSeq: 0, updates: 1 }]);
    expect(tried).toHaveLength(3);
    expect(await seqsOf(storage, name)).toEqual([1]);
    expect((await loadFresh(storage, name)).getText('text').toString()).toBe('one two ');
  });
});

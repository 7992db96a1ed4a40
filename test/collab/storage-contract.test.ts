/**
 * The DocumentStorage contract (collab/storage/port.ts), held against every implementation: the in-memory one, the
 * SQL one on SQLite, and on PostgreSQL when MOTEBOK_TEST_PG_URL is set. `other` is a second writer on the same
 * data: the same object for the in-memory storage, a second ORM with its own pool (another instance) for SQL.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocumentStorage } from '../../collab/storage/memory-storage.js';
import type { DocumentStorage, LoadedDocument, UpdateToAppend } from '../../collab/storage/port.js';
import { SqlDocumentStorage } from '../../collab/storage/sql-storage.js';
import { openDatabase } from '../../server/db/orm.js';
import { createTestDatabase, dbKinds } from '../helpers/databases.js';

interface Subject {
  storage: DocumentStorage;
  other: DocumentStorage;
  close(): Promise<void>;
}

const subjects: Record<string, () => Promise<Subject>> = {
  memory: async () => {
    const storage = new MemoryDocumentStorage();
    return { storage, other: storage, close: async () => undefined };
  },
};
for (const kind of dbKinds()) {
  subjects[`sql (${kind})`] = async () => {
    const db = await createTestDatabase(kind);
    const config = { kind, url: db.url, poolMax: kind === 'sqlite' ? 1 : 4 };
    const log = pino({ level: 'silent' });
    const { orm } = await openDatabase(config, log);
    const { orm: otherOrm } = await openDatabase(config, log);
    return {
      storage: new SqlDocumentStorage(orm),
      other: new SqlDocumentStorage(otherOrm),
      close: async () => {
        await orm.close(true);
        await otherOrm.close(true);
        await db.drop();
      },
    };
  };
}

/** A writer's document: each `next` is one Yjs update typing `text`, as an update to append. */
function writer(base?: Y.Doc) {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  return {
    doc,
    next(text: string, origin = 'conn-1', userId: string | null = 'user-1'): UpdateToAppend {
      const sv = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, text);
      return { data: Y.encodeStateAsUpdate(doc, sv), origin, userId };
    },
  };
}

/** The text a loaded document rebuilds to (snapshot, then the updates after it). */
function rebuilt(loaded: LoadedDocument): string {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot.state);
  for (const u of loaded.updates) Y.applyUpdate(doc, u.data);
  return doc.getText('t').toString();
}

const seqs = (loaded: LoadedDocument) => loaded.updates.map((u) => u.seq);

describe.each(Object.keys(subjects))('DocumentStorage contract: %s', (name) => {
  let subject: Subject | null = null;
  afterEach(async () => {
    await subject?.close();
    subject = null;
  });
  const open = async () => (subject = await subjects[name]!());

  it('a new document loads empty, at seq 0', async () => {
    const { storage } = await open();
    expect(await storage.load('doc:new')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
    expect(await storage.readAfter('doc:new', 0)).toEqual([]);
  });

  it('appends the batches of several documents from afterSeq+1 and loads them back in order, bytes and origins intact', async () => {
    const { storage, other } = await open();
    const a = writer();
    const b = writer();
    const a1 = a.next('a1');
    const a2 = a.next('a2', 'server:import', null);
    const b1 = b.next('b1');
    expect(await storage.appendBatch([
      { docName: 'doc:a', afterSeq: 0, updates: [a1, a2] },
      { docName: 'doc:b', afterSeq: 0, updates: [b1] },
      { docName: 'doc:c', afterSeq: 0, updates: [] },
    ])).toEqual([[1, 2], [1], []]);
    expect(await storage.appendBatch([{ docName: 'doc:a', afterSeq: 2, updates: [a.next('a3')] }])).toEqual([[3]]);

    const loaded = await other.load('doc:a');
    expect(seqs(loaded)).toEqual([1, 2, 3]);
    expect(loaded.lastSeq).toBe(3);
    expect(loaded.snapshot).toBeNull();
    expect(Buffer.from(loaded.updates[1]!.data).equals(Buffer.from(a2.data))).toBe(true);
    expect(loaded.updates.map((u) => [u.origin, u.userId])).toEqual([['conn-1', 'user-1'], ['server:import', null], ['conn-1', 'user-1']]);
    expect(rebuilt(loaded)).toBe('a1a2a3');
    expect((await other.readAfter('doc:a', 1)).map((u) => u.seq)).toEqual([2, 3]);
    expect(rebuilt(await other.load('doc:b'))).toBe('b1');
    expect(await other.load('doc:c')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
  });

  it('stores what it was given, not what the caller changes later', async () => {
    const { storage } = await open();
    const update = writer().next('x');
    const original = Buffer.from(update.data);
    await storage.appendBatch([{ docName: 'doc:bytes', afterSeq: 0, updates: [update] }]);
    update.data.fill(0);
    const loaded = await storage.load('doc:bytes');
    expect(Buffer.from(loaded.updates[0]!.data).equals(original)).toBe(true);
    loaded.updates[0]!.data.fill(0);
    expect(Buffer.from((await storage.load('doc:bytes')).updates[0]!.data).equals(original)).toBe(true);
  });

  it('refuses two entries for one document and stores nothing of that batch', async () => {
    const { storage } = await open();
    const w = writer();
    await expect(storage.appendBatch([
      { docName: 'doc:x', afterSeq: 0, updates: [w.next('1')] },
      { docName: 'doc:y', afterSeq: 0, updates: [w.next('2')] },
      { docName: 'doc:x', afterSeq: 1, updates: [w.next('3')] },
    ])).rejects.toThrow(/one entry per document/);
    expect((await storage.load('doc:x')).lastSeq).toBe(0);
    expect((await storage.load('doc:y')).lastSeq).toBe(0);
  });

  it('detects a second writer (a taken seq, a snapshot past afterSeq) and appends after it; the rest of the batch is unaffected', async () => {
    const { storage, other } = await open();
    const docs = { a: writer(), b: writer(), c: writer() };
    for (const [key, w] of Object.entries(docs)) {
      expect(await storage.appendBatch([{ docName: `doc:${key}`, afterSeq: 0, updates: [w.next(`${key}0 `)] }])).toEqual([[1]]);
    }
    // The other writer, which this one is not told about: seq 2 of a; seq 2 of b, compacted into b's snapshot.
    const otherA = writer(docs.a.doc);
    expect(await other.appendBatch([{ docName: 'doc:a', afterSeq: 1, updates: [otherA.next('elsewhere ', 'other')] }])).toEqual([[2]]);
    const otherB = writer(docs.b.doc);
    expect(await other.appendBatch([{ docName: 'doc:b', afterSeq: 1, updates: [otherB.next('elsewhere ', 'other')] }])).toEqual([[2]]);
    expect(await other.compact('doc:b', Y.encodeStateAsUpdate(otherB.doc), 2)).toBe(true);

    // This writer still believes every document is at seq 1: a wants 2–3 (2 is taken, 3 is free), b wants 2
    // (under the snapshot), c wants 2 (free).
    const result = await storage.appendBatch([
      { docName: 'doc:a', afterSeq: 1, updates: [docs.a.next('a1 '), docs.a.next('a2 ')] },
      { docName: 'doc:b', afterSeq: 1, updates: [docs.b.next('b1 ')] },
      { docName: 'doc:c', afterSeq: 1, updates: [docs.c.next('c1 ')] },
    ]);
    expect(result).toEqual([[3, 4], [3], [2]]);

    const a = await other.load('doc:a');
    expect(a.updates.map((u) => [u.seq, u.origin])).toEqual([[1, 'conn-1'], [2, 'other'], [3, 'conn-1'], [4, 'conn-1']]);
    expect(rebuilt(a)).toContain('elsewhere');
    expect(rebuilt(a)).toContain('a1 a2 ');
    const b = await other.load('doc:b');
    expect(b.snapshot?.seq).toBe(2);
    expect(seqs(b)).toEqual([3]);
    expect(b.lastSeq).toBe(3);
    expect(rebuilt(b)).toContain('b1');
    expect(rebuilt(b)).toContain('elsewhere');
    expect(seqs(await other.load('doc:c'))).toEqual([1, 2]);
    // The writer reads the gap it skipped.
    expect((await storage.readAfter('doc:a', 1)).map((u) => u.seq)).toEqual([2, 3, 4]);
  });

  it('a snapshot past afterSeq alone (no seq taken): the document is appended after it, the rest of the batch is unaffected', async () => {
    const { storage, other } = await open();
    const docs = { b: writer(), c: writer() };
    for (const [key, w] of Object.entries(docs)) {
      expect(await storage.appendBatch([{ docName: `doc:${key}`, afterSeq: 0, updates: [w.next(`${key}0 `)] }])).toEqual([[1]]);
    }
    // The other writer stores seqs 2–3 of b and compacts them into b's snapshot: the rows are gone, no seq is taken.
    const otherB = writer(docs.b.doc);
    expect(await other.appendBatch([{ docName: 'doc:b', afterSeq: 1, updates: [otherB.next('x ', 'other'), otherB.next('y ', 'other')] }])).toEqual([[2, 3]]);
    expect(await other.compact('doc:b', Y.encodeStateAsUpdate(otherB.doc), 3)).toBe(true);

    // This writer believes b is at seq 1: of 2–4, 2 and 3 are under the snapshot, 4 is above it.
    const result = await storage.appendBatch([
      { docName: 'doc:b', afterSeq: 1, updates: [docs.b.next('b1 '), docs.b.next('b2 '), docs.b.next('b3 ')] },
      { docName: 'doc:c', afterSeq: 1, updates: [docs.c.next('c1 ')] },
    ]);
    expect(result).toEqual([[4, 5, 6], [2]]);
    const b = await other.load('doc:b');
    expect(b.snapshot?.seq).toBe(3);
    expect(seqs(b)).toEqual([4, 5, 6]);
    expect(rebuilt(b)).toContain('b1 b2 b3 ');
    expect(rebuilt(b)).toContain('x y ');
    expect(seqs(await other.load('doc:c'))).toEqual([1, 2]);
  });

  it('compaction only moves forward; a load after it is the snapshot plus the updates after it', async () => {
    const { storage, other } = await open();
    const w = writer();
    const states: Uint8Array[] = [];
    for (let i = 0; i < 10; i++) {
      await storage.appendBatch([{ docName: 'doc:compact', afterSeq: i, updates: [w.next(`${i}`)] }]);
      states.push(Y.encodeStateAsUpdate(w.doc));
    }
    expect(await other.compact('doc:compact', states[9]!, 10)).toBe(true);
    // An older state never replaces a newer snapshot (whose covered updates are already gone), nor does the same seq.
    expect(await storage.compact('doc:compact', states[5]!, 6)).toBe(false);
    expect(await storage.compact('doc:compact', states[9]!, 10)).toBe(false);
    let loaded = await storage.load('doc:compact');
    expect(loaded.snapshot?.seq).toBe(10);
    expect(Buffer.from(loaded.snapshot!.state).equals(Buffer.from(states[9]!))).toBe(true);
    expect(loaded.updates).toEqual([]);
    expect(loaded.lastSeq).toBe(10);
    expect(rebuilt(loaded)).toBe('0123456789');

    expect(await storage.appendBatch([{ docName: 'doc:compact', afterSeq: 10, updates: [w.next('a'), w.next('b')] }])).toEqual([[11, 12]]);
    loaded = await other.load('doc:compact');
    expect(loaded.snapshot?.seq).toBe(10);
    expect(seqs(loaded)).toEqual([11, 12]);
    expect(loaded.lastSeq).toBe(12);
    expect(rebuilt(loaded)).toBe('0123456789ab');
    expect((await storage.readAfter('doc:compact', 5)).map((u) => u.seq)).toEqual([11, 12]); // 6–10 are in the snapshot

    // Forward again: the snapshot covers everything, the log is empty.
    expect(await storage.compact('doc:compact', Y.encodeStateAsUpdate(w.doc), 12)).toBe(true);
    loaded = await other.load('doc:compact');
    expect([loaded.snapshot?.seq, loaded.updates.length, loaded.lastSeq]).toEqual([12, 0, 12]);
    expect(rebuilt(loaded)).toBe('0123456789ab');
  });
});

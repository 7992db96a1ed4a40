/**
 * Group commit across documents (collab/group-commit.ts, DocumentStore.appendBatch) on a real database:
 * the updates of many documents share one transaction, every document's log stays contiguous and loads to
 * exactly what its clients hold, and another writer colliding on one document costs the others nothing.
 */
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentStore } from '../../collab/document-store.js';
import { DocumentSnapshot } from '../../schema/entities/document-snapshot.js';
import { DocumentUpdate } from '../../schema/entities/document-update.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { createTestDatabase, dbKinds, type DbKind } from '../helpers/databases.js';
import { connectClient, startCollab, waitFor, waitSynced, type CollabHarness, type TestClient } from './helpers.js';

/** SQL statements the ORM's logger reported (MikroORM's queries and the store's raw ones). */
class SqlCapture extends Writable {
  readonly statements: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as { msg?: string };
      if (entry.msg) this.statements.push(entry.msg);
    }
    done();
  }
  inserts(): string[] {
    return this.statements.filter((s) => /insert into .?document_update/i.test(s));
  }
}

/** A document's durable state, loaded the way a fresh server loads it. */
async function loadFresh(orm: Orm, docName: string): Promise<Y.Doc> {
  const loaded = await new DocumentStore(orm).load(docName);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot.state);
  for (const u of loaded.updates) Y.applyUpdate(doc, u.data);
  return doc;
}

const sameState = (a: Y.Doc, b: Y.Doc) => Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));

describe.each(dbKinds())('collab: group commit across documents (%s)', (kind: DbKind) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function setup(groupCommitMs: number) {
    const db = await createTestDatabase(kind);
    cleanups.push(() => db.drop());
    const capture = new SqlCapture();
    const config = { kind, url: db.url, poolMax: kind === 'sqlite' ? 1 : 4 };
    const { orm } = await openDatabase(config, pino({ level: 'trace' }, capture));
    cleanups.push(() => orm.close(true));
    // Another instance on the same database: its own ORM and pool.
    const { orm: otherOrm } = await openDatabase(config, pino({ level: 'silent' }));
    cleanups.push(() => otherOrm.close(true));
    // Every batch waits for its window (no write at once when idle), so that what arrives together is written together.
    const h: CollabHarness = await startCollab(orm, { options: { groupCommitMs, writeAtOnceWhenIdle: false, compactEvery: 10_000 } });
    cleanups.push(() => h.stop());
    const client = (docName: string): TestClient => {
      const c = connectClient(h.serverUrl, docName);
      cleanups.push(() => c.destroy());
      return c;
    };
    return { orm, otherOrm, h, capture, client };
  }

  it('writes the updates of many documents in one INSERT, and each loads to exactly its clients’ state', async () => {
    const { orm, h, capture, client } = await setup(400);
    const names = Array.from({ length: 12 }, (_, i) => `minutes:cross-${i}`);
    const pairs = names.map((name) => [client(name), client(name)] as const);
    await waitSynced(...pairs.flat());
    const servers = await Promise.all(names.map((n) => h.collab.getDocument(n)));

    const before = capture.inserts().length;
    pairs.forEach(([a, b], i) => {
      a.text().insert(0, `doc ${i} from a. `);
      b.text().insert(0, `doc ${i} from b. `);
    });
    await waitFor(() => servers.every((s, i) => s.getText('text').length === pairs[i]![0].text().length * 2), 'keystrokes to arrive');
    await h.collab.flush();
    const inserts = capture.inserts().slice(before);
    expect(inserts).toHaveLength(1); // 12 documents, 24 updates: one statement in one transaction

    for (const [i, name] of names.entries()) {
      const [a, b] = pairs[i]!;
      await waitFor(() => sameState(a.doc, b.doc), `clients of ${name} to converge`);
      const rows = await orm.em.fork().find(DocumentUpdate, { docName: name }, { orderBy: { seq: 'asc' } });
      expect(rows.map((r) => r.seq)).toEqual([1, 2]);
      const fresh = await loadFresh(orm, name);
      expect(sameState(fresh, a.doc)).toBe(true);
      expect(fresh.getText('text').toString()).toBe(a.text().toString());
    }

    // Next round: seqs continue from memory, still one statement for all.
    pairs.forEach(([a], i) => a.text().insert(a.text().length, `more ${i}`));
    await waitFor(() => servers.every((s, i) => s.getText('text').toString() === pairs[i]![0].text().toString()), 'second round to arrive');
    await h.collab.flush();
    expect(capture.inserts().slice(before)).toHaveLength(2);
    for (const [i, name] of names.entries()) {
      const rows = await orm.em.fork().find(DocumentUpdate, { docName: name }, { orderBy: { seq: 'asc' } });
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
      await waitFor(() => sameState(pairs[i]![0].doc, pairs[i]![1].doc), `clients of ${name} to converge again`);
      expect(sameState(await loadFresh(orm, name), pairs[i]![1].doc)).toBe(true);
    }
  });

  it('a second writer on one document (and a compaction past our seq on another) loses nothing of the batch', async () => {
    const { orm, otherOrm, h, capture, client } = await setup(400);
    const [A, B, C] = ['minutes:batch-a', 'minutes:batch-b', 'minutes:batch-c'];
    const a = client(A!);
    const b1 = client(B!);
    const b2 = client(B!);
    const c = client(C!);
    await waitSynced(a, b1, b2, c);
    a.text().insert(0, 'A0 ');
    b1.text().insert(0, 'B0 ');
    c.text().insert(0, 'C0 ');
    await waitFor(async () => (await orm.em.fork().count(DocumentUpdate, {})) === 3, 'first edits stored');
    const [serverA, serverB, serverC] = await Promise.all([A!, B!, C!].map((n) => h.collab.getDocument(n)));

    // The other instance, unannounced: appends seq 2 of B, and appends and compacts C up to seq 2.
    const other = new DocumentStore(otherOrm);
    const elsewhere = (base: Y.Doc, text: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
      const sv = Y.encodeStateVector(doc);
      doc.getText('text').insert(0, text);
      return { doc, update: Y.encodeStateAsUpdate(doc, sv) };
    };
    const otherB = elsewhere(serverB, 'otherB ');
    expect(await other.append(B!, [{ data: otherB.update, origin: 'other-instance', userId: null }])).toEqual([2]);
    const otherC = elsewhere(serverC, 'otherC ');
    expect(await other.append(C!, [{ data: otherC.update, origin: 'other-instance', userId: null }])).toEqual([2]);
    expect(await other.compact(C!, Y.encodeStateAsUpdate(otherC.doc), 2)).toBe(true);

    // One batch: A (free), B with two rows (seqs 2–3: 2 is taken, 3 is free), C (seq 2 is under the snapshot).
    const before = capture.inserts().length;
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
    const inserts = capture.inserts().slice(before);
    // The group's INSERT, then one fallback INSERT each for B and C (after the highest stored seq).
    expect(inserts).toHaveLength(3);
    expect(inserts[0]).toMatch(/on conflict/i);

    const seqs = async (n: string) => (await orm.em.fork().find(DocumentUpdate, { docName: n }, { orderBy: { seq: 'asc' } })).map((r) => [r.seq, r.origin]);
    expect((await seqs(A!)).map(([s]) => s)).toEqual([1, 2]);
    const rowsB = await seqs(B!);
    expect(rowsB.map(([s]) => s)).toEqual([1, 2, 3, 4]);
    expect(rowsB[1]![1]).toBe('other-instance');
    const snapC = await orm.em.fork().findOne(DocumentSnapshot, { docName: C! });
    expect(snapC!.seq).toBe(2);
    expect((await seqs(C!)).map(([s]) => s)).toEqual([3]);

    // Everyone ends up with everything (the gaps are read from the log), and a fresh load holds exactly that.
    await waitFor(() => b1.text().toString().includes('otherB') && sameState(b1.doc, b2.doc), 'B clients to hold the other writer’s edit');
    await waitFor(() => c.text().toString().includes('otherC') && c.text().toString().includes('C1'), 'C client to hold the other writer’s edit');
    for (const [name, clientDoc] of [[A!, a.doc], [B!, b1.doc], [C!, c.doc]] as const) {
      const fresh = await loadFresh(orm, name);
      await waitFor(() => sameState(fresh, clientDoc), `${name}: client and fresh load to agree`);
      expect(fresh.getText('text').toString()).toBe(clientDoc.getText('text').toString());
    }
    expect(a.text().toString()).toBe('A0 A1');
    expect(b1.text().toString()).toContain('B1');
    expect(b1.text().toString()).toContain('B2');
  });
});

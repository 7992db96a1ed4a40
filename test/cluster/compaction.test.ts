import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqlDocumentStorage } from '../../collab/storage/sql-storage.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { CLUSTER_TESTS, logIfSkipped } from '../helpers/cluster.js';

logIfSkipped('test/cluster/compaction.test.ts');

/** Two instances' stores on one PostgreSQL database (separate pools, as separate processes would have). */
describe.runIf(CLUSTER_TESTS)('cluster: two writers append to and compact one log', () => {
  let db: TestDatabase;
  let orms: Orm[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    const config = { url: db.url, kind: 'postgresql' as const, poolMax: 4 };
    orms = [(await openDatabase(config, pino({ level: 'silent' }))).orm];
    orms.push((await openDatabase(config, pino({ level: 'silent' }))).orm);
  }, 60_000);

  afterAll(async () => {
    for (const orm of orms) await orm.close(true);
    await db?.drop();
  });

  it('concurrent appends from writers that both believe the log is empty get distinct consecutive seqs', async () => {
    const [s1, s2] = orms.map((o) => new SqlDocumentStorage(o));
    const doc = new Y.Doc();
    const update = () => {
      const sv = Y.encodeStateVector(doc);
      doc.getText('t').insert(0, 'x');
      return { data: Y.encodeStateAsUpdate(doc, sv), origin: 'test', userId: null };
    };
    // Every batch but the first collides and is appended after the highest stored seq, the writers taking turns.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? s1! : s2!).appendBatch([{ docName: 'doc:append', afterSeq: 0, updates: [update(), update()] }])),
    );
    expect(results.flat(2).sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('an older compaction never replaces a newer snapshot (whose updates are already deleted)', async () => {
    const [s1, s2] = orms.map((o) => new SqlDocumentStorage(o));
    const doc = new Y.Doc();
    const states: Uint8Array[] = [];
    for (let i = 0; i < 10; i++) {
      const sv = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, `${i}`);
      await s1!.appendBatch([{ docName: 'doc:compact', afterSeq: i, updates: [{ data: Y.encodeStateAsUpdate(doc, sv), origin: 'test', userId: null }] }]);
      states.push(Y.encodeStateAsUpdate(doc));
    }
    // Instance 2 compacts to seq 10 first; instance 1, later, to seq 6 (its state covers only 1..6).
    expect(await s2!.compact('doc:compact', states[9]!, 10)).toBe(true);
    expect(await s1!.compact('doc:compact', states[5]!, 6)).toBe(false);
    const loaded = await s1!.load('doc:compact');
    expect(loaded.snapshot?.seq).toBe(10);
    const check = new Y.Doc();
    Y.applyUpdate(check, loaded.snapshot!.state);
    expect(check.getText('t').toString()).toBe('0123456789');

    // Racing: both at once, in either order; the snapshot ends at the higher seq with everything in it.
    for (let i = 10; i < 20; i++) {
      const sv = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, `${i % 10}`);
      await s2!.appendBatch([{ docName: 'doc:compact', afterSeq: i, updates: [{ data: Y.encodeStateAsUpdate(doc, sv), origin: 'test', userId: null }] }]);
      states.push(Y.encodeStateAsUpdate(doc));
    }
    await Promise.allSettled([s1!.compact('doc:compact', states[14]!, 15), s2!.compact('doc:compact', states[19]!, 20)]);
    const after = await s2!.load('doc:compact');
    const full = new Y.Doc();
    if (after.snapshot) Y.applyUpdate(full, after.snapshot.state);
    for (const u of after.updates) Y.applyUpdate(full, u.data);
    expect(full.getText('t').toString()).toBe('01234567890123456789');
    expect(after.lastSeq).toBe(20);
  });
});

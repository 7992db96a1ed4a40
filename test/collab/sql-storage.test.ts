/**
 * What the SQL storage adds to the DocumentStorage contract (storage-contract.test.ts): a batch of many documents
 * is ONE INSERT statement (on SQLite without RETURNING, and the only statement of the transaction), a document that
 * collided with another writer costs one INSERT of its own, the others staying in the group's, and a compaction
 * binds its (multi-MB) state instead of writing it into the SQL text. On SQLite an append uses the idle connection
 * without a turn through the pool, and waits for (never runs inside) a transaction holding it.
 * SQLite, and PostgreSQL when MOTEBOK_TEST_PG_URL is set.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqlDocumentStorage } from '../../collab/storage/sql-storage.js';
import type { UpdateToAppend } from '../../collab/storage/port.js';
import type { PoolClient } from '../../collab/storage/sqlite-append.js';
import { openDatabase } from '../../server/db/orm.js';
import { createTestDatabase, dbKinds, type DbKind } from '../helpers/databases.js';

/** SQL statements the ORM's logger reported (MikroORM's queries and the storage's raw ones). */
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
  /** Statements on the log's tables from the `from`-th statement on. */
  appendStatements(from: number): string[] {
    return this.statements.slice(from).filter((s) => /document_(update|snapshot)/i.test(s));
  }
}

function update(text: string): UpdateToAppend {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return { data: Y.encodeStateAsUpdate(doc), origin: 'conn-1', userId: null };
}

describe.each(dbKinds())('SqlDocumentStorage statements (%s)', (kind: DbKind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function open() {
    const db = await createTestDatabase(kind);
    cleanups.push(() => db.drop());
    const capture = new SqlCapture();
    const { orm } = await openDatabase({ kind, url: db.url, poolMax: kind === 'sqlite' ? 1 : 4 }, pino({ level: 'trace' }, capture));
    cleanups.push(() => orm.close(true));
    return { storage: new SqlDocumentStorage(orm), capture, orm };
  }

  it('writes the updates of many documents in one INSERT', async () => {
    const { storage, capture } = await open();
    const names = Array.from({ length: 12 }, (_, i) => `doc:${i}`);
    const before = capture.statements.length;
    const result = await storage.appendBatch(names.map((docName) => ({ docName, afterSeq: 0, updates: [update('a'), update('b')] })));
    expect(result).toEqual(names.map(() => [1, 2]));
    expect(capture.inserts()).toHaveLength(1);
    if (kind === 'sqlite') {
      // One statement in all: the INSERT checks the snapshots itself, and nothing comes back but a count.
      expect(capture.appendStatements(before)).toHaveLength(1);
      expect(capture.inserts()[0]).not.toMatch(/returning/i);
    } else {
      expect(capture.inserts()[0]).toMatch(/on conflict/i);
    }
  });

  it('a collided document is appended with an INSERT of its own; the others stay in the group’s', async () => {
    const { storage, capture } = await open();
    await storage.appendBatch(['doc:a', 'doc:b', 'doc:c'].map((docName) => ({ docName, afterSeq: 0, updates: [update('0')] })));
    await storage.appendBatch([{ docName: 'doc:b', afterSeq: 1, updates: [update('other')] }]);
    const before = capture.inserts().length;
    const result = await storage.appendBatch(['doc:a', 'doc:b', 'doc:c'].map((docName) => ({ docName, afterSeq: 1, updates: [update('1')] })));
    expect(result).toEqual([[2], [3], [2]]);
    const inserts = capture.inserts().slice(before);
    // SQLite: the plain INSERT, refused by the primary key and undone, then the checked one (what PostgreSQL runs).
    if (kind === 'sqlite') expect(inserts.shift()).not.toMatch(/on conflict/i);
    expect(inserts).toHaveLength(2);
    expect(inserts[0]).toMatch(/on conflict/i);
    expect(inserts[1]).not.toMatch(/on conflict/i);
  });

  it('a compaction binds the state: no statement carries it, and the snapshot holds it byte for byte', async () => {
    const { storage, orm } = await open();
    const statements: string[] = [];
    const knex = (orm.em.getConnection() as unknown as { getKnex(): { on(e: 'query', fn: (q: { sql: string }) => void): void } }).getKnex();
    knex.on('query', (q) => statements.push(q.sql));
    const big = update('x'.repeat(200_000)); // ≈ 200 KB, 400 KB as a hex literal
    await storage.appendBatch([{ docName: 'doc:big', afterSeq: 0, updates: [big] }]);
    expect(await storage.compact('doc:big', big.data, 1)).toBe(true); // the first snapshot of the document
    const second = Y.mergeUpdates([big.data, update('y'.repeat(100_000)).data]);
    await storage.appendBatch([{ docName: 'doc:big', afterSeq: 1, updates: [update('z')] }]);
    expect(await storage.compact('doc:big', second, 2)).toBe(true); // replacing it
    expect(await storage.compact('doc:big', big.data, 1)).toBe(false); // never backwards
    expect(statements.filter((sql) => /document_snapshot/i.test(sql)).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...statements.map((sql) => sql.length))).toBeLessThan(10_000);
    const loaded = await storage.load('doc:big');
    expect(loaded.snapshot?.seq).toBe(2);
    expect(Buffer.from(loaded.snapshot!.state).equals(Buffer.from(second))).toBe(true);
    expect(loaded.updates).toEqual([]);
  });
});

describe('SQLite connection of an append', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  /** A storage on a new SQLite database, and how many connections were taken from its pool since. */
  async function open() {
    const db = await createTestDatabase('sqlite');
    cleanups.push(() => db.drop());
    const { orm } = await openDatabase({ kind: 'sqlite', url: db.url, poolMax: 1 }, pino({ level: 'silent' }));
    cleanups.push(() => orm.close(true));
    const storage = new SqlDocumentStorage(orm);
    expect(await storage.appendBatch([{ docName: 'doc:0', afterSeq: 0, updates: [update('0')] }])).toEqual([[1]]); // connected
    const client = (orm.em.getConnection() as unknown as { getKnex(): { client: PoolClient } }).getKnex().client;
    const acquire = client.acquireConnection.bind(client);
    const taken = { count: 0 };
    client.acquireConnection = () => {
      taken.count++;
      return acquire();
    };
    return { orm, storage, taken };
  }

  it('with the connection idle, appends without a turn through the pool, durably', async () => {
    const { storage, taken } = await open();
    for (let seq = 1; seq <= 3; seq++) {
      expect(await storage.appendBatch([{ docName: 'doc:s', afterSeq: seq - 1, updates: [update(`${seq}`)] }])).toEqual([[seq]]);
    }
    expect(taken.count).toBe(0);
    expect((await storage.load('doc:s')).updates.map((u) => u.seq)).toEqual([1, 2, 3]);
  });

  it('waits for a transaction holding the connection and does not run inside it', async () => {
    const { orm, storage, taken } = await open();
    let began!: () => void;
    const inTransaction = new Promise<void>((resolve) => (began = resolve));
    let rollBack!: () => void;
    const held = new Promise<void>((resolve) => (rollBack = resolve));
    const transaction = orm.em.fork().transactional(async (em) => {
      await em.getConnection().execute('select 1', [], 'all', em.getTransactionContext());
      began();
      await held;
      throw new Error('rolled back');
    });
    await inTransaction;
    let done = false;
    const append = storage.appendBatch([{ docName: 'doc:t', afterSeq: 0, updates: [update('t')] }]).then((seqs) => {
      done = true;
      return seqs;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false); // waiting for the connection
    rollBack();
    await expect(transaction).rejects.toThrow('rolled back');
    expect(await append).toEqual([[1]]);
    expect(taken.count).toBeGreaterThanOrEqual(1);
    // Not rolled back with the transaction: it ran after it, on its own.
    expect((await storage.load('doc:t')).updates.map((u) => u.seq)).toEqual([1]);
  });
});

describe('SQLite connections of the log', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  /** `pragma synchronous` of the connection the pool hands out (what appendBatch commits with): 1 normal, 2 full. */
  async function synchronousOf(orm: Awaited<ReturnType<typeof openDatabase>>['orm']): Promise<number> {
    await (orm.em.getConnection() as unknown as { ensureConnection(): Promise<void> }).ensureConnection();
    const client = (orm.em.getConnection() as unknown as { getKnex(): { client: PoolClient } }).getKnex().client;
    const db = await client.acquireConnection();
    try {
      return Number((db as unknown as { prepare(s: string): { all(p: unknown[]): Array<{ synchronous: number }> } }).prepare('pragma synchronous').all([])[0]!.synchronous);
    } finally {
      await client.releaseConnection(db);
    }
  }

  it.each([
    [undefined, 1],
    ['normal', 1],
    ['full', 2],
  ] as const)('commit with synchronous = %s on every connection, a reconnected one too', async (setting, expected) => {
    const db = await createTestDatabase('sqlite');
    cleanups.push(() => db.drop());
    const { orm } = await openDatabase({ kind: 'sqlite', url: db.url, poolMax: 1, sqliteSynchronous: setting }, pino({ level: 'silent' }));
    cleanups.push(() => orm.close(true));
    expect(await synchronousOf(orm)).toBe(expected);
    const storage = new SqlDocumentStorage(orm);
    expect(await storage.appendBatch([{ docName: 'doc:s', afterSeq: 0, updates: [update('a')] }])).toEqual([[1]]);
    // A new knex client (and pool) opens a new connection: it gets the same pragmas.
    await orm.em.getConnection().close(true);
    await orm.em.getConnection().connect();
    expect(await synchronousOf(orm)).toBe(expected);
    expect(await storage.appendBatch([{ docName: 'doc:s', afterSeq: 1, updates: [update('b')] }])).toEqual([[2]]);
  });
});

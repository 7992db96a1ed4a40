import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CollabOrigin } from '../../collab/origins.js';
import { MemoryDocumentStorage } from '../../collab/storage/memory-storage.js';
import { SqlDocumentStorage } from '../../collab/storage/sql-storage.js';
import type { DocumentStorage } from '../../collab/storage/port.js';
import { DocumentUpdate } from '../../schema/entities/document-update.js';
import {
  connectClient,
  openDb,
  roundTrip,
  startCollab,
  storedRows,
  tempSqliteUrl,
  waitFor,
  waitSynced,
  type CollabHarness,
  type TestClient,
  type TestDb,
} from './helpers.js';

/**
 * What is accepted survives the server. One test runs on a real SQLite file with a new ORM after the restart (the
 * SQL storage's own behaviour is held to the port's contract in storage-contract.test.ts); the rest run on the
 * in-memory storage, a "restart" being a new collab server on the same storage.
 */
describe('collab: durability', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function openSqlite(url: string): Promise<{ db: TestDb; h: CollabHarness }> {
    const db = await openDb(url);
    const h = await startCollab({ storage: new SqlDocumentStorage(db.orm) });
    cleanups.push(() => db.close(), () => h.stop());
    return { db, h };
  }

  async function open(deps: Parameters<typeof startCollab>[0] = {}): Promise<CollabHarness> {
    const h = await startCollab(deps);
    cleanups.push(() => h.stop());
    return h;
  }

  function client(h: CollabHarness, docName: string): TestClient {
    const c = connectClient(h.serverUrl, docName);
    cleanups.push(() => c.destroy());
    return c;
  }

  const countRows = async (storage: DocumentStorage, docName: string) => (await storedRows(storage, docName)).length;

  it('a new server on the same SQLite database serves everything that was typed', async () => {
    const file = tempSqliteUrl();
    cleanups.push(() => file.remove());
    const first = await openSqlite(file.url);
    const a = client(first.h, 'minutes:durable');
    const b = client(first.h, 'minutes:durable');
    await waitSynced(a, b);
    a.text().insert(0, 'Møtet ble satt. ');
    b.text().insert(0, 'Til stede: alle. ');
    await waitFor(() => a.text().length === b.text().length && a.text().length > 20, 'edits to meet');
    const expected = a.text().toString();
    await first.h.stop();
    a.provider.disconnect();
    b.provider.disconnect();
    await first.db.close();

    const second = await openSqlite(file.url);
    const rows = await second.db.orm.em.fork().find(DocumentUpdate, { docName: 'minutes:durable' }, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.every((r) => r.userId === null && r.origin.length > 0)).toBe(true);
    const c = client(second.h, 'minutes:durable');
    await waitSynced(c);
    expect(c.text().toString()).toBe(expected);
  });

  it('loads after compaction: snapshot plus the updates after it', async () => {
    const storage = new MemoryDocumentStorage();
    const first = await open({ storage, options: { compactEvery: 5, groupCommitMs: 1 } });
    const a = client(first, 'minutes:compact');
    await waitSynced(a);
    const server = await first.collab.getDocument('minutes:compact');
    for (let i = 0; i < 23; i++) {
      a.text().insert(a.text().length, `${i} `);
      // One logged update per keystroke, so that compaction runs several times.
      await waitFor(() => server.getText('text').length === a.text().length, 'keystroke to arrive');
      await first.collab.flush();
    }
    const { snapshot, updates: remaining } = await storage.load('minutes:compact');
    expect(snapshot).not.toBeNull();
    expect(snapshot!.seq).toBeGreaterThanOrEqual(20);
    expect(remaining.length).toBeLessThan(5);
    expect(remaining.every((r) => r.seq > snapshot!.seq)).toBe(true);
    const expected = a.text().toString();
    a.provider.disconnect();
    await first.stop();

    const second = await open({ storage });
    const loaded = await storage.load('minutes:compact');
    expect(loaded.lastSeq).toBe(snapshot!.seq + remaining.length);
    const c = client(second, 'minutes:compact');
    await waitSynced(c);
    expect(c.text().toString()).toBe(expected);
    // New edits continue the sequence after the snapshot.
    c.text().insert(0, '> ');
    await waitFor(async () => (await countRows(storage, 'minutes:compact')) > remaining.length, 'new edit to be logged');
    const rows = await storedRows(storage, 'minutes:compact');
    expect(rows[rows.length - 1]!.seq).toBe(loaded.lastSeq + 1);
  });

  it('unloads an idle document after the grace period (stored and compacted) and loads it again', async () => {
    const h = await open({ options: { unloadGraceMs: 50 } });
    const a = client(h, 'minutes:idle');
    await waitSynced(a);
    a.text().insert(0, 'before unload');
    await waitFor(async () => (await countRows(h.storage, 'minutes:idle')) > 0, 'edit to be logged');
    a.provider.disconnect();
    await waitFor(() => h.collab.stats().documents === 0, 'document to be unloaded');
    expect(await countRows(h.storage, 'minutes:idle')).toBe(0);
    expect((await h.storage.load('minutes:idle')).snapshot).not.toBeNull();
    const b = client(h, 'minutes:idle');
    await waitSynced(b);
    expect(b.text().toString()).toBe('before unload');
  });

  it('groups updates arriving together into one transaction and tells hooks the origin', async () => {
    const changes: CollabOrigin[] = [];
    const stored: Array<[number, number]> = [];
    const h = await open({
      options: { groupCommitMs: 300 },
      hooks: {
        onChange: (_n, _d, _u, origin) => changes.push(origin),
        onStored: (_n, from, to) => stored.push([from, to]),
      },
    });
    const a = client(h, 'minutes:group');
    const b = client(h, 'minutes:group');
    await waitSynced(a, b);
    const server = await h.collab.getDocument('minutes:group');
    // The committer is idle: a lone keystroke is written at once, without waiting for the window.
    a.text().insert(0, 'f');
    await waitFor(() => b.text().toString() === 'f', 'the first keystroke to be stored and broadcast at once');
    // Right after a write, what arrives waits for the window and is written together.
    for (let i = 1; i <= 10; i++) a.text().insert(i, 'x');
    await waitFor(() => server.getText('text').length === 11, 'keystrokes to arrive');
    // Not stored yet (the batch is still open), so not broadcast either: b hears nothing before the write.
    await roundTrip(b);
    expect(b.text().toString()).toBe('f');
    expect(changes.map((o) => o.kind)).toEqual(['client']);
    await h.collab.applyServerUpdate('minutes:group', (doc) => doc.getText('text').insert(0, 'S'), 'import');
    await waitFor(() => changes.length >= 3, 'changes to be stored');
    const rows = await storedRows(h.storage, 'minutes:group');
    // Ten keystrokes of one connection share one row; the server change has its own, in the same transaction.
    expect(rows.map((r) => r.origin.startsWith('server:') ? r.origin : 'client')).toEqual(['client', 'client', 'server:import']);
    expect(stored).toEqual([[1, 1], [2, 3]]);
    expect(changes.map((o) => o.kind)).toEqual(['client', 'client', 'server']);
    expect(server.getText('text').toString()).toBe('Sfxxxxxxxxxx');
    await waitFor(() => a.text().toString() === 'Sfxxxxxxxxxx' && b.text().toString() === 'Sfxxxxxxxxxx', 'stored changes to reach the clients');
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(a.doc));
  });

  it('merges the small updates of one connection into one row, but not large ones (a paste is not encoded again)', async () => {
    const h = await open({ options: { groupCommitMs: 300 } });
    const a = client(h, 'minutes:paste-rows');
    const b = client(h, 'minutes:paste-rows');
    await waitSynced(a, b);
    a.text().insert(0, 'f');
    await waitFor(() => b.text().toString() === 'f', 'the first keystroke');
    // Within one group-commit window: three pastes of 100 000 characters, then ten keystrokes.
    for (let i = 0; i < 3; i++) a.text().insert(a.text().length, String(i).repeat(100_000));
    for (let i = 0; i < 10; i++) a.text().insert(a.text().length, 'x');
    await waitFor(() => b.text().toString() === a.text().toString(), 'the pastes and keystrokes to be stored and broadcast', 30_000);
    const rows = await storedRows(h.storage, 'minutes:paste-rows');
    expect(rows.map((r) => (r.data.byteLength > 64 * 1024 ? 'large' : 'small'))).toEqual(['small', 'large', 'large', 'large', 'small']);
    const replay = new Y.Doc();
    for (const r of rows) Y.applyUpdate(replay, r.data);
    expect(replay.getText('text').toString()).toBe(a.text().toString());
  });
});

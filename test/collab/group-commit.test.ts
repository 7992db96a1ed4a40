/**
 * The group commit of the durable log under continuous load (many documents typing). Where the storage asks for no
 * window (SQLite: a write costs tens of µs), a group that arrives while another is being written is written as soon
 * as that write ends — a classic group commit, one write in flight and the next batch formed meanwhile — not held
 * for a window on top. Where it asks for one (PostgreSQL: ≈ 1 ms of the event loop per transaction), the window
 * holds. Real committer, the real in-memory storage behind a write that takes `writeMs` (a database's commit), fake
 * clock so the waits are exact; and the SQL storage's own answer on each database.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommitter } from '../../collab/group-commit.js';
import { MemoryDocumentStorage } from '../../collab/storage/memory-storage.js';
import type { BatchEntry } from '../../collab/storage/port.js';
import { SqlDocumentStorage } from '../../collab/storage/sql-storage.js';
import { defaultCollabOptions } from '../../collab/types.js';
import { openDatabase } from '../../server/db/orm.js';
import { createTestDatabase, dbKinds } from '../helpers/databases.js';
import { silentLog } from './helpers.js';

class SlowStorage extends MemoryDocumentStorage {
  readonly writes: Array<{ start: number; end: number; docs: number }> = [];
  constructor(
    private readonly writeMs: number,
    readonly groupCommitMs?: number,
  ) {
    super();
  }
  override async appendBatch(entries: readonly BatchEntry[]): Promise<number[][]> {
    const start = Date.now();
    await new Promise((r) => setTimeout(r, this.writeMs));
    this.writes.push({ start, end: Date.now(), docs: entries.length });
    return super.appendBatch(entries);
  }
}

/** 20 documents, one keystroke each every 20 ms, spread over the interval (one a millisecond), for 400 ms. */
async function typeInto(storage: SlowStorage): Promise<{ waits: number[]; gaps: number[] }> {
  const committer = createGroupCommitter(storage, silentLog, defaultCollabOptions);
  const seqs = new Map<string, number>();
  const waits: number[] = [];
  const update = (docName: string) => {
    const added = Date.now();
    void committer
      .add({
        docName,
        take: () => {
          waits.push(Date.now() - added); // from arrival to the start of its write
          const afterSeq = seqs.get(docName) ?? 0;
          seqs.set(docName, afterSeq + 1);
          return { afterSeq, updates: [{ data: new Uint8Array([1]), origin: 'test', userId: null }] };
        },
      })
      .catch(() => undefined);
  };
  for (let t = 0; t < 400; t++) {
    update(`doc-${t % 20}`);
    await vi.advanceTimersByTimeAsync(1);
  }
  await vi.advanceTimersByTimeAsync(50);
  expect(waits).toHaveLength(400);
  return { waits, gaps: storage.writes.slice(1).map((w, i) => w.start - storage.writes[i]!.end) };
}

describe('group commit under continuous load', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a storage that asks for no window: what arrived during a write is written right after it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    const storage = new SlowStorage(2);
    const { waits, gaps } = await typeInto(storage);
    // Busy the whole time: one write always in flight, the next one starting the moment it ends (on the fake clock's
    // next millisecond: its setImmediate runs at the next step). With a 5 ms window the gap was 4 ms.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1);
    // So no keystroke waits longer than one write (2 ms, + that step) for its own to start; with a window, up to 6.
    expect(Math.max(...waits)).toBeLessThanOrEqual(3);
    expect(storage.writes.length).toBeLessThan(400); // still grouped: what arrived during a write goes in one
  });

  it('a storage that asks for a window (expensive writes) gets it: fewer, larger writes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    const storage = new SlowStorage(2, 5);
    const { gaps } = await typeInto(storage);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(3);
    expect(storage.writes.length).toBeLessThanOrEqual(100); // one per ≈ 5 ms; without the window one per ≈ 3
  });

  it.each(dbKinds())('the SQL storage on %s asks for the window its writes want', async (kind) => {
    const db = await createTestDatabase(kind);
    const { orm } = await openDatabase({ kind, url: db.url, poolMax: kind === 'sqlite' ? 1 : 4 }, silentLog);
    try {
      expect(new SqlDocumentStorage(orm).groupCommitMs).toBe(kind === 'sqlite' ? 0 : 5);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});

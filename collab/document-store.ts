/**
 * Durable storage of collaborative documents: an append-only log of Yjs updates per document with increasing
 * sequence numbers (the truth), plus at most one snapshot per document that merges every update up to its seq.
 * Stateless apart from the ORM, so several server instances can share it: seqs are allocated inside the
 * appending transaction, and the primary key (docName, seq) refuses a seq taken twice.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { DocumentSnapshot } from '../schema/entities/document-snapshot.js';
import { DocumentUpdate } from '../schema/entities/document-update.js';

export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
  origin: string;
  userId: string | null;
}

export interface UpdateToAppend {
  data: Uint8Array;
  /** Connection id, or "server:<reason>". */
  origin: string;
  userId: string | null;
}

export interface LoadedDocument {
  snapshot: { seq: number; state: Uint8Array } | null;
  /** Updates after the snapshot, by seq. */
  updates: StoredUpdate[];
  /** The highest seq covered (snapshot or update); 0 for a new document. */
  lastSeq: number;
}

const MAX_LOAD_ATTEMPTS = 5;

/** Blob columns come back as Buffer or ArrayBuffer depending on the driver; Yjs wants a plain Uint8Array. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`unexpected blob value of type ${typeof value}`);
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toStored(row: DocumentUpdate): StoredUpdate {
  return { seq: row.seq, data: toBytes(row.data), origin: row.origin, userId: row.userId };
}

/** Raw SQL in the transaction of `em` (MikroORM's SQL drivers all have execute). */
function execute(em: EntityManager, sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  return (em as unknown as { execute(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> }).execute(sql, params);
}

export class DocumentStore {
  constructor(private readonly orm: MikroORM) {}

  private em(): EntityManager {
    return this.orm.em.fork({ clear: true, useContext: false });
  }

  /**
   * The latest snapshot and every update after it. Reads the snapshot seq again afterwards and retries if a
   * compaction ran in between (its deletes could otherwise hide updates the old snapshot did not cover).
   */
  async load(docName: string): Promise<LoadedDocument> {
    for (let attempt = 1; ; attempt++) {
      const em = this.em();
      const snapshot = await em.findOne(DocumentSnapshot, { docName });
      const afterSeq = snapshot?.seq ?? 0;
      const rows = await em.find(DocumentUpdate, { docName, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' } });
      const check = await this.em().findOne(DocumentSnapshot, { docName }, { fields: ['seq'] });
      if ((check?.seq ?? 0) !== afterSeq) {
        if (attempt >= MAX_LOAD_ATTEMPTS) throw new Error(`could not load ${docName}: compacted concurrently`);
        continue;
      }
      const updates = rows.map(toStored);
      return {
        snapshot: snapshot ? { seq: snapshot.seq, state: toBytes(snapshot.state) } : null,
        updates,
        lastSeq: updates.length ? updates[updates.length - 1]!.seq : afterSeq,
      };
    }
  }

  /** Appends updates in one transaction; returns their seqs (consecutive, after every seq already used). */
  async append(docName: string, updates: readonly UpdateToAppend[]): Promise<number[]> {
    if (updates.length === 0) return [];
    return this.em().transactional(async (em) => {
      // Several instances append to one log: on PostgreSQL they take turns per document (otherwise both would
      // pick the same next seq and one would fail on the primary key and retry). SQLite has one writer anyway.
      if (this.isPostgres()) await execute(em, 'select pg_advisory_xact_lock(hashtext(?))', [`motebok:append:${docName}`]);
      const first = (await this.lastSeq(em, docName)) + 1;
      const createdAt = new Date();
      const rows = updates.map((u, i) => ({
        docName,
        seq: first + i,
        data: toBuffer(u.data),
        origin: u.origin,
        userId: u.userId,
        createdAt,
      }));
      await em.insertMany(DocumentUpdate, rows);
      return rows.map((r) => r.seq);
    });
  }

  /** Updates with seq greater than `afterSeq`, by seq (empty when compaction already folded them into the snapshot). */
  async readAfter(docName: string, afterSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.em().find(DocumentUpdate, { docName, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' } });
    return rows.map(toStored);
  }

  /**
   * Replaces the snapshot with `state` (which must hold exactly the updates up to and including `uptoSeq`) and
   * deletes the updates it covers, atomically. A snapshot already at or past `uptoSeq` is left alone.
   */
  async compact(docName: string, state: Uint8Array, uptoSeq: number): Promise<boolean> {
    return this.em().transactional(async (em) => {
      // Several instances may compact one document. On PostgreSQL only one at a time does (a transaction-level
      // advisory lock; whoever does not get it skips: the other covers nearly the same range). Either way the
      // snapshot only ever moves forward: the update is conditional on the stored seq being lower, which
      // PostgreSQL re-checks after waiting for a concurrent writer of the row, so an older state never replaces
      // a newer snapshot whose covered updates are already deleted.
      if (this.isPostgres()) {
        const rows = await execute(em, 'select pg_try_advisory_xact_lock(hashtext(?)) as locked', [`motebok:compact:${docName}`]);
        if (!rows[0]?.locked) return false;
      }
      const data = { seq: uptoSeq, state: toBuffer(state), updatedAt: new Date() };
      const updated = await em.nativeUpdate(DocumentSnapshot, { docName, seq: { $lt: uptoSeq } }, data);
      if (updated === 0) {
        if ((await em.count(DocumentSnapshot, { docName })) > 0) return false; // already at or past uptoSeq
        await em.insert(DocumentSnapshot, { docName, ...data });
      }
      await em.nativeDelete(DocumentUpdate, { docName, seq: { $lte: uptoSeq } });
      return true;
    });
  }

  private isPostgres(): boolean {
    return this.orm.em.getPlatform().constructor.name.startsWith('PostgreSql');
  }

  private async lastSeq(em: EntityManager, docName: string): Promise<number> {
    const last = await em.findOne(DocumentUpdate, { docName }, { orderBy: { seq: 'desc' }, fields: ['seq'] });
    if (last) return last.seq;
    const snapshot = await em.findOne(DocumentSnapshot, { docName }, { fields: ['seq'] });
    return snapshot?.seq ?? 0;
  }
}

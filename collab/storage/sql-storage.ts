/**
 * The SQL implementation of the DocumentStorage port (port.ts): the document_update log and the document_snapshot
 * table, on SQLite or PostgreSQL through MikroORM. Stateless apart from the ORM, so several server instances can
 * share one database: the primary key (doc_name, seq) refuses a seq taken twice, and on PostgreSQL advisory locks
 * order the writers of one document. The hot path (appendBatch) is raw SQL with bound parameters; it lives here,
 * behind the port, and nowhere else.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { DocumentSnapshot } from '../../schema/entities/document-snapshot.js';
import { DocumentUpdate } from '../../schema/entities/document-update.js';
import type { BatchEntry, DocumentStorage, LoadedDocument, StoredUpdate } from './port.js';
import { appendBatchSqlite, type PoolClient } from './sqlite-append.js';

const MAX_LOAD_ATTEMPTS = 5;
/** Rows per multi-row INSERT: 6 parameters each, far below SQLite's 32 766 and PostgreSQL's 65 535. */
const ROWS_PER_INSERT = 500;
/** Names per IN (…) / VALUES list. */
const NAMES_PER_STATEMENT = 1_000;
const COLUMNS = 'doc_name, seq, data, origin, user_id, created_at';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?)';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** knex.raw's result: an array of rows (libsql) or a pg result ({ rows }). */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  return ((result as { rows?: Array<Record<string, unknown>> } | undefined)?.rows ?? []);
}

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

export class SqlDocumentStorage implements DocumentStorage {
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

  /**
   * Appends the updates of many documents in ONE transaction (group commit across documents) and returns each
   * entry's seqs (same order as `entries`). Either every entry is durable or, on an error, none is.
   *
   * Raw SQL through knex with bound parameters (no entities, no unit of work, no query builder): this is the
   * hot path of live typing, one call per group-commit window for the whole process.
   *
   * Seqs come from the caller's memory (`afterSeq`), not from a SELECT per document. The primary key
   * (doc_name, seq) still refuses a seq another writer (another instance on the same database) already took.
   * Which documents collided is found without aborting the transaction — which PostgreSQL would do for the
   * whole batch on a plain unique violation, losing the other documents' rows — by inserting with
   * `ON CONFLICT DO NOTHING RETURNING doc_name, seq` (SQLite ≥ 3.35 and PostgreSQL both have it): a document
   * with fewer returned rows than it sent collided. So did one whose snapshot is already at or past its first
   * seq (another instance compacted rows this writer never read; inserting under that snapshot would hide the
   * rows from every load); the snapshots are read after the INSERT, so on PostgreSQL a compaction the INSERT
   * waited for is seen. For a collided document the rows it did insert are deleted again and its updates are
   * appended after the highest stored seq (read inside this transaction); the
   * caller sees seqs that do not start at afterSeq+1 and reads the gap from the log. The other documents of
   * the batch are unaffected. On SQLite the common case runs ONE statement, a plain INSERT that leaves out rows under
   * a snapshot and returns nothing but its count; the checks above only when it did not take every row
   * (sqlite-append.ts).
   *
   * On PostgreSQL the transaction first takes a per-document advisory lock for each document, in the order of
   * their keys (one statement), so instances writing overlapping documents take turns instead of
   * deadlocking, and the fallback's "highest stored seq" cannot change before commit. SQLite has one writer
   * at a time anyway.
   */
  /**
   * SQLite: 0, a classic group commit (one write at a time, what arrived meanwhile is the next one): its transaction
   * costs ≈ 60 µs of CPU + ≈ 13 µs a document, so more of them cost little and a window only adds its length to each
   * keystroke. PostgreSQL: 5 ms; through knex and pg a transaction costs ≈ 1.0–1.2 ms of the event loop whatever its
   * size (2.2–2.8 ms wall), so with one always in flight up to ≈ 45 % of the loop would go to commits; the window
   * bounds them to ≈ 1 per 7 ms. (bench/PROFILE-NOTES.md, section "many".)
   */
  get groupCommitMs(): number {
    return this.isPostgres() ? 5 : 0;
  }

  async appendBatch(entries: readonly BatchEntry[]): Promise<number[][]> {
    const work = entries.filter((e) => e.updates.length > 0);
    if (work.length === 0) return entries.map(() => []);
    if (!this.isPostgres()) {
      if (new Set(work.map((e) => e.docName)).size !== work.length) throw new Error('appendBatch: one entry per document');
      // SQLite: the same transaction, synchronously on the libsql connection (sqlite-append.ts), without an await
      // before it once connected (each one is CPU before the broadcast).
      const connection = this.orm.em.getConnection() as unknown as { connected?: boolean; ensureConnection(): Promise<void>; getKnex(): Knex };
      if (connection.connected !== true) await connection.ensureConnection();
      const logger = this.orm.config.getLogger();
      const byDoc = appendBatchSqlite(connection.getKnex().client as unknown as PoolClient, work, (query, took, results) =>
        logger.logQuery({ query, took: Math.round(took), results, level: 'info' }),
      );
      const seqs = byDoc instanceof Map ? byDoc : await byDoc;
      return entries.map((e) => seqs.get(e.docName) ?? []);
    }
    const createdAt = new Date();
    const byDoc = await this.knex().transaction(async (trx) => {
      const byDoc = new Map<string, number[]>();
      const names = [...new Set(work.map((e) => e.docName))];
      if (names.length !== work.length) throw new Error('appendBatch: one entry per document');
      for (const part of chunks(names, NAMES_PER_STATEMENT)) {
        await this.raw(
          trx,
          `select count(pg_advisory_xact_lock(k)) as locked from (select distinct hashtext('motebok:append:' || n) as k from (values ${part.map(() => '(?)').join(', ')}) as v(n) order by k) as s`,
          part,
        );
      }
      const rows = work.flatMap((e) =>
        e.updates.map((u, i) => [e.docName, e.afterSeq + 1 + i, toBuffer(u.data), u.origin, u.userId, createdAt] as const),
      );
      const inserted = new Map<string, number[]>();
      for (const part of chunks(rows, ROWS_PER_INSERT)) {
        const returned = await this.raw(
          trx,
          `insert into document_update (${COLUMNS}) values ${part.map(() => ROW_PLACEHOLDERS).join(', ')} on conflict (doc_name, seq) do nothing returning doc_name, seq`,
          part.flat(),
        );
        for (const r of returned) {
          const docName = String(r.doc_name);
          let seqs = inserted.get(docName);
          if (!seqs) inserted.set(docName, (seqs = []));
          seqs.push(Number(r.seq));
        }
      }
      const snapshotSeq = new Map<string, number>();
      for (const part of chunks(names, NAMES_PER_STATEMENT)) {
        const snaps = await this.raw(trx, `select doc_name, seq from document_snapshot where doc_name in (${part.map(() => '?').join(', ')})`, part);
        for (const r of snaps) snapshotSeq.set(String(r.doc_name), Number(r.seq));
      }
      for (const e of work) {
        const got = inserted.get(e.docName) ?? [];
        const underSnapshot = (snapshotSeq.get(e.docName) ?? 0) > e.afterSeq;
        if (got.length === e.updates.length && !underSnapshot) {
          byDoc.set(e.docName, e.updates.map((_, i) => e.afterSeq + 1 + i));
          continue;
        }
        // Collided with another writer: take back what did get in, append after the highest stored seq.
        if (got.length) {
          await this.raw(trx, `delete from document_update where doc_name = ? and seq in (${got.map(() => '?').join(', ')})`, [e.docName, ...got]);
        }
        const last = await this.raw(
          trx,
          `select max(seq) as seq from (select max(seq) as seq from document_update where doc_name = ? union all select seq from document_snapshot where doc_name = ?) as m`,
          [e.docName, e.docName],
        );
        const first = Number(last[0]?.seq ?? 0) + 1;
        const fallback = e.updates.map((u, i) => [e.docName, first + i, toBuffer(u.data), u.origin, u.userId, createdAt] as const);
        for (const part of chunks(fallback, ROWS_PER_INSERT)) {
          await this.raw(trx, `insert into document_update (${COLUMNS}) values ${part.map(() => ROW_PLACEHOLDERS).join(', ')}`, part.flat());
        }
        byDoc.set(e.docName, fallback.map((r) => r[1]));
      }
      return byDoc;
    });
    return entries.map((e) => byDoc.get(e.docName) ?? []);
  }

  /** Updates with seq greater than `afterSeq`, by seq (empty when compaction already folded them into the snapshot). */
  async readAfter(docName: string, afterSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.em().find(DocumentUpdate, { docName, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' } });
    return rows.map(toStored);
  }

  /**
   * Replaces the snapshot with `state` (which must hold exactly the updates up to and including `uptoSeq`) and
   * deletes the updates it covers, atomically. A snapshot already at or past `uptoSeq` is left alone.
   *
   * Raw SQL with bound parameters, like appendBatch: MikroORM's own statements (nativeUpdate, insert) write every
   * value into the SQL text, a multi-MB state as a hex literal twice its size, which libsql then copies, lowercases
   * and parses — ≈ 85 MB of a 5 MB paste's RSS peak (bench/PROFILE-NOTES.md, "paste").
   */
  async compact(docName: string, state: Uint8Array, uptoSeq: number): Promise<boolean> {
    const updatedAt = this.orm.em.getPlatform().processDateProperty(new Date());
    return this.knex().transaction(async (trx) => {
      // Several instances may compact one document. On PostgreSQL only one at a time does (a transaction-level
      // advisory lock; whoever does not get it skips: the other covers nearly the same range). Either way the
      // snapshot only ever moves forward: the upsert updates only a stored seq that is lower, which PostgreSQL
      // checks on the row's latest version after waiting for a concurrent writer of it, so an older state never
      // replaces a newer snapshot whose covered updates are already deleted.
      if (this.isPostgres()) {
        const rows = await this.raw(trx, 'select pg_try_advisory_xact_lock(hashtext(?)) as locked', [`motebok:compact:${docName}`]);
        if (!rows[0]?.locked) return false;
      }
      const written = await this.raw(
        trx,
        'insert into document_snapshot (doc_name, seq, state, updated_at) values (?, ?, ?, ?) ' +
          'on conflict (doc_name) do update set seq = excluded.seq, state = excluded.state, updated_at = excluded.updated_at ' +
          'where document_snapshot.seq < excluded.seq returning doc_name',
        [docName, uptoSeq, toBuffer(state), updatedAt],
      );
      if (written.length === 0) return false; // already at or past uptoSeq
      await this.raw(trx, 'delete from document_update where doc_name = ? and seq <= ?', [docName, uptoSeq]);
      return true;
    });
  }

  private knex(): Knex {
    return (this.orm.em.getConnection() as unknown as { getKnex(): Knex }).getKnex();
  }

  /** A statement in `trx` with bound parameters, reported to MikroORM's logger (statement counts, trace log). */
  private async raw(trx: Knex.Transaction, sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
    const started = Date.now();
    const rows = rowsOf(await trx.raw(sql, params as Knex.RawBinding[]));
    this.orm.config.getLogger().logQuery({ query: sql, took: Date.now() - started, results: rows.length, level: 'info' });
    return rows;
  }

  private isPostgres(): boolean {
    return this.orm.em.getPlatform().constructor.name.startsWith('PostgreSql');
  }
}

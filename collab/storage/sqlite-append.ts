/**
 * SqlDocumentStorage.appendBatch on SQLite, without knex in the middle: the hot path of live typing.
 *
 * libsql is synchronous, so the whole transaction (BEGIN IMMEDIATE, the multi-row INSERTs, the snapshot check,
 * COMMIT) runs in one go on the libsql connection, with statements prepared once per SQL text and connection. Through
 * knex the same transaction cost ≈ 1 ms of CPU and a dozen promise hops, futex handoffs included (PROFILE-NOTES.md,
 * "typing latency"); here it costs ≈ 0.1 ms. Same SQL, same semantics as the knex path (sql-storage.ts): seqs from
 * the writer's memory, a document another writer got to first found by `ON CONFLICT DO NOTHING RETURNING`, that
 * document appended after the highest stored seq instead. Durability is unchanged: the update is committed (WAL
 * written) before appendBatch resolves, so before anything is broadcast.
 *
 * The connection is knex's (its pool holds one on SQLite). When it is idle and nobody waits for it, the append uses
 * it directly, without a turn through the pool: the transaction is synchronous, so nothing can take the connection
 * meanwhile, and every µs before the broadcast counts about twice in the typing latency (PROFILE-NOTES.md,
 * "sqlpath"). Otherwise (an ORM transaction holds it, someone waits, the pool is not what this expects) the append
 * takes it from the pool and gives it back, so it never runs inside another transaction nor anything inside it.
 * Every statement is reported to MikroORM's logger, as the ORM's own are (statement counts, trace log).
 */
import type { BatchEntry } from './port.js';

type Row = Record<string, unknown>;
interface Statement {
  all(params: unknown[]): Row[];
  run(params: unknown[]): unknown;
}
/** What this uses of a libsql Database (better-sqlite3's API). */
export interface LibSqlDatabase {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
}
/** What this uses of knex's client: its connection pool (tarn 3), read only to see whether it is idle. */
export interface PoolClient {
  acquireConnection(): Promise<LibSqlDatabase>;
  releaseConnection(connection: LibSqlDatabase): Promise<unknown>;
  readonly pool?: unknown;
}
export type StatementLog = (sql: string, tookMs: number, results: number) => void;

/** tarn's Pool as far as idleConnection reads it. */
interface TarnPool {
  destroyed: boolean;
  free: Array<{ resource: unknown }>;
  used: unknown[];
  pendingAcquires: unknown[];
  pendingValidations: unknown[];
}

const COLUMNS = 'doc_name, seq, data, origin, user_id, created_at';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?)';
/** Rows per multi-row INSERT: 6 parameters each, far below SQLite's 32 766. */
const ROWS_PER_INSERT = 500;
/** Prepared statements kept per connection (the INSERT's text varies with its row count). */
const MAX_PREPARED = 64;

const preparedOf = new WeakMap<LibSqlDatabase, Map<string, Statement>>();

function prepared(db: LibSqlDatabase, sql: string): Statement {
  let cache = preparedOf.get(db);
  if (!cache) preparedOf.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= MAX_PREPARED) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

type AppendRow = [docName: string, seq: number, data: Buffer, origin: string, userId: string | null, createdAt: number];

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The pool's connection if it is free, no other is in use and nobody waits for one (nor is being validated for a
 * waiter); null when the pool is not tarn's as this knows it. Using it synchronously then is what a turn through
 * the pool would give, minus the turn.
 */
export function idleConnection(client: PoolClient): LibSqlDatabase | null {
  const pool = client.pool as Partial<TarnPool> | undefined;
  if (pool?.destroyed !== false || !Array.isArray(pool.free) || pool.free.length !== 1) return null;
  if (pool.used?.length !== 0 || pool.pendingAcquires?.length !== 0 || pool.pendingValidations?.length !== 0) return null;
  const db = pool.free[0]!.resource as (Partial<LibSqlDatabase> & { __knex__disposed?: unknown }) | undefined;
  if (!db || typeof db.prepare !== 'function' || db.inTransaction !== false || db.__knex__disposed) return null;
  return db as LibSqlDatabase;
}

/**
 * Appends `work` (at most one entry per document, each with updates) in one transaction; seqs by document.
 * Synchronous (a Map) on the idle connection, a promise when it had to wait for the pool.
 */
export function appendBatchSqlite(
  client: PoolClient,
  work: readonly BatchEntry[],
  logStatement: StatementLog,
): Map<string, number[]> | Promise<Map<string, number[]>> {
  const idle = idleConnection(client);
  if (idle) return transaction(idle, () => appendIn(idle, work, logStatement));
  return appendThroughPool(client, work, logStatement);
}

async function appendThroughPool(client: PoolClient, work: readonly BatchEntry[], logStatement: StatementLog): Promise<Map<string, number[]>> {
  const db = await client.acquireConnection();
  try {
    return transaction(db, () => appendIn(db, work, logStatement));
  } finally {
    await client.releaseConnection(db);
  }
}

/** BEGIN and COMMIT prepared once too (in situ ≈ 10 µs less than `exec`, which parses them each time). */
function transaction<T>(db: LibSqlDatabase, fn: () => T): T {
  if (db.inTransaction) throw new Error('appendBatch: the SQLite connection is already in a transaction');
  prepared(db, 'begin immediate').run([]);
  try {
    const result = fn();
    prepared(db, 'commit').run([]);
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    throw error;
  }
}

/** The INSERT of `n` rows: plain (the common case, see appendIn) or `ON CONFLICT DO NOTHING RETURNING` (checked). */
const insertSql = { plain: new Map<number, string>(), checked: new Map<number, string>() };

function insertText(n: number, kind: 'plain' | 'checked'): string {
  let sql = insertSql[kind].get(n);
  if (sql === undefined) {
    const values = n === 1 ? ROW_PLACEHOLDERS : Array(n).fill(ROW_PLACEHOLDERS).join(', ');
    sql =
      kind === 'plain'
        ? // Rows under a snapshot (another instance compacted past them) are left out; see appendIn.
          `insert into document_update (${COLUMNS}) select v.column1, v.column2, v.column3, v.column4, v.column5, v.column6 from (values ${values}) as v ` +
          'where not exists (select 1 from document_snapshot as s where s.doc_name = v.column1 and s.seq >= v.column2)'
        : `insert into document_update (${COLUMNS}) values ${values} on conflict (doc_name, seq) do nothing returning doc_name, seq`;
    if (insertSql[kind].size >= MAX_PREPARED) insertSql[kind].clear();
    insertSql[kind].set(n, sql);
  }
  return sql;
}

const SNAPSHOTS_SQL = 'select doc_name, seq from document_snapshot where doc_name in (select value from json_each(?))';

/**
 * The common case is ONE statement, run without RETURNING: the plain INSERT, which leaves out every row at or under
 * its document's snapshot. All rows in: no other writer got there first (the primary key would have refused a row)
 * and no snapshot is past afterSeq (it would have left out the first row); both checks of the general case
 * (appendChecked) at once, in ≈ half its CPU. A row refused by the primary key aborts the statement (SQLite undoes
 * just that statement, the transaction goes on): then the general case, as if the INSERT had not been tried. Rows
 * left out: the snapshots say which (a row went in iff its seq is above its document's snapshot), then the general
 * case's handling of collided documents. A batch of more rows than one INSERT takes goes the general way directly.
 */
function appendIn(db: LibSqlDatabase, work: readonly BatchEntry[], logStatement: StatementLog): Map<string, number[]> {
  const run = (sql: string, params: unknown[]): Row[] => {
    const started = performance.now();
    const rows = prepared(db, sql).all(params);
    logStatement(sql, performance.now() - started, rows.length);
    return rows;
  };
  const createdAt = Date.now(); // MikroORM stores SQLite datetimes as epoch ms
  const rows: AppendRow[] = [];
  for (const e of work) {
    for (let i = 0; i < e.updates.length; i++) {
      const u = e.updates[i]!;
      rows.push([e.docName, e.afterSeq + 1 + i, toBuffer(u.data), u.origin, u.userId, createdAt]);
    }
  }
  if (rows.length > ROWS_PER_INSERT) return appendChecked(run, work, rows, createdAt);

  const sql = insertText(rows.length, 'plain');
  const started = performance.now();
  let changes: number;
  try {
    changes = (prepared(db, sql).run(rows.flat()) as { changes: number }).changes;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
    logStatement(sql, performance.now() - started, 0);
    return appendChecked(run, work, rows, createdAt); // the statement was undone
  }
  logStatement(sql, performance.now() - started, changes);
  if (changes === rows.length) return new Map(work.map((e) => [e.docName, e.updates.map((_, i) => e.afterSeq + 1 + i)]));

  const snapshotSeq = snapshotsOf(run, work);
  const inserted = new Map<string, number[]>();
  for (const [docName, seq] of rows) {
    if (seq <= (snapshotSeq.get(docName) ?? 0)) continue;
    let seqs = inserted.get(docName);
    if (!seqs) inserted.set(docName, (seqs = []));
    seqs.push(seq);
  }
  return settle(run, work, inserted, snapshotSeq, createdAt);
}

type Run = (sql: string, params: unknown[]) => Row[];

/** The general case: which rows went in from RETURNING, then the snapshots, then settle. */
function appendChecked(run: Run, work: readonly BatchEntry[], rows: AppendRow[], createdAt: number): Map<string, number[]> {
  const inserted = new Map<string, number[]>();
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.length <= ROWS_PER_INSERT ? rows : rows.slice(i, i + ROWS_PER_INSERT);
    for (const r of run(insertText(part.length, 'checked'), part.flat())) {
      const docName = String(r.doc_name);
      let seqs = inserted.get(docName);
      if (!seqs) inserted.set(docName, (seqs = []));
      seqs.push(Number(r.seq));
    }
  }
  return settle(run, work, inserted, snapshotsOf(run, work), createdAt);
}

/** The batch's snapshots in one statement (one text for every batch size: the names go in as one JSON array). */
function snapshotsOf(run: Run, work: readonly BatchEntry[]): Map<string, number> {
  const snapshotSeq = new Map<string, number>();
  for (const r of run(SNAPSHOTS_SQL, [JSON.stringify(work.map((e) => e.docName))])) snapshotSeq.set(String(r.doc_name), Number(r.seq));
  return snapshotSeq;
}

/**
 * Seqs by document, given the rows that went in and the snapshots. A document whose rows did not all go in, or whose
 * snapshot is past afterSeq, collided with another writer: what did get in is taken back and its updates are appended
 * after the highest stored seq.
 */
function settle(
  run: Run,
  work: readonly BatchEntry[],
  inserted: Map<string, number[]>,
  snapshotSeq: Map<string, number>,
  createdAt: number,
): Map<string, number[]> {
  const byDoc = new Map<string, number[]>();
  for (const e of work) {
    const got = inserted.get(e.docName) ?? [];
    if (got.length === e.updates.length && (snapshotSeq.get(e.docName) ?? 0) <= e.afterSeq) {
      byDoc.set(e.docName, e.updates.map((_, i) => e.afterSeq + 1 + i));
      continue;
    }
    for (const seq of got) run('delete from document_update where doc_name = ? and seq = ?', [e.docName, seq]);
    const last = run(
      'select max(seq) as seq from (select max(seq) as seq from document_update where doc_name = ? union all select seq from document_snapshot where doc_name = ?) as m',
      [e.docName, e.docName],
    );
    const first = Number(last[0]?.seq ?? 0) + 1;
    const fallback = e.updates.map((u, i): AppendRow => [e.docName, first + i, toBuffer(u.data), u.origin, u.userId, createdAt]);
    for (let i = 0; i < fallback.length; i += ROWS_PER_INSERT) {
      const part = fallback.slice(i, i + ROWS_PER_INSERT);
      run(`insert into document_update (${COLUMNS}) values ${Array(part.length).fill(ROW_PLACEHOLDERS).join(', ')}`, part.flat());
    }
    byDoc.set(e.docName, fallback.map((r) => r[1]));
  }
  return byDoc;
}

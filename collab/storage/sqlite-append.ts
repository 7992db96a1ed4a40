/**
 * SqlDocumentStorage.appendBatch on SQLite, without knex in the middle: the hot path of live typing.
 *
 * libsql is synchronous, so the whole transaction (BEGIN IMMEDIATE, the multi-row INSERTs, the snapshot check,
 * COMMIT) runs in one go on the libsql connection, with statements prepared once per SQL text and connection. Through
 * knex the same transaction cost ≈ 1 ms of CPU and a dozen promise hops, futex handoffs included (PROFILE-NOTES.md,
 * "typing latency"); here it costs ≈ 0.1 ms. Same SQL, same semantics as the knex path (sql-storage.ts): seqs from
 * the writer's memory, `ON CONFLICT DO NOTHING RETURNING` to find a document another writer got to first, that
 * document appended after the highest stored seq instead. Durability is unchanged: the update is committed (WAL
 * written) before appendBatch resolves, so before anything is broadcast.
 *
 * The connection is taken from knex's pool (one connection on SQLite) and given back afterwards, so the append never
 * runs inside another transaction of the ORM (it waits for one in progress) and nothing else runs inside it.
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
/** What this uses of knex's client: its connection pool. */
export interface PoolClient {
  acquireConnection(): Promise<LibSqlDatabase>;
  releaseConnection(connection: LibSqlDatabase): Promise<unknown>;
}
export type StatementLog = (sql: string, tookMs: number, results: number) => void;

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

/** Appends `work` (at most one entry per document, each with updates) in one transaction; seqs by document. */
export async function appendBatchSqlite(pool: PoolClient, work: readonly BatchEntry[], logStatement: StatementLog): Promise<Map<string, number[]>> {
  const db = await pool.acquireConnection();
  try {
    return transaction(db, () => appendIn(db, work, logStatement));
  } finally {
    await pool.releaseConnection(db);
  }
}

function transaction<T>(db: LibSqlDatabase, fn: () => T): T {
  if (db.inTransaction) throw new Error('appendBatch: the SQLite connection is already in a transaction');
  db.exec('begin immediate');
  try {
    const result = fn();
    db.exec('commit');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    throw error;
  }
}

function appendIn(db: LibSqlDatabase, work: readonly BatchEntry[], logStatement: StatementLog): Map<string, number[]> {
  const run = (sql: string, params: unknown[], returning: boolean): Row[] => {
    const started = performance.now();
    const statement = prepared(db, sql);
    let rows: Row[] = [];
    if (returning) rows = statement.all(params);
    else statement.run(params);
    logStatement(sql, performance.now() - started, rows.length);
    return rows;
  };
  const insert = (rows: AppendRow[], onConflict: boolean): Row[] => {
    const out: Row[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const part = rows.length <= ROWS_PER_INSERT ? rows : rows.slice(i, i + ROWS_PER_INSERT);
      const values = part.length === 1 ? ROW_PLACEHOLDERS : Array(part.length).fill(ROW_PLACEHOLDERS).join(', ');
      const sql = `insert into document_update (${COLUMNS}) values ${values}${onConflict ? ' on conflict (doc_name, seq) do nothing returning doc_name, seq' : ''}`;
      out.push(...run(sql, part.flat(), onConflict));
    }
    return out;
  };

  const createdAt = Date.now(); // MikroORM stores SQLite datetimes as epoch ms
  const rows: AppendRow[] = [];
  for (const e of work) {
    for (let i = 0; i < e.updates.length; i++) {
      const u = e.updates[i]!;
      rows.push([e.docName, e.afterSeq + 1 + i, toBuffer(u.data), u.origin, u.userId, createdAt]);
    }
  }
  const inserted = new Map<string, number[]>();
  for (const r of insert(rows, true)) {
    const docName = String(r.doc_name);
    let seqs = inserted.get(docName);
    if (!seqs) inserted.set(docName, (seqs = []));
    seqs.push(Number(r.seq));
  }
  // The batch's snapshots in one statement (one text for every batch size: the names go in as one JSON array).
  const snapshotSeq = new Map<string, number>();
  const names = JSON.stringify(work.map((e) => e.docName));
  for (const r of run('select doc_name, seq from document_snapshot where doc_name in (select value from json_each(?))', [names], true)) {
    snapshotSeq.set(String(r.doc_name), Number(r.seq));
  }

  const byDoc = new Map<string, number[]>();
  for (const e of work) {
    const got = inserted.get(e.docName) ?? [];
    if (got.length === e.updates.length && (snapshotSeq.get(e.docName) ?? 0) <= e.afterSeq) {
      byDoc.set(e.docName, e.updates.map((_, i) => e.afterSeq + 1 + i));
      continue;
    }
    // Collided with another writer: take back what did get in, append after the highest stored seq.
    for (const seq of got) run('delete from document_update where doc_name = ? and seq = ?', [e.docName, seq], false);
    const last = run(
      'select max(seq) as seq from (select max(seq) as seq from document_update where doc_name = ? union all select seq from document_snapshot where doc_name = ?) as m',
      [e.docName, e.docName],
      true,
    );
    const first = Number(last[0]?.seq ?? 0) + 1;
    const fallback = e.updates.map((u, i): AppendRow => [e.docName, first + i, toBuffer(u.data), u.origin, u.userId, createdAt]);
    insert(fallback, false);
    byDoc.set(e.docName, fallback.map((r) => r[1]));
  }
  return byDoc;
}

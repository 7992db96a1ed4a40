/**
 * Backup and restore of the whole database, safe while the server runs:
 * - SQLite: `VACUUM INTO` — one read transaction, so a consistent copy at one instant; in WAL mode the server keeps
 *   writing meanwhile. The copy is a plain SQLite file (compacted, without a WAL).
 * - PostgreSQL: `pg_dump --format=custom` (one MVCC snapshot); restored with `pg_restore`.
 * Restore refuses a target that already holds tables unless forced: stop the server before restoring over a database.
 */
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { ormOptions, sqlitePath } from '../db/orm.js';
import { SqlStats } from '../db/sql-logger.js';

export class BackupError extends Error {
  override name = 'BackupError';
}

type Db = Config['database'];
type BackupKind = 'sqlite' | 'postgresql';

/** Opens the database without migrating or seeding it (a backup must not change what it copies). */
async function openRaw(db: Db): Promise<MikroORM> {
  return MikroORM.init({ ...(await ormOptions(db, pino({ level: 'silent' }), new SqlStats())), discovery: { warnWhenNoEntities: false } });
}

/** Writes a backup of `db` to `file` (refusing to overwrite one unless `force`); returns its size in bytes. */
export async function backupDatabase(db: Db, file: string, opts: { force?: boolean } = {}): Promise<number> {
  const target = resolve(file);
  if (existsSync(target) && !opts.force) throw new BackupError(`${file} exists; choose another name or pass --force to replace it`);
  const partial = join(dirname(target), `.${process.pid}-${Date.now()}.partial`);
  try {
    if (db.kind === 'sqlite') {
      if (sqlitePath(db.url) === ':memory:') throw new BackupError('an in-memory database cannot be backed up');
      if (!existsSync(sqlitePath(db.url))) throw new BackupError(`there is no database at ${sqlitePath(db.url)}`);
      const orm = await openRaw(db);
      try {
        await orm.em.getConnection().execute('pragma busy_timeout = 10000');
        await orm.em.getConnection().execute('vacuum into ?', [partial]);
      } finally {
        await orm.close(true);
      }
    } else {
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${db.url}`]);
    }
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return statSync(target).size;
}

/** Restores `file` (a backup of the same kind of database) into `db`; refuses a database with tables unless `force`. */
export async function restoreDatabase(db: Db, file: string, opts: { force?: boolean } = {}): Promise<void> {
  const source = resolve(file);
  if (!existsSync(source)) throw new BackupError(`${file} does not exist`);
  const kind = backupKind(source);
  if (kind !== db.kind) throw new BackupError(`${file} is a ${kind} backup, but DATABASE_URL is ${db.kind}: restore it into a ${kind} database`);
  const tables = await tablesIn(db);
  if (tables > 0 && !opts.force) {
    throw new BackupError(`the target database is not empty (${tables} tables); restore into an empty one, or stop the server and pass --force to replace it`);
  }
  if (db.kind === 'sqlite') return restoreSqlite(db, source);
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${db.url}`];
  if (tables > 0) args.push('--clean', '--if-exists');
  await run('pg_restore', [...args, source]);
}

/** Copies the backup beside the target, checks it, and moves it into place (the old WAL files go with the old data). */
async function restoreSqlite(db: Db, source: string): Promise<void> {
  const path = sqlitePath(db.url);
  if (path === ':memory:') throw new BackupError('cannot restore into an in-memory database');
  const target = resolve(path);
  const staging = `${target}.restoring-${process.pid}`;
  mkdirSync(dirname(target), { recursive: true });
  try {
    copyFileSync(source, staging);
    const orm = await openRaw({ ...db, url: `sqlite:${staging}` });
    try {
      const [check] = await orm.em.getConnection().execute<Array<Record<string, string>>>('pragma integrity_check');
      if (Object.values(check ?? {})[0] !== 'ok') throw new BackupError(`the backup fails SQLite's integrity check: ${JSON.stringify(check)}`);
      const [migrations] = await orm.em.getConnection().execute<Array<{ n: number }>>(
        "select count(*) as n from sqlite_master where type = 'table' and name = 'mikro_orm_migrations'",
      );
      if (!migrations?.n) throw new BackupError('the backup is not a motebok database (no migrations table)');
      await orm.em.getConnection().execute('pragma journal_mode = delete'); // one self-contained file to move
    } finally {
      await orm.close(true);
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(staging, target);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${staging}${suffix}`, { force: true });
  }
}

/** What a backup file holds, from its first bytes. */
function backupKind(file: string): BackupKind {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1').startsWith('SQLite format 3\0')) return 'sqlite';
  if (head.toString('latin1').startsWith('PGDMP')) return 'postgresql';
  throw new BackupError(`${file} is neither a SQLite database nor a pg_dump archive`);
}

/** Tables in the target (0: empty, or a SQLite file that does not exist yet). */
async function tablesIn(db: Db): Promise<number> {
  if (db.kind === 'sqlite') {
    const path = sqlitePath(db.url);
    if (path === ':memory:' || !existsSync(path) || statSync(path).size === 0) return 0;
  }
  const orm = await openRaw(db);
  try {
    const sql =
      db.kind === 'sqlite'
        ? "select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%'"
        : "select count(*)::int as n from information_schema.tables where table_schema = 'public'";
    const [row] = await orm.em.getConnection().execute<Array<{ n: number }>>(sql);
    return Number(row?.n ?? 0);
  } finally {
    await orm.close(true);
  }
}

/** Runs a tool; rejects with its error output when it fails (or is not installed). */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', (e) => reject(new BackupError(`${command} could not be started (${e.message}); is it installed?`)));
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new BackupError(`${command} failed (exit ${code}): ${err.trim()}`))));
  });
}

import { mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MikroORM, type IMigrator, type Options } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { StartupClock } from '../ops/startup-clock.js';
import { entities } from './entities.js';
import { BOUNDED_AUTOCHECKPOINT_PAGES } from './sqlite-checkpointer.js';
import { SqlLogger, SqlStats } from './sql-logger.js';

export type Orm = MikroORM;

/** The SQLite file path (or ":memory:") of a sqlite: URL. */
export function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' || path === '' ? ':memory:' : path;
}

/**
 * MikroORM options for a database URL: SQLite through libSQL, or PostgreSQL. Only the driver of that database is
 * loaded (a start on SQLite never loads pg), and the migrator is not among them: see loadMigrator.
 */
export async function ormOptions(db: Config['database'], log: Logger, stats: SqlStats): Promise<Options> {
  const common = {
    entities,
    forceUndefined: false,
    allowGlobalContext: false,
    loggerFactory: (options: ConstructorParameters<typeof SqlLogger>[0]) => new SqlLogger(options, log, stats),
    debug: true,
    dataloader: true,
    discovery: { warnWhenNoEntities: true },
  } satisfies Options;
  if (db.kind === 'postgresql') {
    const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
    return { ...common, driver: PostgreSqlDriver, clientUrl: db.url, pool: { min: 0, max: db.poolMax } };
  }
  const { LibSqlDriver } = await import('@mikro-orm/libsql');
  const path = sqlitePath(db.url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    driver: LibSqlDriver,
    dbName: path,
    // Per connection, on every connection the pool opens (a pragma run once through the ORM was lost when knex
    // replaced its connection: the live log then committed with synchronous = full, an fsync per keystroke batch).
    pool: { afterCreate: (conn: { exec(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) => done(applyPragmas(conn, db), conn) },
  };
}

/**
 * The migrator with this dialect's migrations. Loaded on demand: @mikro-orm/migrations (umzug and its command-line
 * dependencies, several hundred modules) was the largest single share of a start on an up-to-date database.
 */
export async function loadMigrator(orm: Orm, kind: Config['database']['kind']): Promise<IMigrator> {
  const migrationsList =
    kind === 'postgresql'
      ? (await import('./migrations/postgresql/index.js')).postgresqlMigrations
      : (await import('./migrations/sqlite/index.js')).sqliteMigrations;
  orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList, transactional: true, allOrNothing: true, snapshot: false });
  const { Migrator } = await import('@mikro-orm/migrations');
  Migrator.register(orm);
  return orm.getMigrator();
}

/** The names of a dialect's migrations, from the files beside its index (generated together by create-migration.ts). */
export function migrationNames(kind: Config['database']['kind']): string[] {
  const dir = fileURLToPath(new URL(`./migrations/${kind}/`, import.meta.url));
  return readdirSync(dir).flatMap((f) => /^(Migration\d+[^.]*)\.(js|ts)$/.exec(f)?.[1] ?? []);
}

/** Whether a migration on disk is not recorded in MikroORM's table (or the table is missing: a new database). */
async function migrationsPending(orm: Orm, kind: Config['database']['kind']): Promise<boolean> {
  let done: Set<string>;
  try {
    const rows = await orm.em.getConnection().execute<Array<{ name: string }>>('select name from mikro_orm_migrations');
    done = new Set(rows.map((r: { name: string }) => r.name));
  } catch {
    return true;
  }
  return migrationNames(kind).some((name) => !done.has(name));
}

/** The SQLite pragmas every connection gets (WAL is a property of the file, the rest of the connection). */
function applyPragmas(conn: { exec(sql: string): unknown }, db: Config['database']): Error | null {
  try {
    conn.exec(`pragma journal_mode = wal; pragma synchronous = ${db.sqliteSynchronous ?? 'normal'}; pragma busy_timeout = 5000; pragma foreign_keys = on`);
    // The WAL is copied back by the checkpoint worker (sqlite-checkpointer.ts); the connection itself only past a bound.
    if (db.sqliteCheckpoint === 'background') conn.exec(`pragma wal_autocheckpoint = ${BOUNDED_AUTOCHECKPOINT_PAGES}`);
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Connects, applies SQLite pragmas, runs pending migrations and then `setup` (seeding). On PostgreSQL, migrations
 * and setup run under a session advisory lock held on a connection of its own, so instances started together on
 * an empty database take turns instead of colliding: the first migrates and seeds, the others find it done.
 */
export async function openDatabase(
  db: Config['database'],
  log: Logger,
  setup: (orm: Orm) => Promise<void> = async () => undefined,
  clock?: StartupClock,
): Promise<{ orm: Orm; stats: SqlStats }> {
  const stats = new SqlStats();
  const orm = await MikroORM.init(await ormOptions(db, log, stats));
  clock?.mark('orm');
  try {
    if (db.kind === 'sqlite') {
      const conn = orm.em.getConnection();
      await conn.execute('pragma journal_mode = wal');
      await conn.execute(`pragma synchronous = ${db.sqliteSynchronous ?? 'normal'}`);
      await conn.execute('pragma busy_timeout = 5000');
    }
    await underSetupLock(db, log, async () => {
      // An up-to-date database (every start but the first after an upgrade) needs no migrator.
      if (await migrationsPending(orm, db.kind)) {
        const applied = await (await loadMigrator(orm, db.kind)).up();
        if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
      }
      clock?.mark('migrations');
      await setup(orm);
      clock?.mark('setup');
    });
  } catch (err) {
    await orm.close(true);
    throw err;
  }
  return { orm, stats };
}

/**
 * Closes the database. On SQLite the WAL is first copied into the database file and emptied (a TRUNCATE
 * checkpoint). SQLite does that itself when its last connection closes, but libsql closes a connection only once its
 * prepared statements are finalized, which the garbage collector does not get to before the process exits: without
 * this a stopped server left its recent changes in the -wal file (0.9 MB of a freshly seeded database, its 4 KB main
 * file holding nothing), and a copy of the database file alone — a backup taken while the server is stopped — lacked
 * them.
 */
export async function closeDatabase(orm: Orm, db: Config['database'], log: Logger): Promise<void> {
  if (db.kind === 'sqlite') {
    try {
      const rows = await orm.em.getConnection().execute<Array<{ busy: number }>>('pragma wal_checkpoint(TRUNCATE)');
      if (Number(rows[0]?.busy ?? 0) !== 0) log.warn('sqlite: the WAL could not be copied back at shutdown (a reader held it); it is replayed at the next start');
    } catch (error) {
      log.warn({ err: error }, 'sqlite: the checkpoint at shutdown failed; the WAL is replayed at the next start');
    }
  }
  await orm.close(true);
}

/** An arbitrary, fixed key for pg_advisory_lock: "motebok setup". */
const SETUP_LOCK_KEY = 0x6d6f7465;

async function underSetupLock(db: Config['database'], log: Logger, fn: () => Promise<void>): Promise<void> {
  if (db.kind !== 'postgresql') return fn();
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SETUP_LOCK_KEY]);
    if (!rows[0]?.locked) {
      log.info('another instance is migrating or seeding the database; waiting for it');
      await client.query('select pg_advisory_lock($1)', [SETUP_LOCK_KEY]);
    }
    await fn();
  } finally {
    await client.end(); // ends the session, and with it the lock
  }
}

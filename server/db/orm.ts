import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { entities } from './entities.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import { SqlLogger, SqlStats } from './sql-logger.js';

export type Orm = MikroORM;

/** The SQLite file path (or ":memory:") of a sqlite: URL. */
export function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' || path === '' ? ':memory:' : path;
}

/** MikroORM options for a database URL: SQLite through libSQL, or PostgreSQL. */
export function ormOptions(db: Config['database'], log: Logger, stats: SqlStats): Options {
  const common = {
    entities,
    extensions: [Migrator],
    forceUndefined: false,
    allowGlobalContext: false,
    loggerFactory: (options: ConstructorParameters<typeof SqlLogger>[0]) => new SqlLogger(options, log, stats),
    debug: true,
    dataloader: true,
    discovery: { warnWhenNoEntities: true },
  } satisfies Options;
  if (db.kind === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: db.url,
      pool: { min: 0, max: db.poolMax },
      migrations: { migrationsList: postgresqlMigrations, transactional: true, allOrNothing: true, snapshot: false },
    };
  }
  const path = sqlitePath(db.url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    driver: LibSqlDriver,
    dbName: path,
    // Per connection, on every connection the pool opens (a pragma run once through the ORM was lost when knex
    // replaced its connection: the live log then committed with synchronous = full, an fsync per keystroke batch).
    pool: { afterCreate: (conn: { exec(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) => done(applyPragmas(conn, db), conn) },
    migrations: { migrationsList: sqliteMigrations, transactional: true, allOrNothing: true, snapshot: false },
  };
}

/** The SQLite pragmas every connection gets (WAL is a property of the file, the rest of the connection). */
function applyPragmas(conn: { exec(sql: string): unknown }, db: Config['database']): Error | null {
  try {
    conn.exec(`pragma journal_mode = wal; pragma synchronous = ${db.sqliteSynchronous ?? 'normal'}; pragma busy_timeout = 5000; pragma foreign_keys = on`);
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
): Promise<{ orm: Orm; stats: SqlStats }> {
  const stats = new SqlStats();
  const orm = await MikroORM.init(ormOptions(db, log, stats));
  try {
    if (db.kind === 'sqlite') {
      const conn = orm.em.getConnection();
      await conn.execute('pragma journal_mode = wal');
      await conn.execute(`pragma synchronous = ${db.sqliteSynchronous ?? 'normal'}`);
      await conn.execute('pragma busy_timeout = 5000');
    }
    await underSetupLock(db, log, async () => {
      const applied = await orm.getMigrator().up();
      if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
      await setup(orm);
    });
  } catch (err) {
    await orm.close(true);
    throw err;
  }
  return { orm, stats };
}

/** An arbitrary, fixed key for pg_advisory_lock: "motebok setup". */
const SETUP_LOCK_KEY = 0x6d6f7465;

async function underSetupLock(db: Config['database'], log: Logger, fn: () => Promise<void>): Promise<void> {
  if (db.kind !== 'postgresql') return fn();
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

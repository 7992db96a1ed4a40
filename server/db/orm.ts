import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
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
    migrations: { migrationsList: sqliteMigrations, transactional: true, allOrNothing: true, snapshot: false },
  };
}

/** Connects, applies SQLite pragmas and runs pending migrations. */
export async function openDatabase(db: Config['database'], log: Logger): Promise<{ orm: Orm; stats: SqlStats }> {
  const stats = new SqlStats();
  const orm = await MikroORM.init(ormOptions(db, log, stats));
  if (db.kind === 'sqlite') {
    const conn = orm.em.getConnection();
    await conn.execute('pragma journal_mode = wal');
    await conn.execute('pragma synchronous = normal');
    await conn.execute('pragma busy_timeout = 5000');
  }
  const applied = await orm.getMigrator().up();
  if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  return { orm, stats };
}

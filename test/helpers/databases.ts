import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Orm } from '../../server/db/orm.js';

export type DbKind = 'sqlite' | 'postgresql';

/** SQLite always; PostgreSQL too when MOTEBOK_TEST_PG_URL is set (CI sets it and requires it). */
export function dbKinds(): DbKind[] {
  return process.env.MOTEBOK_TEST_PG_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of the given kind: a temporary SQLite file, or a fresh PostgreSQL database. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'motebok-test-'));
    return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.MOTEBOK_TEST_PG_URL;
  if (!adminUrl) throw new Error('MOTEBOK_TEST_PG_URL is not set');
  const name = `motebok_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated in-memory SQLite database behind an ORM, for tests that need no server. */
export async function openMemoryOrm(): Promise<Orm> {
  return (await openDatabase({ kind: 'sqlite', url: 'sqlite::memory:', poolMax: 1 }, pino({ level: 'silent' }))).orm;
}

/**
 * Runs `fn` with SQL on a connection of its own to the database at `url`, closed afterwards: a write as another
 * process or instance makes it (the token CLI, a second server), of which no event reaches the server under test.
 */
export async function asAnotherProcess<T>(url: string, fn: (sql: (text: string, params?: unknown[]) => Promise<unknown>) => Promise<T>): Promise<T> {
  const kind: DbKind = url.startsWith('sqlite:') ? 'sqlite' : 'postgresql';
  const other = await openDatabase({ kind, url, poolMax: 1 }, pino({ level: 'silent' }));
  try {
    return await fn((text, params = []) => other.orm.em.getConnection().execute(text, params));
  } finally {
    await other.orm.close(true);
  }
}

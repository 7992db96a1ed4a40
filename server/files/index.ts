/**
 * Vedlegg as real files: the store (a port with a disk and a PostgreSQL adapter), picked by the database as the rest
 * of the configuration is, and the tables it needs besides the entity model (made at start under the setup lock).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { sqlitePath, type Orm } from '../db/orm.js';
import { DiskFileStore } from './disk-store.js';
import { FILE_TEXT_DDL } from './file-text.js';
import type { FileStore } from './port.js';
import { FILE_BLOB_DDL, PostgresFileStore } from './postgres-store.js';

export type { FileStore, StagedFile, ByteRange } from './port.js';

/** The store for this configuration: PostgreSQL's own tables when DATABASE_URL is PostgreSQL, else the disk. */
export function createFileStore(config: Config, orm: Orm): FileStore {
  if (config.database.kind === 'postgresql') {
    return new PostgresFileStore(() => orm.em.fork(), join(config.files.dir ?? join(tmpdir(), 'motebok-uploads'), 'tmp'));
  }
  return new DiskFileStore(filesDir(config));
}

/** The disk store's folder: FILES_DIR, or files/ beside the SQLite file (a temporary folder for :memory:). */
export function filesDir(config: Config): string {
  if (config.files.dir) return resolve(config.files.dir);
  const path = sqlitePath(config.database.url);
  if (path === ':memory:') return mkdtempSync(join(tmpdir(), 'motebok-files-'));
  return join(dirname(resolve(path)), 'files');
}

/** Creates the file tables: the extracted texts on both databases, the blobs too on PostgreSQL. */
export async function ensureFileSchema(orm: Orm, kind: Config['database']['kind']): Promise<void> {
  const conn = orm.em.fork().getConnection();
  for (const sql of [...(kind === 'postgresql' ? FILE_BLOB_DDL : []), ...FILE_TEXT_DDL]) await conn.execute(sql);
}

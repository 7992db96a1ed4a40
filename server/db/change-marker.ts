import { LibSqlConnection } from '@mikro-orm/libsql';
import type { Orm } from './orm.js';

/**
 * A value that changes whenever the database may have been changed from outside this process (another process or
 * instance): the public response cache (server/http/public-cache.ts) keys its entries by it, beside the changes this
 * process makes itself.
 * - SQLite: `pragma data_version` changes when another connection commits. It is a counter per connection, so the
 *   marker also names the connection (knex holds one and may replace it).
 * - PostgreSQL: the current WAL insert position, which moves with every logged write anywhere on the server
 *   (conservative), as soon as its commit is inserted, before it is visible (synchronous_commit off too).
 */
export function changeMarker(orm: Orm): () => Promise<string> {
  const connection = orm.em.getConnection();
  if (connection instanceof LibSqlConnection) {
    const ids = new WeakMap<object, number>();
    let next = 0;
    const client = (connection as unknown as { getKnex(): { client: KnexClient } }).getKnex().client;
    return async () => {
      await connection.ensureConnection();
      const db = await client.acquireConnection();
      try {
        if (!ids.has(db)) ids.set(db, ++next);
        const row = db.prepare('pragma data_version').get() as { data_version: number };
        return `${ids.get(db)}:${row.data_version}`;
      } finally {
        await client.releaseConnection(db);
      }
    };
  }
  // Where WAL is inserted, not where it is written out (pg_current_wal_lsn): a commit with synchronous_commit off is
  // visible before its WAL is written, and a marker that had not moved yet served the answer from before it.
  return async () => String((await connection.execute<Array<{ lsn: string }>>('select pg_current_wal_insert_lsn() as lsn'))[0]?.lsn);
}

interface KnexClient {
  acquireConnection(): Promise<{ prepare(sql: string): { get(): unknown } }>;
  releaseConnection(connection: unknown): Promise<void>;
}

import type { EntityManager } from '@mikro-orm/core';
import { LibSqlConnection } from '@mikro-orm/libsql';
import { RowReader } from '../db/rows.js';

/**
 * What a user's viewer is built from (the user row and their grants), remembered per user while the database is
 * provably unchanged: on SQLite, the connection that answered, `total_changes()` (every row this connection wrote:
 * all of this process's writes go through it) and `pragma data_version` (moves when any other connection commits:
 * the token CLI, another process). A revocation, a disabled user or a changed grant is therefore seen by the very
 * next request, wherever it was written. The marker is read before the user, so an entry is never filed under a
 * marker newer than its data. PostgreSQL asks the database every time (a marker would cost the same round trip).
 */
export interface UserFacts<U> {
  user: U | null;
  /** Body id → role. */
  grants: [string, string][];
}

const MAX_USERS = 1000;
const MARKER_SQL = 'select total_changes() as c, data_version as v from pragma_data_version';

export class ViewerCache<U> {
  private readonly users = new Map<string, { marker: string; facts: UserFacts<U> }>();

  async facts(em: EntityManager, userId: string, read: () => Promise<UserFacts<U>>): Promise<UserFacts<U>> {
    if (!(em.getConnection('read') instanceof LibSqlConnection) || em.getTransactionContext()) return read();
    const set = await new RowReader(em).set(MARKER_SQL, []);
    if (set.connection === undefined) return read();
    const marker = `${set.connection}:${String(set.data[0]![0])}:${String(set.data[0]![1])}`;
    const known = this.users.get(userId);
    if (known?.marker === marker) return known.facts;
    const facts = await read();
    this.users.delete(userId);
    if (this.users.size >= MAX_USERS) this.users.delete(this.users.keys().next().value!);
    this.users.set(userId, { marker, facts });
    return facts;
  }
}

const caches = new WeakMap<object, ViewerCache<unknown>>();

/** The cache of the ORM `em` belongs to (one per database). */
export function viewerCacheOf<U>(em: EntityManager): ViewerCache<U> {
  const driver = em.getDriver();
  let cache = caches.get(driver);
  if (!cache) caches.set(driver, (cache = new ViewerCache()));
  return cache as ViewerCache<U>;
}

/**
 * Serialises the transactions that give out numbers (saker per body and year, vedlegg per meeting). On PostgreSQL two
 * transactions could otherwise both read the highest number and insert the same next one: a transaction-scoped
 * advisory lock on the scope's key makes the second wait until the first commits. SQLite runs one write transaction
 * at a time on its one connection, so nothing is needed there.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

export async function lockNumbering(em: EntityManager, scope: string): Promise<void> {
  if (!em.getPlatform().constructor.name.startsWith('PostgreSql')) return;
  if (!em.isInTransaction()) throw new Error('lockNumbering must run inside the transaction that gives out the number');
  await (em as SqlEntityManager).execute("select pg_advisory_xact_lock(hashtext('motebok:numbering:' || ?))", [scope]);
}

import type { MikroORM } from '@mikro-orm/core';

export interface CapturedStatement {
  sql: string;
  bindings: unknown[];
}

/**
 * Every statement knex hands to the driver from now on (its SQL text and bound values), appended to the returned
 * list: for tests that values go as parameters, not into the SQL text. RowReader's prepared reads on SQLite outside
 * a transaction do not pass through knex.
 */
export function captureStatements(orm: MikroORM): CapturedStatement[] {
  const statements: CapturedStatement[] = [];
  const knex = (orm.em.getConnection() as unknown as { getKnex(): { on(e: 'query', fn: (q: { sql: string; bindings?: unknown[] }) => void): void } }).getKnex();
  knex.on('query', (q) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] }));
  return statements;
}

/** Whether some statement carries a bound binary value whose bytes contain `hex`. */
export const boundBytesContain = (statements: readonly CapturedStatement[], hex: string): boolean =>
  statements.some((q) => q.bindings.some((b) => b instanceof Uint8Array && Buffer.from(b).toString('hex').includes(hex)));

/** The statements whose SQL text contains `hex` (a value written into the SQL as a literal). */
export const literalsOf = (statements: readonly CapturedStatement[], hex: string): CapturedStatement[] =>
  statements.filter((q) => q.sql.toLowerCase().includes(hex));

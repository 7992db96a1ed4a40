/**
 * One statement through MikroORM's SQL connection with **bound** parameters. MikroORM's `execute` writes every value
 * into the SQL text (`formatQuery`): a search's words, a re-index's texts (a 5 MB referat typed live) and every id
 * became SQL literals, and each distinct text a statement to plan. Here the values go to the driver as parameters
 * (knex's raw bindings, `?` → `$n` on PostgreSQL), in the given transaction if any; the statement is still timed,
 * logged and counted as the ORM's own are (server/db/sql-logger.ts).
 */
type Row = Record<string, unknown>;

/** What this uses of MikroORM's SQL connection (executeQuery is protected in its types: it times, logs, counts). */
export interface BindingConnection {
  ensureConnection(): Promise<void>;
  getKnex(): { raw(sql: string, params: readonly unknown[]): PromiseLike<unknown> & { transacting(ctx: unknown): PromiseLike<unknown> } };
  executeQuery<T>(query: string, cb: () => Promise<T>, context?: { query: string; params: readonly unknown[] }): Promise<T>;
}

export async function boundRows(connection: BindingConnection, sql: string, params: readonly unknown[], ctx?: unknown): Promise<Row[]> {
  await connection.ensureConnection();
  return connection.executeQuery(
    sql,
    async () => {
      const query = connection.getKnex().raw(sql, params);
      return rowsOf(await (ctx ? query.transacting(ctx) : query));
    },
    { query: sql, params },
  );
}

/** knex.raw's result: an array of rows (libsql) or a pg result ({ rows }). */
function rowsOf(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows?: Row[] } | undefined)?.rows ?? [];
}

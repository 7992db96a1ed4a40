import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import type { Page } from '../../schema/connection.js';
import { badInput } from '../errors.js';
import { isUuid } from '../../schema/ids.js';
import { RowReader, type EntityClass } from '../db/rows.js';

/** Relay's forward paging arguments. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** One column of a list's order. The last key must be unique (the id), so that the order is total and stable. */
export interface SortKey<T> {
  field: keyof T & string;
  dir: 'asc' | 'desc';
  kind: 'date' | 'uuid' | 'bigint';
}

type CursorValue = Date | string;

/**
 * Cursors are opaque to clients: base64url of the list's name and the sort values of the last row seen. Keyset
 * paging (`where (startsAt, id) < (…)`) rather than offsets, so a page costs the same deep in the archive and rows
 * added meanwhile neither repeat nor go missing.
 */
export function encodeCursor(list: string, values: CursorValue[]): string {
  const plain = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return Buffer.from(JSON.stringify([list, ...plain]), 'utf8').toString('base64url');
}

export function decodeCursor<T>(list: string, cursor: string, keys: ReadonlyArray<SortKey<T>>): CursorValue[] {
  const refuse = () => badInput(`The cursor "${cursor.slice(0, 80)}" was not given out by this list; ask again without "after".`, 'after');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed[0] !== list || parsed.length !== keys.length + 1) throw refuse();
  return keys.map((key, i) => {
    const raw = parsed[i + 1];
    if (typeof raw !== 'string') throw refuse();
    if (key.kind === 'date') {
      const d = new Date(raw);
      if (Number.isNaN(d.getTime()) || d.toISOString() !== raw) throw refuse();
      return d;
    }
    if (key.kind === 'uuid' ? !isUuid(raw) : !/^\d{1,19}$/.test(raw)) throw refuse();
    return key.kind === 'uuid' ? raw.toLowerCase() : raw;
  });
}

/** `first` within 0..MAX_PAGE_SIZE (default DEFAULT_PAGE_SIZE); anything else is refused, not clamped. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}; it was ${first}.`, 'first');
  }
  return first;
}

/** Rows strictly after the cursor in the list's order: (a, b, id) > (va, vb, vid), spelled out for both dialects. */
function afterCursor<T>(keys: ReadonlyArray<SortKey<T>>, values: CursorValue[]): FilterQuery<T> {
  const branches = keys.map((key, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[keys[j]!.field] = values[j];
    branch[key.field] = { [key.dir === 'desc' ? '$lt' : '$gt']: values[i] };
    return branch;
  });
  return { $or: branches } as FilterQuery<T>;
}

/** The page out of the rows read (first + 1 of them, to know whether more follow). */
function pageOf<T extends object>(rows: T[], totalCount: number, first: number, keys: ReadonlyArray<SortKey<T>>, list: string): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({
    cursor: encodeCursor(list, keys.map((k) => node[k.field] as unknown as CursorValue)),
    node,
  }));
  return {
    totalCount,
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** One term of a hand-written filter: SQL with `?` placeholders (columns quoted by the caller) and its values. */
export interface SqlTerm {
  sql: string;
  params: unknown[];
}

/**
 * `(a, b, id) < (va, vb, vid)` in the list's order, for SQL. One row-value comparison when every key goes the same
 * way (both SQLite and PostgreSQL walk an index on the keys with it); otherwise spelled out branch by branch.
 */
function afterCursorSql(columns: string[], keys: ReadonlyArray<SortKey<unknown>>, values: CursorValue[]): SqlTerm {
  const op = (dir: 'asc' | 'desc') => (dir === 'desc' ? '<' : '>');
  if (keys.every((k) => k.dir === keys[0]!.dir)) {
    return { sql: `(${columns.join(', ')}) ${op(keys[0]!.dir)} (${RowReader.placeholders(columns.length)})`, params: values };
  }
  const branches = keys.map((key, i) => [...columns.slice(0, i).map((c) => `${c} = ?`), `${columns[i]} ${op(key.dir)} ?`].join(' and '));
  return { sql: `(${branches.map((b) => `(${b})`).join(' or ')})`, params: keys.flatMap((_, i) => values.slice(0, i + 1)) };
}

/**
 * keysetPage as read-only rows (server/db/rows.ts): one hand-written keyset statement and one count, no unit of work
 * and no identity map. `where` is a conjunction of SQL terms on the entity's table (aliased as none: plain column
 * names); the caller derives them from the same rules as its ORM filter. The nodes are snapshots, not managed
 * entities: for reads only.
 */
export async function keysetRows<T extends object>(
  reader: RowReader,
  entity: EntityClass<T>,
  where: SqlTerm[],
  keys: ReadonlyArray<SortKey<T>>,
  args: PageArgs,
  list: string,
): Promise<Page<T>> {
  const first = pageSize(args.first);
  const after = args.after ? decodeCursor(list, args.after, keys) : null;
  const table = reader.table(entity);
  const columns = keys.map((k) => reader.column(entity, k.field));
  const terms = after ? [...where, afterCursorSql(columns, keys as ReadonlyArray<SortKey<unknown>>, after)] : where;
  const clause = (all: SqlTerm[]) => (all.length ? ` where ${all.map((t) => `(${t.sql})`).join(' and ')}` : '');
  const order = keys.map((k, i) => `${columns[i]} ${k.dir}`).join(', ');
  const [rows, counted] = await Promise.all([
    reader.rows(`select * from ${table}${clause(terms)} order by ${order} limit ${first + 1}`, terms.flatMap((t) => t.params)),
    reader.rows(`select count(*) as ${reader.q('n')} from ${table}${clause(where)}`, where.flatMap((t) => t.params)),
  ]);
  return pageOf(reader.map(entity, rows), Number(counted[0]!.n), first, keys, list);
}

/**
 * One page of `entity` rows matching `where`, in the order of `keys`: the rows (first + 1 are read, to know whether
 * more follow) and the total count with the same filter. A bad `first` or `after` is BAD_USER_INPUT.
 */
export async function keysetPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  keys: ReadonlyArray<SortKey<T>>,
  args: PageArgs,
  list: string,
): Promise<Page<T>> {
  const first = pageSize(args.first);
  const after = args.after ? decodeCursor(list, args.after, keys) : null;
  const filter = (after ? { $and: [where, afterCursor(keys, after)] } : where) as FilterQuery<T>;
  const orderBy = Object.fromEntries(keys.map((k) => [k.field, k.dir])) as never;
  const rows = await em.find(entity, filter, { orderBy, limit: first + 1 });
  const totalCount = await em.count(entity, where);
  return pageOf(rows, totalCount, first, keys, list);
}

import { ReferenceKind, type EntityManager, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { LibSqlConnection } from '@mikro-orm/libsql';

/**
 * Read-only rows for GraphQL field resolvers, without the unit of work.
 *
 * A nested read (a meeting with its agenda, attendance, sub-items, vedlegg) spent most of its CPU in MikroORM
 * building queries, creating entities and registering them in the identity map — none of which a read needs. Here a
 * loader asks the connection one plain SQL statement per level and turns each row into an object that looks like the
 * entity to a resolver: it has the entity's prototype (so getters such as AgendaItem.number, `instanceof` and the
 * read policy's redacted copies work), its scalar properties converted as MikroORM would (dates, booleans, JSON),
 * nullable embeddables null when all their columns are, and every many-to-one as `{ id }` (resolvers follow
 * relations through loaders by id). Collections are absent: resolvers use loaders for them.
 *
 * These objects are snapshots, not managed entities: never persist, flush or `wrap()` them. Mutations keep using
 * the EntityManager. The mapping is driven by MikroORM's metadata, so a new column reaches both paths;
 * test/api/lean-rows.test.ts compares the two for every property.
 */

type Row = Record<string, unknown>;
type Convert = (v: unknown) => unknown;

const asDate: Convert = (v) => (v == null || v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string)));
const asBoolean: Convert = (v) => (v == null ? v : typeof v === 'boolean' ? v : Boolean(Number(v)));
const asJson: Convert = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
const asNumber: Convert = (v) => (typeof v === 'string' || typeof v === 'bigint' ? Number(v) : v);
const asIs: Convert = (v) => v;

function converter(prop: EntityProperty): Convert {
  const type = String(prop.runtimeType ?? prop.type).toLowerCase();
  const column = String(prop.columnTypes?.[0] ?? prop.type).toLowerCase();
  if (type === 'date' || column.startsWith('datetime') || column.startsWith('timestamp')) return asDate;
  if (type === 'boolean') return asBoolean;
  if (column === 'json' || column === 'jsonb' || String(prop.type).toLowerCase() === 'json') return asJson;
  if (type === 'number') return asNumber;
  return asIs;
}

interface Field {
  name: string;
  column: string;
  convert: Convert;
}

interface Embed {
  name: string;
  prototype: object;
  fields: Field[];
}

interface Shape {
  prototype: object;
  scalars: Field[];
  refs: Field[];
  embeds: Embed[];
}

const shapes = new WeakMap<EntityMetadata, Shape>();

function shapeOf(meta: EntityMetadata): Shape {
  let shape = shapes.get(meta);
  if (shape) return shape;
  shape = { prototype: meta.prototype, scalars: [], refs: [], embeds: [] };
  for (const prop of meta.props) {
    if (prop.persist === false || prop.embedded) continue; // getters; embeddable columns are read with their parent
    if (prop.kind === ReferenceKind.SCALAR) {
      shape.scalars.push({ name: prop.name, column: prop.fieldNames[0]!, convert: converter(prop) });
    } else if ((prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) && prop.fieldNames?.length === 1) {
      shape.refs.push({ name: prop.name, column: prop.fieldNames[0]!, convert: asIs });
    } else if (prop.kind === ReferenceKind.EMBEDDED && !prop.object && !prop.array) {
      const children = meta.props.filter((p) => p.embedded?.[0] === prop.name);
      shape.embeds.push({
        name: prop.name,
        prototype: prop.targetMeta!.prototype,
        fields: children.map((c) => ({ name: c.embedded![1], column: c.fieldNames[0]!, convert: converter(c) })),
      });
    }
  }
  shapes.set(meta, shape);
  return shape;
}

/** One row as the entity's read-only look-alike (see the module comment). */
function toObject<T>(shape: Shape, row: Row, prefix = ''): T {
  const o: Record<string, unknown> = {};
  for (const f of shape.scalars) o[f.name] = f.convert(row[prefix + f.column]);
  for (const f of shape.refs) {
    const id = row[prefix + f.column];
    o[f.name] = id == null ? null : { id };
  }
  for (const e of shape.embeds) {
    let any = false;
    const v: Record<string, unknown> = {};
    for (const f of e.fields) {
      const raw = row[prefix + f.column];
      if (raw !== null && raw !== undefined) any = true;
      v[f.name] = f.convert(raw);
    }
    o[e.name] = any ? Object.setPrototypeOf(v, e.prototype) : null;
  }
  // Own data properties shadow MikroORM's accessors on the prototype, which are for managed entities only.
  return Object.setPrototypeOf(o, shape.prototype) as T;
}

export type EntityClass<T> = abstract new (...args: never[]) => T;

/**
 * SQL fragments by platform (one per ORM; dialects quote differently): every request's loaders build the same texts,
 * which cost ≈ 2 % of a nested meeting query when derived from the metadata each time.
 */
const fragmentsOf = new WeakMap<object, Map<string, string>>();

/** Table, columns and quoting for hand-written read queries. */
export class RowReader {
  private readonly fragments: Map<string, string>;

  constructor(private readonly em: EntityManager) {
    const platform = em.getPlatform();
    let fragments = fragmentsOf.get(platform);
    if (!fragments) fragmentsOf.set(platform, (fragments = new Map()));
    this.fragments = fragments;
  }

  private fragment(key: string, make: () => string): string {
    let text = this.fragments.get(key);
    if (text === undefined) this.fragments.set(key, (text = make()));
    return text;
  }

  meta(entity: EntityClass<unknown>): EntityMetadata {
    return this.em.getMetadata().get(entity.name);
  }

  /** A quoted identifier (table or column) of the connected database. */
  q(name: string): string {
    return this.fragment(`q\0${name}`, () => this.em.getPlatform().quoteIdentifier(name));
  }

  table(entity: EntityClass<unknown>): string {
    return this.fragment(`t\0${entity.name}`, () => this.q(this.meta(entity).tableName));
  }

  /** The column of a property (a scalar or a many-to-one). */
  column(entity: EntityClass<unknown>, property: string): string {
    return this.fragment(`c\0${entity.name}\0${property}`, () => {
      const prop = this.meta(entity).properties[property as never] as EntityProperty | undefined;
      if (!prop?.fieldNames?.length) throw new Error(`${entity.name}.${property} has no column`);
      return this.q(prop.fieldNames[0]!);
    });
  }

  /** `?, ?, ?` for n values. */
  static placeholders(n: number): string {
    return Array.from({ length: n }, () => '?').join(', ');
  }

  /**
   * Runs one statement (in the request's transaction, if any) and returns its rows as they come.
   *
   * On SQLite outside a transaction the statement is prepared once per SQL text and connection and run with bound
   * parameters: MikroORM's `execute` inlines the parameters, so every id made a new SQL text to prepare (≈ 7 % of a
   * nested query). Rows come in libsql's raw (array) mode and become objects here, cheaper than libsql's own. The connection is taken from and given back to knex's pool (one connection on SQLite), so a read
   * never runs inside another request's open transaction; the statement is logged and counted like the ORM's.
   */
  async rows(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const ctx = this.em.getTransactionContext();
    const connection = this.em.getConnection('read');
    if (!ctx && connection instanceof LibSqlConnection) return preparedRows(connection as unknown as OrmConnection, sql, params);
    return (await connection.execute(sql, params as unknown[], 'all', ctx)) as Row[];
  }

  /** Rows as read-only look-alikes of `entity`; with `prefix`, from columns named prefix + column (joins). */
  map<T>(entity: EntityClass<T>, rows: Row[], prefix = ''): T[] {
    const shape = shapeOf(this.meta(entity));
    return rows.map((r) => toObject<T>(shape, r, prefix));
  }

  /** Every column of `entity` from table alias `alias`, as `alias.col as prefixcol` (for joins). */
  columnsAs(entity: EntityClass<unknown>, alias: string, prefix: string): string {
    return this.fragment(`a\0${entity.name}\0${alias}\0${prefix}`, () => {
      const meta = this.meta(entity);
      const cols = new Set<string>();
      for (const p of meta.props) if (p.persist !== false && p.fieldNames?.length === 1 && p.kind !== ReferenceKind.EMBEDDED) cols.add(p.fieldNames[0]!);
      return [...cols].map((c) => `${this.q(alias)}.${this.q(c)} as ${this.q(prefix + c)}`).join(', ');
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Prepared statements on SQLite (libsql)

interface LibSqlStatement {
  all(params: unknown[]): unknown[][];
  raw(on: boolean): LibSqlStatement;
  columns(): { name: string }[];
}

/** A prepared statement in raw (array) mode with its column names: libsql builds arrays cheaper than objects. */
interface Prepared {
  statement: LibSqlStatement;
  names: string[];
}

/** Array rows as objects by column name (the last of equal names wins, as in libsql's object rows). */
function objectsOf(names: readonly string[], arrays: readonly unknown[][]): Row[] {
  const out: Row[] = new Array(arrays.length);
  for (let r = 0; r < arrays.length; r++) {
    const a = arrays[r]!;
    const o: Row = {};
    for (let i = 0; i < names.length; i++) o[names[i]!] = a[i];
    out[r] = o;
  }
  return out;
}
interface LibSqlDatabase {
  prepare(sql: string): LibSqlStatement;
}
interface KnexClient {
  acquireConnection(): Promise<LibSqlDatabase>;
  releaseConnection(connection: LibSqlDatabase): Promise<void>;
}
/** What RowReader uses of MikroORM's SQL connection (executeQuery is protected in its types: it times, logs, counts). */
interface OrmConnection {
  ensureConnection(): Promise<void>;
  getKnex(): { client: KnexClient };
  executeQuery<T>(query: string, cb: () => Promise<T>, context?: { query: string; params: readonly unknown[] }): Promise<T>;
}

/** Prepared statements by SQL text, per raw connection (knex replaces libsql connections now and then). */
const preparedOf = new WeakMap<LibSqlDatabase, Map<string, Prepared>>();
const MAX_PREPARED = 256;

/** As knex's SQLite dialects bind values. */
const bindable = (v: unknown): unknown => (v instanceof Date ? v.valueOf() : typeof v === 'boolean' ? Number(v) : v);

async function preparedRows(connection: OrmConnection, sql: string, params: readonly unknown[]): Promise<Row[]> {
  await connection.ensureConnection();
  const client = connection.getKnex().client;
  return connection.executeQuery(
    sql,
    async () => {
      const db = await client.acquireConnection();
      try {
        let cache = preparedOf.get(db);
        if (!cache) preparedOf.set(db, (cache = new Map()));
        let prepared = cache.get(sql);
        if (!prepared) {
          if (cache.size >= MAX_PREPARED) cache.clear(); // bounded: the texts differ only by the number of ids
          const statement = db.prepare(sql).raw(true);
          prepared = { statement, names: statement.columns().map((c) => c.name) };
          cache.set(sql, prepared);
        }
        return objectsOf(prepared.names, prepared.statement.all(params.map(bindable)));
      } finally {
        await client.releaseConnection(db);
      }
    },
    { query: sql, params },
  );
}

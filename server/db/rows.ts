import { ReferenceKind, type EntityManager, type EntityMetadata, type EntityProperty, type Logger } from '@mikro-orm/core';
import { LibSqlConnection } from '@mikro-orm/libsql';
import { boundRows, type BindingConnection } from './bound-sql.js';

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

/**
 * Where each property of a shape is in the rows of one statement: column indexes, resolved once per statement's
 * column list (not per row). -1: the statement has no such column (the property stays undefined).
 */
interface Plan {
  scalars: { name: string; at: number; convert: Convert }[];
  refs: { name: string; at: number }[];
  embeds: { name: string; prototype: object; fields: { name: string; at: number; convert: Convert }[] }[];
  prototype: object;
}

/** The index of the last column of that name (as in object rows, where the last of equal names wins). */
function indexOf(names: readonly string[], column: string): number {
  return names.lastIndexOf(column);
}

const plans = new WeakMap<readonly string[], Map<string, Plan>>();

function planOf(shape: Shape, key: string, names: readonly string[], prefix: string): Plan {
  let byShape = plans.get(names);
  if (!byShape) plans.set(names, (byShape = new Map()));
  const planKey = `${key}\0${prefix}`;
  let plan = byShape.get(planKey);
  if (plan) return plan;
  plan = {
    prototype: shape.prototype,
    scalars: shape.scalars.map((f) => ({ name: f.name, at: indexOf(names, prefix + f.column), convert: f.convert })),
    refs: shape.refs.map((f) => ({ name: f.name, at: indexOf(names, prefix + f.column) })),
    embeds: shape.embeds.map((e) => ({
      name: e.name,
      prototype: e.prototype,
      fields: e.fields.map((f) => ({ name: f.name, at: indexOf(names, prefix + f.column), convert: f.convert })),
    })),
  };
  byShape.set(planKey, plan);
  return plan;
}

/** One array row as the entity's read-only look-alike (see the module comment). */
function toObject<T>(plan: Plan, row: readonly unknown[]): T {
  const o: Record<string, unknown> = {};
  for (const f of plan.scalars) o[f.name] = f.convert(row[f.at]);
  for (const f of plan.refs) {
    const id = row[f.at];
    o[f.name] = id == null ? null : { id };
  }
  for (const e of plan.embeds) {
    let any = false;
    const v: Record<string, unknown> = {};
    for (const f of e.fields) {
      const raw = row[f.at];
      if (raw !== null && raw !== undefined) any = true;
      v[f.name] = f.convert(raw);
    }
    o[e.name] = any ? Object.setPrototypeOf(v, e.prototype) : null;
  }
  // Own data properties shadow MikroORM's accessors on the prototype, which are for managed entities only.
  return Object.setPrototypeOf(o, plan.prototype) as T;
}

/**
 * The rows of one statement as arrays with the statement's column names (one array per statement text on SQLite,
 * so what is derived from the names is derived once).
 */
export interface RowSet {
  names: readonly string[];
  data: readonly (readonly unknown[])[];
  /** SQLite outside a transaction: which connection answered (a number per connection of this process). */
  connection?: number;
}

/** Object rows (PostgreSQL, or a statement inside a transaction) as a RowSet. */
function setOf(objects: Row[]): RowSet {
  if (!objects.length) return { names: [], data: [] };
  const names = Object.keys(objects[0]!);
  return { names, data: objects.map((o) => names.map((n) => o[n])) };
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

  /**
   * @param em the EntityManager whose transaction the reads join (if one is open on it), whose connection, metadata
   *   and platform they use;
   * @param current with it, `em` only lends connection, metadata and platform (any EntityManager of the ORM), and the
   *   reads join the transaction of the EntityManager `current` returns, if any: a request forks its EntityManager
   *   only when something needs one (an unforked request has no transaction).
   */
  constructor(
    private readonly em: EntityManager,
    private readonly current?: () => EntityManager | undefined,
  ) {
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
   * Runs one statement (in the request's transaction, if any) and returns its rows as arrays with the column names.
   *
   * Parameters are always bound (server/db/bound-sql.ts). On SQLite outside a transaction the statement is also
   * prepared once per SQL text and connection (MikroORM's `execute` inlined every id, a new SQL text to prepare each
   * time: ≈ 7 % of a nested query). Rows come in libsql's raw (array) mode, cheaper than its object rows. The connection is taken
   * from and given back to knex's pool (one connection on SQLite), so a read never runs inside another request's
   * open transaction; the statement is counted and logged through the ORM's logger (without its per-statement
   * formatting, ≈ 3 % of a nested query).
   */
  private transactionContext(): unknown {
    return this.current ? this.current()?.getTransactionContext() : this.em.getTransactionContext();
  }

  async set(sql: string, params: readonly unknown[]): Promise<RowSet> {
    const ctx = this.transactionContext();
    const connection = this.em.getConnection('read');
    if (!ctx && connection instanceof LibSqlConnection) return preparedRows(connection as unknown as OrmConnection, this.em.config.getLogger(), sql, params);
    return setOf(await boundRows(connection as unknown as BindingConnection, sql, params, ctx));
  }

  /**
   * Inserts one row of `entity` with bound values, by property name (each a scalar or many-to-one column), in the
   * reader's transaction if any: for values too big for MikroORM's own statements, which write every value into the
   * SQL text (a 5 MB referat's state as a 10 MB hex literal). No entity defaults or hooks run: give every column.
   */
  async insert(entity: EntityClass<unknown>, values: Record<string, unknown>): Promise<void> {
    const props = Object.keys(values);
    const sql = `insert into ${this.table(entity)} (${props.map((p) => this.column(entity, p)).join(', ')}) values (${RowReader.placeholders(props.length)})`;
    const connection = this.em.getConnection('write') as unknown as BindingConnection;
    await boundRows(connection, sql, Object.values(values), this.transactionContext());
  }

  /** Runs one statement (see `set`) and returns its rows as objects by column name. */
  async rows(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const ctx = this.transactionContext();
    const connection = this.em.getConnection('read');
    if (!ctx && connection instanceof LibSqlConnection) return objectsOf(await preparedRows(connection as unknown as OrmConnection, this.em.config.getLogger(), sql, params));
    return boundRows(connection as unknown as BindingConnection, sql, params, ctx);
  }

  /** Rows as read-only look-alikes of `entity`; with `prefix`, from columns named prefix + column (joins). */
  map<T>(entity: EntityClass<T>, rows: Row[] | RowSet, prefix = '', only?: (row: readonly unknown[]) => boolean): T[] {
    const set = Array.isArray(rows) ? setOf(rows) : rows;
    const plan = planOf(shapeOf(this.meta(entity)), entity.name, set.names, prefix);
    const out: T[] = [];
    for (const r of set.data) if (!only || only(r)) out.push(toObject<T>(plan, r));
    return out;
  }

  /** The index of a column (by its name in the statement) in the rows of `set`; -1 if it has none. */
  static at(set: RowSet, name: string): number {
    return indexOf(set.names, name);
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
function objectsOf({ names, data }: RowSet): Row[] {
  const out: Row[] = new Array(data.length);
  for (let r = 0; r < data.length; r++) {
    const a = data[r]!;
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
/** What RowReader uses of MikroORM's SQL connection. */
interface OrmConnection {
  ensureConnection(): Promise<void>;
  getKnex(): { client: KnexClient };
}

/** Prepared statements by SQL text, per raw connection (knex replaces libsql connections now and then). */
const preparedOf = new WeakMap<LibSqlDatabase, Map<string, Prepared>>();
const connectionIds = new WeakMap<LibSqlDatabase, number>();
let lastConnectionId = 0;
const MAX_PREPARED = 256;

/** As knex's SQLite dialects bind values. */
const bindable = (v: unknown): unknown => (v instanceof Date ? v.valueOf() : typeof v === 'boolean' ? Number(v) : v);

/**
 * One prepared read on SQLite. Counted and logged as the ORM's own statements are (server/db/sql-logger.ts counts
 * `query` entries), but straight to the logger: MikroORM's `executeQuery` wrapper formats and colours every
 * statement for its default logger first.
 */
async function preparedRows(connection: OrmConnection, logger: Logger, sql: string, params: readonly unknown[]): Promise<RowSet> {
  await connection.ensureConnection();
  const client = connection.getKnex().client;
  const started = Date.now();
  let level: 'info' | 'error' = 'error';
  try {
    const db = await client.acquireConnection();
    try {
      let cache = preparedOf.get(db);
      if (!cache) {
        preparedOf.set(db, (cache = new Map()));
        connectionIds.set(db, ++lastConnectionId);
      }
      let prepared = cache.get(sql);
      if (!prepared) {
        if (cache.size >= MAX_PREPARED) cache.clear(); // bounded: the texts differ only by the number of ids
        const statement = db.prepare(sql).raw(true);
        prepared = { statement, names: statement.columns().map((c) => c.name) };
        cache.set(sql, prepared);
      }
      const data = prepared.statement.all(params.map(bindable));
      level = 'info';
      return { names: prepared.names, data, connection: connectionIds.get(db) };
    } finally {
      await client.releaseConnection(db);
    }
  } finally {
    if (logger.isEnabled('query')) logger.log('query', sql, { query: sql, params: params as unknown[], took: Date.now() - started, level });
  }
}

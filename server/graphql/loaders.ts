import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { isUuid } from '../../schema/ids.js';
import type DataLoader from 'dataloader';
import { RowReader, type EntityClass, type RowSet } from '../db/rows.js';
import { fileTexts } from '../files/file-text.js';
import { BatchWaves } from './batch-waves.js';
import { KnownLoader } from './known-loader.js';
import {
  AgendaItem,
  Attachment,
  Attendance,
  Body,
  Disqualification,
  ItemReference,
  Meeting,
  Membership,
  Person,
  ProtocolEntry,
  SubItem,
} from '../../schema/entities/index.js';

type WithId = { id: string };

/**
 * A loader of the request whose batches go out and come back in the request's waves (batch-waves.ts), and which
 * answers keys it has already read without a promise (`get`, known-loader.ts).
 */
function loaderOf<K, V>(waves: BatchWaves, load: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): KnownLoader<K, V> {
  return new KnownLoader<K, V>(waves.track(load), { batchScheduleFn: waves.schedule });
}

/** The objects of `found` (in its order) grouped by the parent id in column `at`, one list per requested id. */
function grouped<T>(ids: readonly string[], found: RowSet, at: number, objects: T[]): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  found.data.forEach((r, i) => groups.get(r[at] as string)?.push(objects[i]!));
  return ids.map((id) => groups.get(id)!);
}

/** Batches "by id" look-ups of one entity into one `where id in (…)` per tick; read-only rows (see rows.ts). */
function byId<T extends WithId>(waves: BatchWaves, rows: RowReader, entity: EntityClass<T>) {
  return loaderOf<string, T | null>(waves, async (ids) => {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const found = new Map<string, T>();
    if (wanted.length) {
      const sql = `select * from ${rows.table(entity)} where ${rows.column(entity, 'id')} in (${RowReader.placeholders(wanted.length)})`;
      for (const r of rows.map(entity, await rows.set(sql, wanted))) found.set(r.id, r);
    }
    return ids.map((id) => (isUuid(id) ? found.get(id.toLowerCase()) ?? null : null));
  });
}

/** Meetings by id with their bodies in the same statement (primed into the body loader); read-only rows. */
function meetingsById(waves: BatchWaves, rows: RowReader, bodies: DataLoader<string, Body | null>) {
  return loaderOf<string, Meeting | null>(waves, async (ids) => {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const found = new Map<string, Meeting>();
    if (wanted.length) {
      const sql =
        `select m.*, ${rows.columnsAs(Body, 'b', 'b__')} from ${rows.table(Meeting)} m ` +
        `join ${rows.table(Body)} b on b.${rows.column(Body, 'id')} = m.${rows.column(Meeting, 'body')} ` +
        `where m.${rows.column(Meeting, 'id')} in (${RowReader.placeholders(wanted.length)})`;
      const result = await rows.set(sql, wanted);
      for (const b of rows.map(Body, result, 'b__')) bodies.prime(b.id, b);
      for (const m of rows.map(Meeting, result)) found.set(m.id, m);
    }
    return ids.map((id) => (isUuid(id) ? found.get(id.toLowerCase()) ?? null : null));
  });
}

/** Batches "children of a parent" look-ups into one query per tick, ordered; read-only rows (see rows.ts). */
function childrenOf<T extends object>(waves: BatchWaves, rows: RowReader, entity: EntityClass<T>, fk: string, orderBy: string, primes?: DataLoader<string, T | null>) {
  return loaderOf<string, T[]>(waves, async (ids) => {
    const parentIds = [...new Set(ids)];
    const fkCol = rows.column(entity, fk);
    const sql =
      `select * from ${rows.table(entity)} where ${fkCol} in (${RowReader.placeholders(parentIds.length)}) ` +
      `order by ${rows.column(entity, orderBy)} asc, ${rows.column(entity, 'id')} asc`;
    const found = await rows.set(sql, parentIds);
    const objects = rows.map(entity, found);
    if (primes) for (const o of objects) primes.prime((o as unknown as WithId).id, o);
    return grouped(ids, found, RowReader.at(found, rows.meta(entity).properties[fk as never]!.fieldNames[0]!), objects);
  });
}

/** Batches the attachments of many items (or sub-items) through their pivot table; read-only rows. */
function attachmentsOf(waves: BatchWaves, rows: RowReader, holder: EntityClass<AgendaItem | SubItem>) {
  return loaderOf<string, Attachment[]>(waves, async (ids) => {
    const holderIds = [...new Set(ids)];
    const pivot = rows.meta(holder).properties['attachments' as never]!;
    const [holderCol, attachmentCol] = [pivot.joinColumns[0]!, pivot.inverseJoinColumns[0]!];
    const sql =
      `select p.${rows.q(holderCol)} as ${rows.q('holder__id')}, a.* from ${rows.table(Attachment)} a ` +
      `join ${rows.q(pivot.pivotTable)} p on p.${rows.q(attachmentCol)} = a.${rows.column(Attachment, 'id')} ` +
      `where p.${rows.q(holderCol)} in (${RowReader.placeholders(holderIds.length)}) order by a.${rows.column(Attachment, 'number')} asc`;
    const found = await rows.set(sql, holderIds);
    return grouped(ids, found, RowReader.at(found, 'holder__id'), rows.map(Attachment, found));
  });
}

/**
 * A meeting's attendance with the persons it names (present and stood in for) in the same statement; the persons
 * go into the request's person loader, so Attendance.person and substituteFor cost nothing more.
 */
function attendanceOf(waves: BatchWaves, rows: RowReader, persons: DataLoader<string, Person | null>) {
  return loaderOf<string, Attendance[]>(waves, async (ids) => {
    const meetingIds = [...new Set(ids)];
    const [person, substitute] = [rows.column(Attendance, 'person'), rows.column(Attendance, 'substituteFor')];
    const personId = rows.column(Person, 'id');
    const sql =
      `select a.*, ${rows.columnsAs(Person, 'p', 'p__')}, ${rows.columnsAs(Person, 's', 's__')} from ${rows.table(Attendance)} a ` +
      `join ${rows.table(Person)} p on p.${personId} = a.${person} left join ${rows.table(Person)} s on s.${personId} = a.${substitute} ` +
      `where a.${rows.column(Attendance, 'meeting')} in (${RowReader.placeholders(meetingIds.length)}) ` +
      `order by a.${rows.column(Attendance, 'position')} asc, a.${rows.column(Attendance, 'id')} asc`;
    const found = await rows.set(sql, meetingIds);
    const personIdCol = rows.meta(Person).properties.id.fieldNames[0]!;
    for (const prefix of ['p__', 's__']) {
      const at = RowReader.at(found, prefix + personIdCol);
      for (const p of rows.map(Person, found, prefix, (r) => r[at] != null)) persons.prime(p.id, p);
    }
    return grouped(ids, found, RowReader.at(found, rows.meta(Attendance).properties.meeting.fieldNames[0]!), rows.map(Attendance, found));
  });
}

/** Batches "children of a parent" look-ups into one query per tick through the EntityManager (managed entities). */
function managedChildrenOf<T extends object>(
  waves: BatchWaves,
  em: () => EntityManager,
  entity: EntityName<T>,
  fk: string,
  orderBy: QueryOrderMap<T>,
  parentId: (row: T) => string,
) {
  return loaderOf<string, T[]>(waves, async (ids) => {
    const rows = await em().find(entity, { [fk]: { $in: [...ids] } } as unknown as FilterQuery<T>, { orderBy });
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const r of rows) groups.get(parentId(r))?.push(r);
    return ids.map((id) => groups.get(id)!);
  });
}

/**
 * A request's EntityManager, forked on first use: the meeting tree's loaders read through `base` (connection and
 * metadata only) and join the fork's transaction if there is one; everything else asks `get()`.
 */
export interface LazyEntityManager {
  base: EntityManager;
  get(): EntityManager;
  current(): EntityManager | undefined;
}

/**
 * Per-request loaders, so that a nested meeting query costs a fixed number of SQL statements however many items
 * the meeting has (one per level, not one per row). The meeting tree (meetings, bodies, persons, items, sub-items,
 * attendance, vedlegg) is read as read-only rows without the unit of work (rows.ts); the rest as managed entities.
 * Each loader is made when first asked for (getters on the class): a request uses a few of the eighteen, and making
 * all of them cost ≈ 2 % of a nested meeting query.
 */
export class Loaders {
  private readonly em: () => EntityManager;
  private readonly rows: RowReader;
  private readonly waves = new BatchWaves();
  private readonly made = new Map<string, unknown>();

  constructor(of: EntityManager | LazyEntityManager) {
    const lazy = 'base' in of ? of : null;
    this.em = lazy ? () => lazy.get() : () => of as EntityManager;
    this.rows = lazy ? new RowReader(lazy.base, lazy.current) : new RowReader(of as EntityManager);
  }

  private once<T>(name: string, make: () => T): T {
    let loader = this.made.get(name) as T | undefined;
    if (loader === undefined) this.made.set(name, (loader = make()));
    return loader;
  }

  get body() {
    return this.once('body', () => byId(this.waves, this.rows, Body));
  }
  get person() {
    return this.once('person', () => byId(this.waves, this.rows, Person));
  }
  get meeting() {
    return this.once('meeting', () => meetingsById(this.waves, this.rows, this.body));
  }
  get agendaItem() {
    return this.once('agendaItem', () => byId(this.waves, this.rows, AgendaItem));
  }
  /** A meeting's items are the items by id its sub-items, attendance and references ask for. */
  get itemsOfMeeting() {
    return this.once('itemsOfMeeting', () => childrenOf(this.waves, this.rows, AgendaItem, 'meeting', 'position', this.agendaItem));
  }
  get attachmentsOfMeeting() {
    return this.once('attachmentsOfMeeting', () => childrenOf(this.waves, this.rows, Attachment, 'meeting', 'number'));
  }
  get attendanceOfMeeting() {
    return this.once('attendanceOfMeeting', () => attendanceOf(this.waves, this.rows, this.person));
  }
  get subItemsOfItem() {
    return this.once('subItemsOfItem', () => childrenOf(this.waves, this.rows, SubItem, 'agendaItem', 'position'));
  }
  get referencesOfItem() {
    return this.once('referencesOfItem', () => managedChildrenOf(this.waves, this.em, ItemReference, 'agendaItem', { createdAt: 'asc' }, (r) => r.agendaItem.id));
  }
  get disqualificationsOfItem() {
    return this.once('disqualificationsOfItem', () => managedChildrenOf(this.waves, this.em, Disqualification, 'agendaItem', { createdAt: 'asc' }, (r) => r.agendaItem.id));
  }
  get protocolEntriesOfItem() {
    return this.once('protocolEntriesOfItem', () => managedChildrenOf(this.waves, this.em, ProtocolEntry, 'agendaItem', { position: 'asc' }, (r) => r.agendaItem.id));
  }
  get disqualificationsOfMeetingItems() {
    return this.once('disqualificationsOfMeetingItems', () =>
      loaderOf<string, Disqualification[]>(this.waves, async (meetingIds) => {
        const rows = await this.em().find(Disqualification, { agendaItem: { meeting: { $in: [...meetingIds] } } }, { populate: ['agendaItem'] });
        return meetingIds.map((id) => rows.filter((r) => r.agendaItem.meeting.id === id));
      }),
    );
  }
  get membershipsOfPerson() {
    return this.once('membershipsOfPerson', () => managedChildrenOf(this.waves, this.em, Membership, 'person', { createdAt: 'asc' }, (r) => r.person.id));
  }
  get membershipsOfBody() {
    return this.once('membershipsOfBody', () => managedChildrenOf(this.waves, this.em, Membership, 'body', { createdAt: 'asc' }, (r) => r.body.id));
  }
  get meetingsOfBody() {
    return this.once('meetingsOfBody', () => childrenOf(this.waves, this.rows, Meeting, 'body', 'startsAt'));
  }
  get attachmentsOfItem() {
    return this.once('attachmentsOfItem', () => attachmentsOf(this.waves, this.rows, AgendaItem));
  }
  get attachmentsOfSubItem() {
    return this.once('attachmentsOfSubItem', () => attachmentsOf(this.waves, this.rows, SubItem));
  }
  /** The text extracted from a stored file (by sha256), for search; null until extracted, or for images. */
  get fileText() {
    return this.once('fileText', () =>
      loaderOf<string, string | null>(this.waves, async (shas) => {
        const found = await fileTexts(this.em(), [...shas]);
        return shas.map((sha) => found.get(sha) ?? null);
      }),
    );
  }
}

export function createLoaders(of: EntityManager | LazyEntityManager): Loaders {
  return new Loaders(of);
}

import { wrap, type EntityManager, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { isUuid } from '../services/lookup.js';
import DataLoader from 'dataloader';
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

/** Batches "by id" look-ups of one entity into one `where id in (…)` per tick. */
function byId<T extends WithId>(em: EntityManager, entity: EntityName<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    // What the request already loaded (populated, or found by another loader) is taken from the identity map.
    const known = new Map<string, T>();
    for (const id of ids) {
      const hit = isUuid(id) ? em.getUnitOfWork().getById<T>(entityNameOf(entity), id as never) : undefined;
      if (hit && wrap(hit).isInitialized()) known.set(id, hit);
    }
    const missing = ids.filter((id) => isUuid(id) && !known.has(id));
    if (missing.length) {
      const rows = await em.find(entity, { id: { $in: missing } } as unknown as FilterQuery<T>);
      for (const r of rows) known.set(r.id, r);
    }
    return ids.map((id) => known.get(id) ?? null);
  });
}

function entityNameOf<T>(entity: EntityName<T>): string {
  return typeof entity === 'string' ? entity : (entity as { name: string }).name;
}

/** Batches "children of a parent" look-ups into one query per tick, ordered. */
function childrenOf<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  fk: string,
  orderBy: QueryOrderMap<T>,
  parentId: (row: T) => string,
  populate: string[] = [],
) {
  return new DataLoader<string, T[]>(async (ids) => {
    const rows = await em.find(entity, { [fk]: { $in: [...ids] } } as unknown as FilterQuery<T>, {
      orderBy,
      populate: populate as never,
    });
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const r of rows) groups.get(parentId(r))?.push(r);
    return ids.map((id) => groups.get(id)!);
  });
}

/** Batches the attachments of many items (or sub-items) through their pivot table. */
function attachmentsOf<T extends AgendaItem | SubItem>(em: EntityManager, entity: EntityName<T>) {
  return new DataLoader<string, Attachment[]>(async (ids) => {
    const holders = await em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>, {
      populate: ['attachments'] as never,
      populateOrderBy: { attachments: { number: 'asc' } } as never,
    });
    const map = new Map(holders.map((h) => [h.id, h.attachments.getItems()]));
    return ids.map((id) => map.get(id) ?? []);
  });
}

/**
 * Per-request loaders, so that a nested meeting query costs a fixed number of SQL statements however many items
 * the meeting has (one per level, not one per row).
 */
export function createLoaders(em: EntityManager) {
  return {
    body: byId(em, Body),
    person: byId(em, Person),
    meeting: byId(em, Meeting),
    agendaItem: byId(em, AgendaItem),
    itemsOfMeeting: childrenOf(em, AgendaItem, 'meeting', { position: 'asc' }, (r) => r.meeting.id),
    attachmentsOfMeeting: childrenOf(em, Attachment, 'meeting', { number: 'asc' }, (r) => r.meeting.id),
    attendanceOfMeeting: childrenOf(em, Attendance, 'meeting', { position: 'asc' }, (r) => r.meeting.id, ['person', 'substituteFor']),
    subItemsOfItem: childrenOf(em, SubItem, 'agendaItem', { position: 'asc' }, (r) => r.agendaItem.id),
    referencesOfItem: childrenOf(em, ItemReference, 'agendaItem', { createdAt: 'asc' }, (r) => r.agendaItem.id),
    disqualificationsOfItem: childrenOf(em, Disqualification, 'agendaItem', { createdAt: 'asc' }, (r) => r.agendaItem.id),
    protocolEntriesOfItem: childrenOf(em, ProtocolEntry, 'agendaItem', { position: 'asc' }, (r) => r.agendaItem.id),
    disqualificationsOfMeetingItems: new DataLoader<string, Disqualification[]>(async (meetingIds) => {
      const rows = await em.find(Disqualification, { agendaItem: { meeting: { $in: [...meetingIds] } } }, { populate: ['agendaItem'] });
      return meetingIds.map((id) => rows.filter((r) => r.agendaItem.meeting.id === id));
    }),
    membershipsOfPerson: childrenOf(em, Membership, 'person', { createdAt: 'asc' }, (r) => r.person.id),
    membershipsOfBody: childrenOf(em, Membership, 'body', { createdAt: 'asc' }, (r) => r.body.id),
    meetingsOfBody: childrenOf(em, Meeting, 'body', { startsAt: 'asc' }, (r) => r.body.id),
    attachmentsOfItem: attachmentsOf(em, AgendaItem),
    attachmentsOfSubItem: attachmentsOf(em, SubItem),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

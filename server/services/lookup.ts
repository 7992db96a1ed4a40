import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, Attachment, Body, Meeting, Person, SubItem } from '../../schema/entities/index.js';
import { notFound } from '../errors.js';
import { isUuid } from '../../schema/ids.js';

/** Loads by id or throws NOT_FOUND with a readable message. */
export async function meetingById(em: EntityManager, id: string): Promise<Meeting> {
  const m = await em.findOne(Meeting, { id: asId(id) }, { populate: ['body'] });
  if (!m) throw notFound('Meeting', id);
  return m;
}

export async function itemById(em: EntityManager, id: string): Promise<AgendaItem> {
  const i = await em.findOne(AgendaItem, { id: asId(id) }, { populate: ['meeting', 'meeting.body'] });
  if (!i) throw notFound('Agenda item', id);
  return i;
}

export async function subItemOf(em: EntityManager, item: AgendaItem, letter: string): Promise<SubItem> {
  const s = await em.findOne(SubItem, { agendaItem: item, letter });
  if (!s) throw notFound(`Sub-item ${letter} of item`, item.number);
  return s;
}

export async function subItemById(em: EntityManager, id: string): Promise<SubItem> {
  const s = await em.findOne(SubItem, { id: asId(id) }, { populate: ['agendaItem', 'agendaItem.meeting', 'agendaItem.meeting.body'] });
  if (!s) throw notFound('Sub-item', id);
  return s;
}

export async function bodyById(em: EntityManager, id: string): Promise<Body> {
  const b = await em.findOne(Body, { id: asId(id) });
  if (!b) throw notFound('Body', id);
  return b;
}

export async function personById(em: EntityManager, id: string): Promise<Person> {
  const p = await em.findOne(Person, { id: asId(id) });
  if (!p) throw notFound('Person', id);
  return p;
}

export async function attachmentById(em: EntityManager, id: string): Promise<Attachment> {
  const a = await em.findOne(Attachment, { id: asId(id) }, { populate: ['meeting', 'meeting.body'] });
  if (!a) throw notFound('Attachment', id);
  return a;
}

/** An id to look up: the UUID itself, or one that matches nothing. */
export function asId(id: string): string {
  return isUuid(id) ? id.toLowerCase() : '00000000-0000-0000-0000-000000000000';
}

import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, type Meeting } from '../../schema/entities/index.js';
import { lockNumbering } from '../db/numbering-lock.js';
import { osloParts } from '../documents/norwegian-dates.js';

/**
 * Item numbers run per body and year ("21/2017"). A meeting's items form one block: while its agenda is open they are
 * renumbered in position order, continuing after the highest number the body has used that year in other meetings;
 * once the notice is sent they are frozen and a late item gets the next free number.
 */
export async function highestSequence(em: EntityManager, meeting: Meeting, year: number, includeOwn: boolean): Promise<number> {
  const where = includeOwn
    ? { body: meeting.body, year }
    : { body: meeting.body, year, meeting: { $ne: meeting } };
  const top = await em.findOne(AgendaItem, where, { orderBy: { sequence: 'desc' }, fields: ['sequence'] });
  return top?.sequence ?? 0;
}

/**
 * Called first in every transaction that gives out or changes item numbers of a body (before it reads any): another
 * such transaction waits until this one has committed, so two secretaries adding saker at once never get one number.
 */
export function serializeItemNumbers(em: EntityManager, bodyId: string): Promise<void> {
  return lockNumbering(em, `items:${bodyId}`);
}

/** Likewise for the vedlegg numbers of one meeting. */
export function serializeAttachmentNumbers(em: EntityManager, meeting: Meeting): Promise<void> {
  return lockNumbering(em, `attachments:${meeting.id}`);
}

/** Renumbers an open meeting's items (given in their new order) and sets their positions 1…n. Flushes. */
export async function renumberOpenAgenda(em: EntityManager, meeting: Meeting, ordered: AgendaItem[]): Promise<void> {
  const year = osloParts(meeting.startsAt).year;
  const base = await highestSequence(em, meeting, year, false);
  // Two steps so that the unique (body, year, sequence) index never sees two rows with the same number mid-way.
  ordered.forEach((item, i) => {
    item.sequence = -(i + 1);
    item.year = year;
  });
  await em.flush();
  ordered.forEach((item, i) => {
    item.sequence = base + i + 1;
    item.position = i + 1;
    item.numberSuffix = '';
  });
  await em.flush();
}

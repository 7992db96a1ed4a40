/**
 * Reads for the open-data API, always as the public viewer: meetings by page (in SQL, so a body with hundreds of
 * meetings costs one page), and the small lists (utvalg, persons, memberships) whole.
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AgendaItem, Attachment, Attendance, Body, Meeting, Membership, Organisation, Person, SubItem } from '../../schema/entities/index.js';
import type { Viewer } from '../auth/viewer.js';
import { isUuid } from '../../schema/ids.js';
import { latest, meetingChanges, meetingsChangedSince } from '../services/meeting-changes.js';
import type { ItemBundle, MeetingBundle, VedleggFile } from './oparl-objects.js';
import type { ListQuery } from './oparl-lists.js';
import { meetingVisible, minutesOpen, publicAttachments, publicItem, publicMeetingsWhere, publicParticipants } from './oparl-visibility.js';

const BY_CREATION = { createdAt: 'asc', id: 'asc' } as const;

export class OparlStore {
  constructor(
    readonly em: EntityManager,
    readonly viewer: Viewer,
  ) {}

  organisations(): Promise<Organisation[]> {
    return this.em.find(Organisation, {}, { orderBy: BY_CREATION });
  }

  organisation(id: string): Promise<Organisation | null> {
    return isUuid(id) ? this.em.findOne(Organisation, { id: id.toLowerCase() }) : Promise.resolve(null);
  }

  bodiesOf(organisationId: string): Promise<Body[]> {
    return this.em.find(Body, { organisation: organisationId }, { orderBy: BY_CREATION });
  }

  body(id: string): Promise<Body | null> {
    return isUuid(id) ? this.em.findOne(Body, { id: id.toLowerCase() }) : Promise.resolve(null);
  }

  membershipsOf(bodyIds: string[]): Promise<Membership[]> {
    return this.em.find(Membership, { body: { $in: bodyIds } }, { orderBy: BY_CREATION });
  }

  membership(id: string): Promise<Membership | null> {
    return isUuid(id) ? this.em.findOne(Membership, { id: id.toLowerCase() }) : Promise.resolve(null);
  }

  /** Persons of an organisation: members of its utvalg, and those in the public referat of its meetings. */
  async personsOf(organisationId: string): Promise<Array<{ person: Person; memberships: Membership[] }>> {
    const bodyIds = (await this.bodiesOf(organisationId)).map((b) => b.id);
    const memberships = await this.membershipsOf(bodyIds);
    const meetings = await this.em.find(Meeting, this.meetingsWhere(bodyIds, {}));
    const attendance = meetings.length ? await this.em.find(Attendance, { meeting: { $in: meetings.map((m) => m.id) } }) : [];
    const ids = new Set(memberships.map((m) => m.person.id));
    for (const m of meetings) publicParticipants(this.viewer, m, attendance.filter((a) => a.meeting.id === m.id)).forEach((id) => ids.add(id));
    const persons = ids.size ? await this.em.find(Person, { id: { $in: [...ids] } }, { orderBy: BY_CREATION }) : [];
    return persons.map((person) => ({ person, memberships: memberships.filter((m) => m.person.id === person.id) }));
  }

  async person(id: string): Promise<{ person: Person; memberships: Membership[] } | null> {
    const person = isUuid(id) ? await this.em.findOne(Person, { id: id.toLowerCase() }) : null;
    if (!person) return null;
    return { person, memberships: await this.em.find(Membership, { person }, { orderBy: BY_CREATION }) };
  }

  /** The meetings of the given utvalg the public may see, with the list's filters, as one SQL condition. */
  meetingsWhere(bodyIds: string[], q: Partial<ListQuery>, changedIds: string[] = []): FilterQuery<Meeting> {
    const parts: FilterQuery<Meeting>[] = [{ body: { $in: bodyIds } }];
    const visible = publicMeetingsWhere(this.viewer);
    if (visible) parts.push(visible);
    if (q.createdSince) parts.push({ createdAt: { $gte: q.createdSince } });
    if (q.createdUntil) parts.push({ createdAt: { $lte: q.createdUntil } });
    if (q.modifiedSince) parts.push({ $or: [{ updatedAt: { $gte: q.modifiedSince } }, { id: { $in: changedIds } }] });
    return { $and: parts };
  }

  /** One page of meetings (oldest first), and how many match in all. */
  async meetingsPage(bodyIds: string[], q: ListQuery): Promise<{ rows: MeetingBundle[]; total: number }> {
    const changed = q.modifiedSince ? await meetingsChangedSince(this.em, q.modifiedSince) : [];
    const [meetings, total] = await this.em.findAndCount(Meeting, this.meetingsWhere(bodyIds, q, changed), {
      orderBy: { startsAt: 'asc', id: 'asc' },
      limit: q.limit,
      offset: (q.page - 1) * q.limit,
    });
    return { rows: await this.bundles(meetings), total };
  }

  async meeting(id: string): Promise<MeetingBundle | null> {
    const m = isUuid(id) ? await this.em.findOne(Meeting, { id: id.toLowerCase() }) : null;
    return m && meetingVisible(this.viewer, m) ? ((await this.bundles([m]))[0] ?? null) : null;
  }

  /** Meetings with their agenda, attendance and vedlegg as the public may see them. */
  async bundles(meetings: Meeting[]): Promise<MeetingBundle[]> {
    if (!meetings.length) return [];
    const ids = meetings.map((m) => m.id);
    const items = await this.em.find(
      AgendaItem,
      { meeting: { $in: ids } },
      { populate: ['attachments', 'subItems', 'subItems.attachments'], orderBy: { position: 'asc' } },
    );
    const attendance = await this.em.find(Attendance, { meeting: { $in: ids } });
    const stored = await this.em.find(Attachment, { meeting: { $in: ids }, $or: [{ url: { $ne: null } }, { sha256: { $ne: null } }] }, { orderBy: { number: 'asc' } });
    const changes = await meetingChanges(this.em, ids);
    const bodies = new Map((await this.em.find(Body, { id: { $in: [...new Set(meetings.map((m) => m.body.id))] } })).map((b) => [b.id, b]));
    return meetings.map((m) => {
      const own = items.filter((i) => i.meeting.id === m.id);
      const links = own.flatMap((item) => attachmentIdsOf(item).map((attachmentId) => ({ attachmentId, item })));
      const visible = publicAttachments(this.viewer, m, stored.filter((a) => a.meeting.id === m.id), links);
      const files: VedleggFile[] = visible.map((attachment) => ({
        attachment,
        itemIds: links.filter((l) => l.attachmentId === attachment.id && l.item.public).map((l) => l.item.id),
      }));
      const modified = latest(m.updatedAt, changes.get(m.id)?.lastChangeAt);
      return {
        meeting: m,
        body: bodies.get(m.body.id)!,
        items: own.map((item) => this.itemBundle(m, item, files, changes.get(m.id)?.lastStatusChangeAt ?? null)),
        participantIds: publicParticipants(this.viewer, m, attendance.filter((a) => a.meeting.id === m.id)),
        files,
        minutesOpen: minutesOpen(this.viewer, m),
        modified,
      };
    });
  }

  /** An item's modified: its row, its sub-items' rows, and its meeting's last status change (which changes redaction). */
  private itemBundle(m: Meeting, raw: AgendaItem, files: VedleggFile[], statusChangedAt: Date | null): ItemBundle {
    const subs = raw.subItems.getItems().sort((a, b) => a.position - b.position);
    const { item, subItems } = publicItem(this.viewer, m, raw, subs);
    const modified = [...subs.map((s) => s.updatedAt), statusChangedAt].reduce<Date>((a, b) => latest(a, b), raw.updatedAt);
    return { item, subItems, files: files.filter((f) => f.itemIds.includes(raw.id)), modified };
  }

  /** One page of the agenda items of an organisation's public meetings, in meeting and agenda order. */
  async itemsPage(organisationId: string, q: ListQuery): Promise<{ rows: Array<{ meeting: MeetingBundle; item: ItemBundle }>; total: number }> {
    const bodyIds = (await this.bodiesOf(organisationId)).map((b) => b.id);
    const parts: FilterQuery<AgendaItem>[] = [{ meeting: this.meetingsWhere(bodyIds, {}) }];
    if (q.createdSince) parts.push({ createdAt: { $gte: q.createdSince } });
    if (q.createdUntil) parts.push({ createdAt: { $lte: q.createdUntil } });
    if (q.modifiedSince) {
      const since = q.modifiedSince;
      const viaSubs = (await this.em.find(SubItem, { updatedAt: { $gte: since } }, { fields: ['agendaItem'] })).map((s) => s.agendaItem.id);
      const statusChanged = await meetingsChangedSince(this.em, since, true);
      parts.push({ $or: [{ updatedAt: { $gte: since } }, { meeting: { $in: statusChanged } }, { id: { $in: viaSubs } }] });
    }
    const [found, total] = await this.em.findAndCount(AgendaItem, { $and: parts }, {
      orderBy: { meeting: { startsAt: 'asc', id: 'asc' }, position: 'asc' },
      limit: q.limit,
      offset: (q.page - 1) * q.limit,
    });
    const meetingIds = [...new Set(found.map((i) => i.meeting.id))];
    const meetings = await this.bundles(meetingIds.length ? await this.em.find(Meeting, { id: { $in: meetingIds } }) : []);
    const rows = found.map((i) => {
      const meeting = meetings.find((b) => b.meeting.id === i.meeting.id)!;
      return { meeting, item: meeting.items.find((b) => b.item.id === i.id)! };
    });
    return { rows, total };
  }

  async item(id: string): Promise<{ meeting: MeetingBundle; item: ItemBundle } | null> {
    const found = isUuid(id) ? await this.em.findOne(AgendaItem, { id: id.toLowerCase() }) : null;
    const meeting = found ? await this.meeting(found.meeting.id) : null;
    const item = meeting?.items.find((b) => b.item.id === found!.id);
    return meeting && item ? { meeting, item } : null;
  }

  /** Every meeting of the organisation the public may see, without agendas: for the File list. */
  async meetingsOf(organisationId: string): Promise<MeetingBundle[]> {
    const bodyIds = (await this.bodiesOf(organisationId)).map((b) => b.id);
    return this.bundles(await this.em.find(Meeting, this.meetingsWhere(bodyIds, {}), { orderBy: { startsAt: 'asc', id: 'asc' } }));
  }
}

function attachmentIdsOf(item: AgendaItem): string[] {
  const own = item.attachments.getItems().map((a) => a.id);
  const subs = item.subItems.getItems().flatMap((s) => s.attachments.getItems().map((a) => a.id));
  return [...new Set([...own, ...subs])];
}

import type { EntityManager } from '@mikro-orm/core';
import {
  AgendaItem,
  Attachment,
  Attendance,
  Body,
  Decision,
  ItemReference,
  Meeting,
  Membership,
  Organisation,
  Person,
  ProposedDecision,
  SubItem,
} from '../../../schema/entities/index.js';
import {
  AgendaItemKind,
  AttendanceRole,
  AttendanceStatus,
  BodyKind,
  MeetingStatus,
  MembershipRole,
  ReferenceKind,
} from '../../../schema/enums.js';
import { exampleData, type ExampleData, type ExampleDecision, type ExampleProposedDecision } from './example-data.js';

function instant(iso: string): Date;
function instant(iso: string | null): Date | null;
function instant(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

function decision(d: ExampleDecision | null): Decision | null {
  if (!d) return null;
  const out = new Decision();
  out.text = d.text;
  out.adoptedAt = instant(d.adoptedAt);
  out.voteOutcome = null;
  return out;
}

function proposed(p: ExampleProposedDecision | null): ProposedDecision | null {
  if (!p) return null;
  const out = new ProposedDecision();
  out.text = p.text;
  out.formulatedInMeeting = p.formulatedInMeeting;
  return out;
}

function must<T>(map: Map<string | number, T>, key: string | number, what: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`example data: unknown ${what} ${String(key)}`);
  return v;
}

/**
 * Seeds the example (Vestregionen, Rådmannsgruppen 14.09.2017) into an empty database.
 * Returns false and changes nothing when any organisation exists already.
 */
export async function seedExample(em: EntityManager): Promise<boolean> {
  const data: ExampleData = exampleData;
  return em.transactional(async (tx) => {
    if ((await tx.count(Organisation, {})) > 0) return false;

    const organisation = new Organisation();
    organisation.name = data.organisation.name;
    organisation.slug = data.organisation.slug;
    tx.persist(organisation);

    const bodies = new Map<string | number, Body>();
    for (const b of data.bodies) {
      const body = new Body();
      body.organisation = organisation;
      body.name = b.name;
      body.slug = b.slug;
      body.kind = BodyKind[b.kind];
      organisation.bodies.add(body);
      tx.persist(body);
      bodies.set(b.slug, body);
    }

    const persons = new Map<string | number, Person>();
    for (const p of data.persons) {
      if (persons.has(p.name)) throw new Error(`example data: duplicate person ${p.name}`);
      const person = new Person();
      person.name = p.name;
      person.municipality = p.municipality;
      tx.persist(person);
      persons.set(p.name, person);
    }

    for (const m of data.memberships) {
      const membership = new Membership();
      membership.person = must(persons, m.person, 'person');
      membership.body = must(bodies, m.body, 'body');
      membership.role = MembershipRole[m.role];
      membership.validFrom = m.validFrom;
      membership.validTo = m.validTo;
      tx.persist(membership);
    }

    // Meetings first, so that items can refer to earlier meetings.
    const meetings = new Map<string | number, Meeting>();
    for (const m of data.meetings) {
      const meeting = new Meeting();
      meeting.body = must(bodies, m.body, 'body');
      meeting.title = m.title;
      meeting.status = MeetingStatus[m.status];
      meeting.startsAt = instant(m.startsAt);
      meeting.endsAt = instant(m.endsAt);
      meeting.location = m.location;
      meeting.actualStartsAt = instant(m.actualStartsAt);
      meeting.actualEndsAt = instant(m.actualEndsAt);
      meeting.actualLocation = m.actualLocation;
      meeting.noticeSentAt = instant(m.noticeSentAt);
      meeting.minutesApprovedAt = instant(m.minutesApprovedAt);
      meeting.noticeApproval = decision(m.noticeApproval);
      tx.persist(meeting);
      meetings.set(m.key, meeting);
    }

    for (const m of data.meetings) {
      const meeting = must(meetings, m.key, 'meeting');

      const attachments = new Map<string | number, Attachment>();
      for (const a of m.attachments) {
        const attachment = new Attachment();
        attachment.meeting = meeting;
        attachment.number = a.number;
        attachment.title = a.title;
        tx.persist(attachment);
        attachments.set(a.number, attachment);
      }

      const items = new Map<string | number, AgendaItem>();
      for (const i of m.agendaItems) {
        const item = new AgendaItem();
        item.meeting = meeting;
        item.body = meeting.body;
        item.year = i.year;
        item.sequence = i.sequence;
        item.position = i.position;
        item.kind = AgendaItemKind[i.kind];
        item.title = i.title;
        item.introduction = i.introduction;
        item.notes = i.notes;
        item.proposedDecision = proposed(i.proposedDecision);
        item.decision = decision(i.decision);
        item.approvesMinutesOf = i.approvesMinutesOf === null ? null : must(meetings, i.approvesMinutesOf, 'meeting');
        for (const n of i.attachments) item.attachments.add(must(attachments, n, 'attachment'));
        tx.persist(item);
        items.set(i.sequence, item);

        for (const r of i.references) {
          const ref = new ItemReference();
          ref.agendaItem = item;
          ref.kind = ReferenceKind[r.kind];
          ref.meeting = must(meetings, r.meeting, 'meeting');
          ref.citation = r.citation;
          tx.persist(ref);
        }

        for (const s of i.subItems) {
          const sub = new SubItem();
          sub.agendaItem = item;
          sub.letter = s.letter;
          sub.position = s.position;
          sub.title = s.title;
          sub.subtitle = s.subtitle;
          sub.introduction = s.introduction;
          sub.notes = s.notes;
          sub.proposedDecision = proposed(s.proposedDecision);
          sub.decision = decision(s.decision);
          for (const n of s.attachments) sub.attachments.add(must(attachments, n, 'attachment'));
          tx.persist(sub);
        }
      }

      for (const a of m.attendance) {
        const row = new Attendance();
        row.meeting = meeting;
        row.person = must(persons, a.person, 'person');
        row.role = AttendanceRole[a.role];
        row.status = AttendanceStatus[a.status];
        row.substituteFor = a.substituteFor === null ? null : must(persons, a.substituteFor, 'person');
        row.fromItem = a.fromItem === null ? null : must(items, a.fromItem, 'agenda item');
        row.position = a.position;
        tx.persist(row);
      }
    }

    await tx.flush();
    return true;
  });
}

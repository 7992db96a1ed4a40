/**
 * Writes the plain model of a meeting (from a parsed innkalling or referat) into the database: organisation, body,
 * the meeting of that body on that day, persons, attendance, items, sub-items, vedlegg, references, protocol entries
 * and disqualifications. Importing the innkalling and then the referat of a meeting fills one meeting: the innkalling
 * gives planned time and place, items, introductions, forslag til vedtak and vedlegg; the referat actual time and
 * place, attendance, notes, vedtak and the decision on the notice, and marks the meeting held.
 *
 * Everything happens in one transaction; a dry run rolls it back and reports what would have been written.
 * Applying the same document twice changes nothing the second time.
 */
import type { EntityManager } from '@mikro-orm/core';
import {
  AgendaItem,
  Attachment,
  Body,
  Decision,
  Meeting,
  Organisation,
  Person,
  SubItem,
} from '../../../schema/entities/index.js';
import { MeetingStatus } from '../../../schema/enums.js';
import type { MeetingDocument } from '../../../schema/meeting-document.js';
import { emptyReport, type ImportReport } from '../../documents/import-report.js';
import { formatShortDate, osloCalendarDate, osloDayRange, type CalendarDate } from '../../documents/norwegian-dates.js';
import type { UnplacedLine } from '../../documents/parse-common.js';
import type { TextChange } from '../minutes-text-service.js';
import { serializeItemNumbers } from '../numbering.js';
import { applyItems } from './import-items.js';
import { applyAttendance } from './import-records.js';
import { DEFAULT_ORGANISATION, bodyKindFor, describeValue, isoDay, sameValue, slugify } from './import-values.js';

export interface ApplyOptions {
  /** False (a dry run): plan inside a transaction that is rolled back, and report what would change. */
  apply: boolean;
  /** Lines the parser could not place; copied into the report. */
  unplaced?: UnplacedLine[];
  /** Vedlegg titles the document gives, by number. */
  attachmentTitles?: Record<number, string>;
  /** Organisation of a new body when the document names none. Default "Vestregionen". */
  defaultOrganisation?: string;
  /** Who imports, for the audit trail of the texts. */
  userId?: string | null;
}

class Rollback extends Error {}

/** Imports one document; see the module comment. */
/** What writing one document did, for the import service's report and its announcements after the commit. */
export interface WrittenDocument {
  report: ImportReport;
  /** The meeting written (null when the document could not be placed). */
  meetingId: string | null;
  /** The meeting was created by this document (no live document can exist for it yet). */
  meetingCreated: boolean;
  /** Items or sub-items were created. */
  structureChanged: boolean;
  /** Attendance rows were created, changed or removed. */
  attendanceChanged: boolean;
}

/**
 * Writes one document in ONE transaction of `em` (nested in the caller's, if any). Texts of the referat that change
 * on items and sub-items that already exist go through `storeTexts` — the services' one text command — inside the
 * same transaction, after the rest is flushed; a new item's texts are part of creating it. A dry run (apply false)
 * or a locked meeting rolls everything back.
 */
export async function writeDocument(
  em: EntityManager,
  doc: MeetingDocument,
  opts: ApplyOptions,
  storeTexts: (tx: EntityManager, changes: TextChange[], meetingId: string, report: ImportReport) => Promise<void>,
): Promise<WrittenDocument> {
  const start = new Date(doc.startsAt);
  if (Number.isNaN(start.getTime())) throw new Error(`Invalid start time ${JSON.stringify(doc.startsAt)}`);
  const report = emptyReport(doc.kind, doc.body, isoDay(osloCalendarDate(start)));
  report.unplaced = [...(opts.unplaced ?? [])];
  const written: WrittenDocument = { report, meetingId: null, meetingCreated: false, structureChanged: false, attendanceChanged: false };
  try {
    await em.transactional(async (tx) => {
      const writer = new Writer(tx, doc, report, opts);
      await writer.run();
      await tx.flush();
      if (!opts.apply || writer.locked) throw new Rollback();
      await storeTexts(tx, writer.texts, writer.meeting.id, report);
      written.meetingId = writer.meeting.id;
      written.meetingCreated = report.meeting.created;
      written.structureChanged = report.created.some((c) => c.startsWith('sak '));
      written.attendanceChanged = [...report.created, ...report.updated].some((c) => c.startsWith('attendance '));
    });
    report.applied = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return written;
}

export class Writer {
  locked = false;
  /** Changed texts of existing items and sub-items, for the text command. */
  readonly texts: TextChange[] = [];
  meeting!: Meeting;
  body!: Body;
  bodies: Body[] = [];
  persons = new Map<string, Person>();
  newPersons = new Set<Person>();
  attachments = new Map<number, Attachment>();
  items = new Map<string, AgendaItem>();
  readonly start: Date;

  constructor(
    readonly em: EntityManager,
    readonly doc: MeetingDocument,
    readonly report: ImportReport,
    readonly opts: ApplyOptions,
  ) {
    this.start = new Date(doc.startsAt);
  }

  created(what: string): void {
    this.report.created.push(what);
  }

  set<T extends object, K extends keyof T>(entity: T, key: K, value: T[K], label: string, isNew: boolean): boolean {
    if (sameValue(entity[key], value)) return false;
    entity[key] = value;
    if (!isNew) this.report.updated.push(`${label}: ${String(key)} → ${describeValue(value)}`);
    return true;
  }

  get meetingLabel(): string {
    return `meeting ${this.body.name} ${formatShortDate(this.start)}`;
  }

  async run(): Promise<void> {
    await this.resolveBody();
    await this.resolveMeeting();
    if (this.meeting.status === MeetingStatus.MINUTES_APPROVED) {
      this.locked = true;
      this.report.warnings.push(`${this.meetingLabel} has approved (locked) minutes: nothing is changed`);
    }
    await this.loadPersons();
    if (this.doc.kind === 'referat') {
      // Persons first, so that voting lines can name dissenters.
      for (const a of [...this.doc.present, ...this.doc.secretariat, ...this.doc.absent]) {
        this.person(a.name, a.municipality);
        if (a.substituteFor) this.person(a.substituteFor, a.municipality);
      }
    }
    await this.loadAttachments();
    await applyItems(this);
    if (this.doc.kind === 'referat') await applyAttendance(this);
  }

  // ---- organisation, body, meeting

  async resolveBody(): Promise<void> {
    this.bodies = await this.em.find(Body, {}, { populate: ['organisation'] });
    const name = this.doc.body.trim();
    const slug = slugify(name);
    const found = this.bodies.find((b) => b.slug === slug || b.name.toLowerCase() === name.toLowerCase());
    if (found) {
      this.body = found;
      // Its saker may get new numbers: wait for any other transaction numbering this body's saker (numbering.ts).
      await serializeItemNumbers(this.em, found.id);
      return;
    }
    const orgName = this.doc.organisation?.trim() || this.opts.defaultOrganisation || DEFAULT_ORGANISATION;
    let org = await this.em.findOne(Organisation, { $or: [{ slug: slugify(orgName) }, { name: orgName }] });
    if (!org) {
      org = new Organisation();
      org.name = orgName;
      org.slug = slugify(orgName);
      this.em.persist(org);
      this.created(`organisation ${orgName}`);
    }
    const body = new Body();
    body.organisation = org;
    body.name = name;
    body.slug = slug;
    body.kind = bodyKindFor(name);
    this.em.persist(body);
    this.bodies.push(body);
    this.body = body;
    this.created(`body ${name}`);
  }

  async meetingOn(body: Body, day: CalendarDate, near?: Date): Promise<Meeting | null> {
    const { from, to } = osloDayRange(day);
    const found = await this.em.find(Meeting, { body, startsAt: { $gte: from, $lt: to } }, { orderBy: { startsAt: 'asc' } });
    if (!found.length) return null;
    if (!near) return found[0]!;
    return found.reduce((best, m) =>
      Math.abs(m.startsAt.getTime() - near.getTime()) < Math.abs(best.startsAt.getTime() - near.getTime()) ? m : best,
    );
  }

  async resolveMeeting(): Promise<void> {
    const doc = this.doc;
    const end = doc.endsAt ? new Date(doc.endsAt) : null;
    let meeting = await this.meetingOn(this.body, osloCalendarDate(this.start), this.start);
    const isNew = !meeting;
    if (!meeting) {
      meeting = new Meeting();
      meeting.body = this.body;
      meeting.startsAt = this.start;
      meeting.status = doc.kind === 'innkalling' ? MeetingStatus.NOTICE_SENT : MeetingStatus.HELD;
      this.em.persist(meeting);
      this.report.meeting.created = true;
      this.created(`meeting ${this.body.name} ${formatShortDate(this.start)}`);
    }
    this.meeting = meeting;
    const label = this.meetingLabel;
    if (doc.kind === 'innkalling') {
      this.set(meeting, 'startsAt', this.start, label, isNew);
      this.set(meeting, 'endsAt', end, label, isNew);
      this.set(meeting, 'location', doc.location, label, isNew);
      if (meeting.status === MeetingStatus.PLANNED) this.set(meeting, 'status', MeetingStatus.NOTICE_SENT, label, isNew);
    } else {
      this.set(meeting, 'actualStartsAt', this.start, label, isNew);
      this.set(meeting, 'actualEndsAt', end, label, isNew);
      this.set(meeting, 'actualLocation', doc.location, label, isNew);
      if (meeting.status === MeetingStatus.PLANNED || meeting.status === MeetingStatus.NOTICE_SENT) {
        this.set(meeting, 'status', MeetingStatus.HELD, label, isNew);
      }
      if (doc.noticeApproval !== null) {
        const d = meeting.noticeApproval;
        if (!d) {
          meeting.noticeApproval = Object.assign(new Decision(), { text: doc.noticeApproval, adoptedAt: this.start });
          if (!isNew) this.report.updated.push(`${label}: noticeApproval → ${describeValue(doc.noticeApproval)}`);
        } else if (d.text !== doc.noticeApproval) {
          d.text = doc.noticeApproval;
          this.report.updated.push(`${label}: noticeApproval → ${describeValue(doc.noticeApproval)}`);
        }
      }
    }
  }

  // ---- persons and vedlegg

  async loadPersons(): Promise<void> {
    const names = new Set<string>();
    for (const a of [...this.doc.present, ...this.doc.secretariat, ...this.doc.absent]) {
      names.add(a.name);
      if (a.substituteFor) names.add(a.substituteFor);
    }
    for (const i of this.doc.items) for (const d of i.disqualified) names.add(d.name);
    if (!names.size) return;
    const found = await this.em.find(Person, { name: { $in: [...names] } }, { orderBy: { createdAt: 'asc' } });
    for (const p of found) if (!this.persons.has(p.name)) this.persons.set(p.name, p);
  }

  /** The person of a name; created (with the municipality printed) when unknown. */
  person(name: string, municipality: string | null): Person {
    let p = this.persons.get(name);
    if (!p) {
      p = new Person();
      p.name = name;
      p.municipality = municipality;
      this.em.persist(p);
      this.persons.set(name, p);
      this.newPersons.add(p);
      this.created(`person ${name}${municipality ? ` (${municipality})` : ''}`);
    } else if (p.municipality === null && municipality) {
      this.set(p, 'municipality', municipality, `person ${name}`, this.newPersons.has(p));
    }
    return p;
  }

  async loadAttachments(): Promise<void> {
    if (this.report.meeting.created) return;
    const rows = await this.em.find(Attachment, { meeting: this.meeting });
    for (const a of rows) this.attachments.set(a.number, a);
  }

  attachment(n: number): Attachment {
    const title = this.opts.attachmentTitles?.[n]?.trim();
    let a = this.attachments.get(n);
    if (!a) {
      a = new Attachment();
      a.meeting = this.meeting;
      a.number = n;
      a.title = title || `Vedlegg ${n}`;
      this.em.persist(a);
      this.attachments.set(n, a);
      this.created(`vedlegg ${n}${title ? ` ${title}` : ''}`);
    } else if (title && a.title !== title) {
      this.set(a, 'title', title, `vedlegg ${n}`, false);
    }
    return a;
  }

  /** Makes the holder's vedlegg exactly `numbers` (the innkalling) or adds them (the referat). */
  linkAttachments(holder: AgendaItem | SubItem, numbers: number[], label: string, isNew: boolean): void {
    const wanted = [...new Set(numbers)].sort((a, b) => a - b);
    const current = holder.attachments.getItems();
    const have = current.map((a) => a.number).sort((a, b) => a - b);
    if (this.doc.kind === 'referat' && !wanted.length) return;
    const exact = this.doc.kind === 'innkalling';
    for (const n of wanted) if (!have.includes(n)) holder.attachments.add(this.attachment(n));
    if (exact) for (const a of current) if (!wanted.includes(a.number)) holder.attachments.remove(a);
    const after = holder.attachments.getItems().map((a) => a.number).sort((a, b) => a - b);
    if (!isNew && !sameValue(have, after)) this.report.updated.push(`${label}: vedlegg ${after.join('+') || '(none)'}`);
  }

}

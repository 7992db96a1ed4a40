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
  Attendance,
  Body,
  Decision,
  Disqualification,
  ItemReference,
  Meeting,
  Organisation,
  Person,
  ProposedDecision,
  ProtocolEntry,
  SubItem,
} from '../../schema/entities/index.js';
import {
  AgendaItemKind,
  AttendanceRole,
  AttendanceStatus,
  BodyKind,
  MeetingStatus,
  ReferenceKind,
  VoteOutcome,
} from '../../schema/enums.js';
import { parseItemNumber, type ParsedItemNumber } from '../../schema/item-number.js';
import type { DocAttendee, DocDecision, DocItem, DocSubItem, MeetingDocument } from '../../schema/meeting-document.js';
import { emptyReport, type ImportReport } from './import-report.js';
import { findNumericDates, formatClock, formatShortDate, osloCalendarDate, osloDayRange, type CalendarDate } from './norwegian-dates.js';
import { parseVotingText, type UnplacedLine } from './parse-common.js';

export interface ApplyOptions {
  /** False (a dry run): plan inside a transaction that is rolled back, and report what would change. */
  apply: boolean;
  /** Lines the parser could not place; copied into the report. */
  unplaced?: UnplacedLine[];
  /** Vedlegg titles the document gives, by number. */
  attachmentTitles?: Record<number, string>;
  /** Organisation of a new body when the document names none. Default "Vestregionen". */
  defaultOrganisation?: string;
}

export const DEFAULT_ORGANISATION = 'Vestregionen';

class Rollback extends Error {}

/** "Rådmannsgruppen" → "radmannsgruppen". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The kind of a body from its name. */
export function bodyKindFor(name: string): BodyKind {
  if (/rådmann|kommunedirektør|administrativ/i.test(name)) return BodyKind.EXECUTIVE_GROUP;
  if (/styr/i.test(name)) return BodyKind.STEERING_GROUP;
  if (/generalforsamling|representantskap|årsmøte/i.test(name)) return BodyKind.GENERAL_ASSEMBLY;
  return BodyKind.OTHER;
}

/**
 * The kind of an item from its title and texts: "Eventuelt" → any other business; "Referat/Protokoll fra møte i
 * <this body>" → minutes approval, from another body → orientation; "orientering" → orientation; "til drøfting" →
 * discussion; "… tas til orientering" → orientation; an item that only holds sub-items → orientation; else decision.
 */
export function itemKindFor(
  item: { title: string; introduction: string | null; notes: string | null; proposed: string | null; decision: string | null; hasSubItems: boolean },
  bodyName: string,
): AgendaItemKind {
  const title = item.title.trim();
  if (/^eventuelt\b/i.test(title)) return AgendaItemKind.ANY_OTHER_BUSINESS;
  const minutes = /^(referat|protokoll)\b.*?\bfra\b(.*)$/i.exec(title);
  if (minutes) {
    const own = bodyName.toLowerCase();
    const rest = minutes[2]!.toLowerCase();
    const stem = own.replace(/(en|et|a)$/, '');
    return rest.includes(own) || (stem.length > 4 && rest.includes(stem) && !/generalforsamling/.test(rest))
      ? AgendaItemKind.MINUTES_APPROVAL
      : AgendaItemKind.ORIENTATION;
  }
  if (/orienter/i.test(title)) return AgendaItemKind.ORIENTATION;
  const texts = [title, item.introduction ?? '', item.notes ?? ''].join('\n');
  if (/drøft|diskus/i.test(texts) && !/tas til orientering/i.test(item.proposed ?? '')) return AgendaItemKind.DISCUSSION;
  const proposal = `${item.proposed ?? ''}\n${item.decision ?? ''}`;
  if (/til orientering/i.test(proposal)) return AgendaItemKind.ORIENTATION;
  if (!item.proposed && !item.decision && (item.hasSubItems || /^(informasjon|meldinger|referatsaker)\b/i.test(title))) {
    return AgendaItemKind.ORIENTATION;
  }
  return AgendaItemKind.DECISION;
}

const isoDay = (d: CalendarDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (a ?? null) === (b ?? null);
}

/** A value as the report shows it: texts shortened, instants in Oslo time, records by name or number. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (value instanceof Date) return `${formatShortDate(value)} ${formatClock(value)}`;
  if (value instanceof AgendaItem) return `sak ${value.number}`;
  if (value instanceof Person) return value.name;
  if (value instanceof Meeting) return `meeting ${formatShortDate(value.startsAt)}`;
  if (typeof value === 'string') {
    const one = value.replace(/\s+/g, ' ');
    return JSON.stringify(one.length > 60 ? `${one.slice(0, 59)}…` : one);
  }
  return String(value);
}

const ATTENDANCE_WORD: Record<string, string> = {
  PRESENT: 'til stede',
  SECRETARIAT: 'sekretariatet',
  ABSENT_WITH_NOTICE: 'forfall',
};

/** Imports one document; see the module comment. */
export async function applyDocument(em: EntityManager, doc: MeetingDocument, opts: ApplyOptions): Promise<ImportReport> {
  const start = new Date(doc.startsAt);
  if (Number.isNaN(start.getTime())) throw new Error(`Invalid start time ${JSON.stringify(doc.startsAt)}`);
  const report = emptyReport(doc.kind, doc.body, isoDay(osloCalendarDate(start)));
  report.unplaced = [...(opts.unplaced ?? [])];
  try {
    await em.transactional(async (tx) => {
      const writer = new Writer(tx, doc, report, opts);
      await writer.run();
      await tx.flush();
      if (!opts.apply || writer.locked) throw new Rollback();
    });
    report.applied = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return report;
}

interface AttendeeRow {
  attendee: DocAttendee;
  role: AttendanceRole;
  status: AttendanceStatus;
}

class Writer {
  locked = false;
  private meeting!: Meeting;
  private body!: Body;
  private bodies: Body[] = [];
  private persons = new Map<string, Person>();
  private newPersons = new Set<Person>();
  private attachments = new Map<number, Attachment>();
  private items = new Map<string, AgendaItem>();
  private readonly start: Date;

  constructor(
    private readonly em: EntityManager,
    private readonly doc: MeetingDocument,
    private readonly report: ImportReport,
    private readonly opts: ApplyOptions,
  ) {
    this.start = new Date(doc.startsAt);
  }

  private created(what: string): void {
    this.report.created.push(what);
  }

  private set<T extends object, K extends keyof T>(entity: T, key: K, value: T[K], label: string, isNew: boolean): boolean {
    if (sameValue(entity[key], value)) return false;
    entity[key] = value;
    if (!isNew) this.report.updated.push(`${label}: ${String(key)} → ${describeValue(value)}`);
    return true;
  }

  private get meetingLabel(): string {
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
    await this.applyItems();
    if (this.doc.kind === 'referat') await this.applyAttendance();
  }

  // ---- organisation, body, meeting

  private async resolveBody(): Promise<void> {
    this.bodies = await this.em.find(Body, {}, { populate: ['organisation'] });
    const name = this.doc.body.trim();
    const slug = slugify(name);
    const found = this.bodies.find((b) => b.slug === slug || b.name.toLowerCase() === name.toLowerCase());
    if (found) {
      this.body = found;
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

  private async meetingOn(body: Body, day: CalendarDate, near?: Date): Promise<Meeting | null> {
    const { from, to } = osloDayRange(day);
    const found = await this.em.find(Meeting, { body, startsAt: { $gte: from, $lt: to } }, { orderBy: { startsAt: 'asc' } });
    if (!found.length) return null;
    if (!near) return found[0]!;
    return found.reduce((best, m) =>
      Math.abs(m.startsAt.getTime() - near.getTime()) < Math.abs(best.startsAt.getTime() - near.getTime()) ? m : best,
    );
  }

  private async resolveMeeting(): Promise<void> {
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

  private async loadPersons(): Promise<void> {
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
  private person(name: string, municipality: string | null): Person {
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

  private async loadAttachments(): Promise<void> {
    if (this.report.meeting.created) return;
    const rows = await this.em.find(Attachment, { meeting: this.meeting });
    for (const a of rows) this.attachments.set(a.number, a);
  }

  private attachment(n: number): Attachment {
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
  private linkAttachments(holder: AgendaItem | SubItem, numbers: number[], label: string, isNew: boolean): void {
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

  // ---- items

  private async applyItems(): Promise<void> {
    const existing = this.report.meeting.created
      ? []
      : await this.em.find(
          AgendaItem,
          { meeting: this.meeting },
          {
            populate: ['attachments', 'subItems', 'subItems.attachments', 'references', 'protocolEntries', 'disqualifications', 'disqualifications.person'],
            orderBy: { position: 'asc' },
          },
        );
    for (const i of existing) this.items.set(i.number, i);
    const seen = new Set<AgendaItem>();
    for (const [index, docItem] of this.doc.items.entries()) {
      const item = await this.applyItem(docItem, index + 1);
      if (item) seen.add(item);
    }
    for (const i of existing) {
      if (!seen.has(i) && this.doc.items.length) this.report.warnings.push(`sak ${i.number} ${i.title} is not in the document; left as it is`);
    }
  }

  private async applyItem(d: DocItem, position: number): Promise<AgendaItem | null> {
    const num = parseItemNumber(d.number);
    if (!num) {
      this.report.warnings.push(`sak ${d.number}: not an item number; skipped`);
      return null;
    }
    const key = d.number;
    let item = this.items.get(key) ?? null;
    const isNew = !item;
    if (!item) {
      const elsewhere = await this.em.findOne(
            AgendaItem,
            { body: this.body, year: num.year, sequence: num.sequence, numberSuffix: num.suffix },
            { populate: ['meeting'] },
          );
      if (elsewhere && elsewhere.meeting !== this.meeting) {
        this.report.warnings.push(
          `sak ${d.number} already belongs to the meeting of ${formatShortDate(elsewhere.meeting.startsAt)}; skipped`,
        );
        return null;
      }
      item = this.createItem(d, num, position);
    }
    const label = `sak ${item.number}`;
    const placeholder = d.closedLegalBasis !== null && !d.title;
    if (d.title && !placeholder) this.set(item, 'title', d.title, label, isNew);
    // The innkalling orders the agenda; a referat only places the items it adds.
    if (this.doc.kind === 'innkalling') this.set(item, 'position', position, label, isNew);
    if (d.closedLegalBasis !== null) {
      this.set(item, 'public', false, label, isNew);
      this.set(item, 'closedLegalBasis', d.closedLegalBasis || null, label, isNew);
      if (!d.closedLegalBasis) this.report.warnings.push(`${label}: closed to the public without a legal basis (hjemmel)`);
    } else if (this.doc.kind === 'innkalling' || !item.public) {
      this.set(item, 'public', true, label, isNew);
      this.set(item, 'closedLegalBasis', null, label, isNew);
    }
    if (placeholder) return item;

    if (this.doc.kind === 'innkalling') {
      this.set(item, 'introduction', d.introduction, label, isNew);
      this.setProposed(item, d.proposedDecision, d.formulatedInMeeting, label, isNew);
    } else {
      this.set(item, 'notes', d.notes, label, isNew);
      if (d.proposedDecision !== null) this.setProposed(item, d.proposedDecision, d.formulatedInMeeting, label, isNew);
      this.setDecision(item, d.decision, label, isNew);
    }
    this.linkAttachments(item, d.attachments, label, isNew);

    const subs = new Map(item.subItems.getItems().map((s) => [s.letter, s]));
    for (const [i, ds] of d.subItems.entries()) this.applySubItem(item, subs.get(ds.letter) ?? null, ds, i + 1);
    if (d.subItems.length) {
      const letters = new Set(d.subItems.map((s) => s.letter));
      for (const s of subs.values()) {
        if (!letters.has(s.letter)) this.report.warnings.push(`${label} ${s.letter} ${s.title} is not in the document; left as it is`);
      }
    }

    if (isNew || this.doc.kind === 'innkalling') {
      const kind = itemKindFor(
        {
          title: item.title,
          introduction: item.introduction,
          notes: item.notes,
          proposed: item.proposedDecision?.text ?? null,
          decision: item.decision?.text ?? null,
          hasSubItems: item.subItems.length > 0,
        },
        this.body.name,
      );
      this.set(item, 'kind', kind, label, isNew);
    }
    await this.applyReferences(item, label, isNew);
    if (this.doc.kind === 'referat') {
      this.applyProtocolEntries(item, d.protocolEntries, label, isNew);
      this.applyDisqualifications(item, d.disqualified, label, isNew);
    }
    return item;
  }

  private createItem(d: DocItem, num: ParsedItemNumber, position: number): AgendaItem {
    const item = new AgendaItem();
    item.meeting = this.meeting;
    item.body = this.body;
    item.year = num.year;
    item.sequence = num.sequence;
    item.numberSuffix = num.suffix;
    item.position =
      this.doc.kind === 'innkalling' ? position : Math.max(0, ...[...this.items.values()].map((i) => i.position)) + 1;
    item.title = d.title || `Sak ${d.number}`;
    this.em.persist(item);
    this.items.set(item.number, item);
    this.created(`sak ${item.number} ${item.title}`);
    return item;
  }

  private applySubItem(item: AgendaItem, sub: SubItem | null, d: DocSubItem, position: number): void {
    const isNew = !sub;
    if (!sub) {
      sub = new SubItem();
      sub.agendaItem = item;
      sub.letter = d.letter;
      sub.position = position;
      sub.title = d.title;
      this.em.persist(sub);
      item.subItems.add(sub);
      this.created(`sak ${item.number} ${d.letter} ${d.title}`);
    }
    const label = `sak ${item.number} ${d.letter}`;
    if (d.title) this.set(sub, 'title', d.title, label, isNew);
    this.set(sub, 'position', position, label, isNew);
    if (this.doc.kind === 'innkalling') {
      this.set(sub, 'subtitle', d.subtitle, label, isNew);
      this.set(sub, 'introduction', d.introduction, label, isNew);
      this.setProposed(sub, d.proposedDecision, d.proposedDecision !== null && /^formuleres i møtet\.?$/i.test(d.proposedDecision.trim()), label, isNew);
    } else {
      if (d.subtitle !== null) this.set(sub, 'subtitle', d.subtitle, label, isNew);
      this.set(sub, 'notes', d.notes, label, isNew);
      if (d.proposedDecision !== null) this.setProposed(sub, d.proposedDecision, /^formuleres i møtet\.?$/i.test(d.proposedDecision.trim()), label, isNew);
      this.setDecision(sub, d.decision, label, isNew);
    }
    this.linkAttachments(sub, d.attachments, label, isNew);
  }

  private setProposed(holder: AgendaItem | SubItem, text: string | null, formulated: boolean, label: string, isNew: boolean): void {
    const cur = holder.proposedDecision;
    if (text === null) {
      if (cur) {
        holder.proposedDecision = null;
        if (!isNew) this.report.updated.push(`${label}: proposedDecision → (none)`);
      }
      return;
    }
    if (cur && cur.text === text && cur.formulatedInMeeting === formulated) return;
    holder.proposedDecision = Object.assign(new ProposedDecision(), { text, formulatedInMeeting: formulated });
    if (!isNew) this.report.updated.push(`${label}: proposedDecision → ${describeValue(text)}`);
  }

  private setDecision(holder: AgendaItem | SubItem, d: DocDecision | null, label: string, isNew: boolean): void {
    const cur = holder.decision;
    if (d === null) {
      if (cur) {
        holder.decision = null;
        if (!isNew) this.report.updated.push(`${label}: decision → (none)`);
      }
      return;
    }
    const vote = d.voting ? parseVotingText(d.voting) : null;
    if (d.voting && !vote) this.report.warnings.push(`${label}: voting "${d.voting}" not understood; kept out`);
    const dissenters = vote?.dissenters.length
      ? vote.dissenters.map((n) => {
          const p = this.persons.get(n);
          if (!p) this.report.warnings.push(`${label}: dissenter ${n} is not a known person`);
          return p;
        })
      : [];
    const dissenterIds = dissenters.every((p) => p?.id) && dissenters.length ? dissenters.map((p) => p!.id) : null;
    const next = {
      text: d.text,
      voteOutcome: vote ? VoteOutcome[vote.outcome] : null,
      votesFor: vote?.votesFor ?? null,
      votesAgainst: vote?.votesAgainst ?? null,
      votesBlank: vote?.votesBlank ?? null,
      dissenterIds,
    };
    if (cur) {
      let changed = false;
      for (const k of Object.keys(next) as (keyof typeof next)[]) {
        if (!sameValue(cur[k], next[k])) {
          (cur as unknown as Record<string, unknown>)[k] = next[k];
          changed = true;
        }
      }
      if (changed && !isNew) this.report.updated.push(`${label}: decision → ${describeValue(d.text)}`);
      return;
    }
    const adoptedAt = this.meeting.actualEndsAt ?? this.meeting.actualStartsAt ?? this.meeting.startsAt;
    holder.decision = Object.assign(new Decision(), next, { adoptedAt });
    if (!isNew) this.report.updated.push(`${label}: decision → ${describeValue(d.text)}`);
  }

  // ---- references

  private findBody(hint: string | null): Body {
    if (!hint) return this.body;
    const h = hint.toLowerCase().replace(/s$/, '');
    return (
      this.bodies.find((b) => b.name.toLowerCase() === hint.toLowerCase()) ??
      this.bodies.find((b) => {
        const n = b.name.toLowerCase();
        return n.replace(/(en|et)$/, '') === h.replace(/(en|et)$/, '') || n.includes(h) || h.includes(n);
      }) ??
      this.body
    );
  }

  /** "Referat fra møte i Styringsgruppen" → the Styringsgruppen body, when it exists. */
  private bodyInTitle(title: string): string | null {
    const m = /\bfra\s+(?:møte\s+i\s+|\p{L}+s\s+)?(\p{L}+)\s*$/iu.exec(title);
    return m ? m[1]! : null;
  }

  private async applyReferences(item: AgendaItem, label: string, isNew: boolean): Promise<void> {
    const text = item.introduction ?? '';
    const cites: { citation: string; bodyHint: string | null; date: CalendarDate; itemNumber: string | null }[] = [];
    const taken: [number, number][] = [];
    const overlaps = (i: number, len: number) => taken.some(([a, b]) => i < b && i + len > a);
    const patterns: [RegExp, (m: RegExpExecArray) => { bodyHint: string | null; itemNumber: string | null }][] = [
      [
        /\bjf\.?\s+vedtak\s+i\s+(\p{L}+)\s+(\d{1,2}\.\d{1,2}\.\d{4})(?:,\s*sak\s+(\d{1,4}\s*\/\s*\d{2,4}))?/giu,
        (m) => ({ bodyHint: m[1]!, itemNumber: m[3] ?? null }),
      ],
      [
        /\b(?:referat|protokoll)\s+fra\s+(møte|generalforsamling)(?:\s+i\s+(\p{L}+))?\s+\d{1,2}\.\d{1,2}\.\d{4}/giu,
        (m) => ({
          bodyHint: m[1]!.toLowerCase() === 'generalforsamling' ? 'generalforsamling' : (m[2] ?? this.bodyInTitle(item.title)),
          itemNumber: null,
        }),
      ],
      [
        /\b(møte|generalforsamling(?:en)?)\s+(?:i\s+(\p{L}+)\s+)?\d{1,2}\.\d{1,2}\.\d{4}/giu,
        (m) => ({
          bodyHint: /^generalforsamling/i.test(m[1]!) ? 'generalforsamling' : (m[2] ?? this.bodyInTitle(item.title)),
          itemNumber: null,
        }),
      ],
    ];
    for (const [re, hint] of patterns) {
      for (const m of text.matchAll(re)) {
        if (overlaps(m.index, m[0].length)) continue;
        const date = findNumericDates(m[0])[0];
        if (!date) continue;
        taken.push([m.index, m.index + m[0].length]);
        cites.push({ citation: m[0], date, ...hint(m as RegExpExecArray) });
      }
    }

    const existing = isNew ? [] : item.references.getItems();
    for (const c of cites) {
      const body = this.findBody(c.bodyHint);
      let target: AgendaItem | null = null;
      if (c.itemNumber) {
        const n = parseItemNumber(c.itemNumber);
        if (n && body.id) {
          target = await this.em.findOne(
            AgendaItem,
            { body, year: n.year, sequence: n.sequence, numberSuffix: n.suffix },
            { populate: ['meeting'] },
          );
        }
      }
      const meeting = target?.meeting ?? (await this.meetingOn(body, c.date));
      if (!meeting || meeting === this.meeting) continue;
      if (existing.some((r) => r.citation === c.citation)) continue;
      const ref = new ItemReference();
      ref.agendaItem = item;
      ref.kind = target ? ReferenceKind.AGENDA_ITEM : ReferenceKind.MEETING;
      ref.meeting = meeting;
      ref.item = target;
      ref.citation = c.citation;
      this.em.persist(ref);
      item.references.add(ref);
      this.created(`reference ${label} → ${body.name} ${formatShortDate(meeting.startsAt)} ("${c.citation}")`);
    }

    if (item.kind === AgendaItemKind.MINUTES_APPROVAL) {
      const source = `${item.title}\n${item.introduction ?? ''}\n${item.notes ?? ''}`;
      const m = /\bmøte\s+(\d{1,2}\.\d{1,2}\.\d{4})/i.exec(source);
      const date = m ? findNumericDates(m[1]!)[0] : undefined;
      const previous = date ? await this.meetingOn(this.body, date) : null;
      if (previous && previous !== this.meeting) this.set(item, 'approvesMinutesOf', previous, label, isNew);
    }
  }

  // ---- protocol entries and disqualifications

  private applyProtocolEntries(item: AgendaItem, texts: string[], label: string, isNew: boolean): void {
    const current = isNew ? [] : item.protocolEntries.getItems().sort((a, b) => a.position - b.position);
    texts.forEach((text, i) => {
      const by = /^fra ([^:]+):/.exec(text);
      const person = by ? (this.persons.get(by[1]!.trim()) ?? null) : null;
      const row = current[i];
      if (row) {
        if (row.text !== text) {
          row.text = text;
          this.report.updated.push(`${label}: protokolltilførsel ${i + 1}`);
        }
        if (person && row.person !== person) row.person = person;
        return;
      }
      const entry = new ProtocolEntry();
      entry.agendaItem = item;
      entry.text = text;
      entry.position = i + 1;
      entry.person = person;
      this.em.persist(entry);
      item.protocolEntries.add(entry);
      this.created(`protokolltilførsel ${label}: ${text.slice(0, 60)}`);
    });
    for (const extra of current.slice(texts.length)) {
      this.em.remove(extra);
      this.report.updated.push(`${label}: protokolltilførsel ${extra.position} removed`);
    }
  }

  private applyDisqualifications(item: AgendaItem, list: DocItem['disqualified'], label: string, isNew: boolean): void {
    const current = isNew ? [] : item.disqualifications.getItems();
    const keep = new Set<Disqualification>();
    for (const d of list) {
      const person = this.person(d.name, null);
      let row = current.find((r) => r.person === person);
      if (!row) {
        row = new Disqualification();
        row.agendaItem = item;
        row.person = person;
        row.legalBasis = d.legalBasis;
        this.em.persist(row);
        item.disqualifications.add(row);
        this.created(`inhabil ${label}: ${d.name}`);
      } else this.set(row, 'legalBasis', d.legalBasis, `${label} inhabil ${d.name}`, false);
      keep.add(row);
    }
    for (const r of current) {
      if (!keep.has(r)) {
        this.em.remove(r);
        this.report.updated.push(`${label}: inhabil ${r.person.name} removed`);
      }
    }
  }

  // ---- attendance

  private async applyAttendance(): Promise<void> {
    const rows: AttendeeRow[] = [
      ...this.doc.present.map((a) => ({
        attendee: a,
        role: a.substituteFor ? AttendanceRole.SUBSTITUTE : AttendanceRole.MEMBER,
        status: AttendanceStatus.PRESENT,
      })),
      ...this.doc.secretariat.map((a) => ({ attendee: a, role: AttendanceRole.SECRETARIAT, status: AttendanceStatus.PRESENT })),
      ...this.doc.absent.map((a) => ({ attendee: a, role: AttendanceRole.MEMBER, status: AttendanceStatus.ABSENT_WITH_NOTICE })),
    ];
    if (!rows.length) return;
    const current = this.report.meeting.created
      ? []
      : await this.em.find(Attendance, { meeting: this.meeting }, { populate: ['person', 'substituteFor', 'fromItem', 'untilItem'] });
    const byPerson = new Map(current.map((r) => [r.person, r]));
    const keep = new Set<Attendance>();
    let position = 0;
    for (const { attendee: a, role, status } of rows) {
      const person = this.person(a.name, a.municipality);
      const substituteFor = a.substituteFor ? this.person(a.substituteFor, a.municipality) : null;
      let row = byPerson.get(person);
      if (row && keep.has(row)) {
        this.report.warnings.push(`${a.name} is listed twice in the attendance; the second listing is ignored`);
        continue;
      }
      position++;
      const isNew = !row;
      if (!row) {
        row = new Attendance();
        row.meeting = this.meeting;
        row.person = person;
        this.em.persist(row);
        byPerson.set(person, row);
        this.created(`attendance ${a.name} (${ATTENDANCE_WORD[role === AttendanceRole.SECRETARIAT ? 'SECRETARIAT' : status]})`);
      }
      keep.add(row);
      const label = `attendance ${a.name}`;
      this.set(row, 'position', position, label, isNew);
      this.set(row, 'role', role, label, isNew);
      this.set(row, 'status', status, label, isNew);
      this.set(row, 'substituteFor', substituteFor, label, isNew);
      const representing = a.municipality && person.municipality && person.municipality !== a.municipality ? a.municipality : null;
      this.set(row, 'representing', representing, label, isNew);
      this.set(row, 'fromItem', this.itemByNumber(a.fromItem, a.name), label, isNew);
      this.set(row, 'untilItem', this.itemByNumber(a.untilItem, a.name), label, isNew);
    }
    for (const r of current) {
      if (!keep.has(r)) {
        this.em.remove(r);
        this.report.updated.push(`attendance ${r.person.name}: removed (not in the referat)`);
      }
    }
  }

  private itemByNumber(number: string | null, who: string): AgendaItem | null {
    if (!number) return null;
    const item = this.items.get(number) ?? null;
    if (!item) this.report.warnings.push(`${who}: sak ${number} is not on this meeting's agenda`);
    return item;
  }
}

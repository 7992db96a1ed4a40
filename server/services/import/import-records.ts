/** The referat's records of an import: protocol entries, disqualifications and attendance. */
import { Attendance, Disqualification, ProtocolEntry, type AgendaItem } from '../../../schema/entities/index.js';
import { AttendanceRole, AttendanceStatus } from '../../../schema/enums.js';
import type { DocAttendee, DocItem } from '../../../schema/meeting-document.js';
import type { Writer } from './document-writer.js';
import { ATTENDANCE_WORD } from './import-values.js';

interface AttendeeRow {
  attendee: DocAttendee;
  role: AttendanceRole;
  status: AttendanceStatus;
}

export function applyProtocolEntries(w: Writer, item: AgendaItem, texts: string[], label: string, isNew: boolean): void {
  const current = isNew ? [] : item.protocolEntries.getItems().sort((a, b) => a.position - b.position);
  texts.forEach((text, i) => {
    const by = /^fra ([^:]+):/.exec(text);
    const person = by ? (w.persons.get(by[1]!.trim()) ?? null) : null;
    const row = current[i];
    if (row) {
      if (row.text !== text) {
        row.text = text;
        w.report.updated.push(`${label}: protokolltilførsel ${i + 1}`);
      }
      if (person && row.person !== person) row.person = person;
      return;
    }
    const entry = new ProtocolEntry();
    entry.agendaItem = item;
    entry.text = text;
    entry.position = i + 1;
    entry.person = person;
    w.em.persist(entry);
    item.protocolEntries.add(entry);
    w.created(`protokolltilførsel ${label}: ${text.slice(0, 60)}`);
  });
  for (const extra of current.slice(texts.length)) {
    w.em.remove(extra);
    w.report.updated.push(`${label}: protokolltilførsel ${extra.position} removed`);
  }
}

export function applyDisqualifications(w: Writer, item: AgendaItem, list: DocItem['disqualified'], label: string, isNew: boolean): void {
  const current = isNew ? [] : item.disqualifications.getItems();
  const keep = new Set<Disqualification>();
  for (const d of list) {
    const person = w.person(d.name, null);
    let row = current.find((r) => r.person === person);
    if (!row) {
      row = new Disqualification();
      row.agendaItem = item;
      row.person = person;
      row.legalBasis = d.legalBasis;
      w.em.persist(row);
      item.disqualifications.add(row);
      w.created(`inhabil ${label}: ${d.name}`);
    } else w.set(row, 'legalBasis', d.legalBasis, `${label} inhabil ${d.name}`, false);
    keep.add(row);
  }
  for (const r of current) {
    if (!keep.has(r)) {
      w.em.remove(r);
      w.report.updated.push(`${label}: inhabil ${r.person.name} removed`);
    }
  }
}

// ---- attendance

export async function applyAttendance(w: Writer): Promise<void> {
  const rows: AttendeeRow[] = [
    ...w.doc.present.map((a) => ({
      attendee: a,
      role: a.substituteFor ? AttendanceRole.SUBSTITUTE : AttendanceRole.MEMBER,
      status: AttendanceStatus.PRESENT,
    })),
    ...w.doc.secretariat.map((a) => ({ attendee: a, role: AttendanceRole.SECRETARIAT, status: AttendanceStatus.PRESENT })),
    ...w.doc.absent.map((a) => ({ attendee: a, role: AttendanceRole.MEMBER, status: AttendanceStatus.ABSENT_WITH_NOTICE })),
  ];
  if (!rows.length) return;
  const current = w.report.meeting.created
    ? []
    : await w.em.find(Attendance, { meeting: w.meeting }, { populate: ['person', 'substituteFor', 'fromItem', 'untilItem'] });
  const byPerson = new Map(current.map((r) => [r.person, r]));
  const keep = new Set<Attendance>();
  let position = 0;
  for (const { attendee: a, role, status } of rows) {
    const person = w.person(a.name, a.municipality);
    const substituteFor = a.substituteFor ? w.person(a.substituteFor, a.municipality) : null;
    let row = byPerson.get(person);
    if (row && keep.has(row)) {
      w.report.warnings.push(`${a.name} is listed twice in the attendance; the second listing is ignored`);
      continue;
    }
    position++;
    const isNew = !row;
    if (!row) {
      row = new Attendance();
      row.meeting = w.meeting;
      row.person = person;
      w.em.persist(row);
      byPerson.set(person, row);
      w.created(`attendance ${a.name} (${ATTENDANCE_WORD[role === AttendanceRole.SECRETARIAT ? 'SECRETARIAT' : status]})`);
    }
    keep.add(row);
    const label = `attendance ${a.name}`;
    w.set(row, 'position', position, label, isNew);
    w.set(row, 'role', role, label, isNew);
    w.set(row, 'status', status, label, isNew);
    w.set(row, 'substituteFor', substituteFor, label, isNew);
    const representing = a.municipality && person.municipality && person.municipality !== a.municipality ? a.municipality : null;
    w.set(row, 'representing', representing, label, isNew);
    w.set(row, 'fromItem', itemByNumber(w, a.fromItem, a.name), label, isNew);
    w.set(row, 'untilItem', itemByNumber(w, a.untilItem, a.name), label, isNew);
  }
  for (const r of current) {
    if (!keep.has(r)) {
      w.em.remove(r);
      w.report.updated.push(`attendance ${r.person.name}: removed (not in the referat)`);
    }
  }
}

function itemByNumber(w: Writer, number: string | null, who: string): AgendaItem | null {
  if (!number) return null;
  const item = w.items.get(number) ?? null;
  if (!item) w.report.warnings.push(`${who}: sak ${number} is not on this meeting's agenda`);
  return item;
}
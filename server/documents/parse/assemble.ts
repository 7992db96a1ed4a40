/**
 * Turns what the line engine gathered into a MeetingDocument: kind, date and time, attendance, items.
 */
import type { DocAttendee, DocItem, DocSubItem, DocumentKind, MeetingDocument } from '../../../schema/meeting-document.js';
import { osloIso, parseTid, type CalendarDate } from '../norwegian-dates.js';
import { normaliseItemNumber, parseAttendeeList } from './attendees.js';
import {
  DocumentParseError,
  decisionOf,
  isFormulatedInMeeting,
  joinListLines,
  takePlainSubtitle,
  type HolderState,
  type ItemState,
  type ParseResult,
  type UnplacedLine,
} from './engine-state.js';
import type { FieldName } from './line-shapes.js';
import type { TextBuffer } from './text-blocks.js';

export interface EngineOutput {
  kind: DocumentKind | null;
  headingKind: DocumentKind | null;
  headingBody: string | null;
  headingOrg: string | null;
  headingDate: CalendarDate | null;
  fields: Partial<Record<FieldName, { values: string[]; bullets: string[]; line: number }>>;
  notice: { buffer: TextBuffer; seen: boolean };
  items: ItemState[];
  unplaced: UnplacedLine[];
  attachmentTitles: Record<number, string>;
  place: (no: number, text: string) => void;
}

export function assembleDocument(st: EngineOutput): ParseResult {
  const { headingKind, headingBody, headingOrg, headingDate, fields, notice, items, unplaced, attachmentTitles, place } = st;
  let kind = st.kind;
  const resolvedKind: DocumentKind | null = kind ?? headingKind;
  if (!resolvedKind) throw new DocumentParseError('Not an innkalling or a referat: no heading such as "Referat fra møte i …" was found.');
  kind = resolvedKind;

  const dateField = fields.date?.values.join(' ') ?? '';
  const timeField = fields.time?.values.join(' ') ?? '';
  const tid = parseTid(`${dateField} ${timeField}`.trim(), headingDate);
  if (!tid) throw new DocumentParseError('No meeting date found (neither in the heading nor in "Tid:").');
  if (!headingBody) throw new DocumentParseError('No body found: the heading should read e.g. "Referat fra møte i Rådmannsgruppen 14. september 2017".');
  const year = tid.date.year;

  const attendees = (f: FieldName): DocAttendee[] => {
    const got = fields[f];
    if (!got) return [];
    const { attendees, problems } = parseAttendeeList(joinListLines(got.values), { entries: got.bullets });
    for (const p of problems) place(got.line, p.text);
    return attendees.map((a) => ({
      ...a,
      fromItem: a.fromItem ? (normaliseItemNumber(a.fromItem, year) ?? a.fromItem) : null,
      untilItem: a.untilItem ? (normaliseItemNumber(a.untilItem, year) ?? a.untilItem) : null,
    }));
  };

  const docItems: DocItem[] = items.map((it) => {
    const number = it.yearless ? (normaliseItemNumber(it.number, year) ?? it.number) : it.number;
    const textOf = (hs: HolderState) => {
      const t = hs.text.toText();
      return kind === 'innkalling' ? { introduction: t, notes: null } : { introduction: null, notes: t };
    };
    const proposedText = it.proposed?.toText() ?? null;
    if (!it.title) place(it.titleLine, `Sak ${number}: no title`);
    return {
      number,
      title: it.title,
      attachments: it.attachments,
      ...textOf(it),
      proposedDecision: proposedText,
      formulatedInMeeting: proposedText !== null && isFormulatedInMeeting(proposedText),
      decision: decisionOf(it),
      subItems: it.subs.map((s): DocSubItem => {
        takePlainSubtitle(s);
        return {
          letter: s.letter,
          title: s.title,
          subtitle: s.subtitle,
          attachments: s.attachments,
          ...textOf(s),
          proposedDecision: s.proposed?.toText() ?? null,
          decision: decisionOf(s),
        };
      }),
      closedLegalBasis: it.closed,
      protocolEntries: it.protocol.map((b) => b.toText()).filter((t): t is string => t !== null),
      disqualified: it.disqualified,
    };
  });

  const agendaValues = fields.agenda ? [...fields.agenda.values, ...fields.agenda.bullets] : [];
  const document: MeetingDocument = {
    kind,
    organisation: headingOrg,
    body: headingBody,
    startsAt: osloIso(tid.start),
    endsAt: tid.end ? osloIso(tid.end) : null,
    location: fields.place?.values.join(' ').trim() || null,
    present: attendees('present'),
    secretariat: attendees('secretariat'),
    absent: attendees('absent'),
    noticeApproval: kind === 'referat' ? notice.buffer.toText() : null,
    agendaHeadings: agendaValues.filter(Boolean),
    items: docItems,
  };
  unplaced.sort((a, b) => a.line - b.line);
  return { document, unplaced, attachmentTitles };
}

/**
 * The loose reader: for real documents from other systems, which the line engine cannot follow (PDF transcripts
 * with a page on one line, web pages, forms flattened into runs of labels and values). It finds the sak markers
 * wherever they stand, the meeting's facts and attendance, and the text of each item; what it cannot place is
 * reported with its line number. It degrades rather than fails: the date may come from the title, the file name
 * or the caller; the body from the caller; an item whose number was lost is kept in its place and flagged.
 */
import type { DocItem, DocumentKind, MeetingDocument } from '../../../../schema/meeting-document.js';
import { formatItemNumber } from '../../../../schema/item-number.js';
import { osloInstant, osloIso } from '../../norwegian-dates.js';
import { DocumentParseError, type ParseResult, type UnplacedLine } from '../engine-state.js';
import { readAttendance } from './attendance.js';
import { readItemBody } from './item-body.js';
import { dateFromDayMonth, dateFromFileName, documentKind, meetingBody, meetingDate, meetingOrganisation, meetingPlace, meetingTimes } from './meeting-facts.js';
import { acceptMarkers, findItemRange, findMarkers, repeatsOf, type SakMarker } from './sak-markers.js';
import { sourceText } from './source-text.js';

export interface ReadOptions {
  /** The file the text came from: its name may give the date when the text does not. */
  fileName?: string;
  /** The meeting date when the document gives none ("YYYY-MM-DD"). */
  date?: string;
  /** The body when the document gives none. */
  body?: string;
  /** Force the kind. */
  kind?: DocumentKind;
}

/** The document gives no meeting date anywhere (text, title, file name) and none was given: the caller must. */
export class MissingDateError extends DocumentParseError {
  constructor(readonly saker: number) {
    super(
      `No meeting date found in the text, its title or the file name${saker ? ` (${saker} sak(er) found)` : ''}: give one with --date YYYY-MM-DD.`,
    );
  }
}

export interface LooseResult extends ParseResult {
  warnings: string[];
  /** Line numbers of recognised furniture (transcript boilerplate) that were set aside. */
  furniture: number[];
}

const TITLE_STOP = /\s(?:Sted|Tid|Tilstede|Til stede|Dato|Møtested|Saksbehandler|Arkiv\w*|Vedlegg utsendt|Saksdokumenter)\s*:|\.{3,}\s*\d*|\s{3,}(?=Saksframlegg|Protokoll|Video)/u;
const TITLE_TAIL = /(?:\s+(?:Saksframlegg|Protokoll|Video|Dokumenter|Vedtak))+\s*$/u;

function splitTitle(segment: string): { title: string; rest: string } {
  let s = segment.replace(/^[\s:.\-–]+/, '');
  // "R-31/19   \nForslag til ny tilbudsstruktur …": the title on the next line.
  if (/^\n/.test(segment.replace(/^[ \t:.\-–]+/, '')) || !s.split('\n')[0]!.trim()) s = s.replace(/^\s+/, '');
  const nl = s.indexOf('\n');
  let line = nl >= 0 ? s.slice(0, nl) : s;
  let rest = nl >= 0 ? s.slice(nl + 1) : '';
  const stop = TITLE_STOP.exec(line);
  if (stop) {
    rest = `${line.slice(stop.index + stop[0].length)}\n${rest}`;
    line = line.slice(0, stop.index);
  }
  if (line.length > 140) {
    const sentence = /^(.{10,140}?[a-zæøå)])\.\s+(?=\p{Lu})/u.exec(line);
    const cut = sentence ? sentence[1]!.length + 1 : line.lastIndexOf(' ', 120);
    rest = `${line.slice(cut)}\n${rest}`;
    line = line.slice(0, cut);
  }
  // A flattened agenda table: the archive case number after the sak number ("56/09 09/810 GODKJENNING …").
  line = line.replace(/^\d{2,4}\/\d{2,6}(?:-\d+)?\s+/, '');
  return { title: line.replace(TITLE_TAIL, '').replace(/\s+/g, ' ').trim().replace(/\s*:$/, ''), rest: rest.trim() };
}

export function readLoose(text: string, opts: ReadOptions = {}): LooseResult {
  const src = sourceText(text);
  const flat = src.flat;
  const warnings: string[] = [];
  const unplaced: UnplacedLine[] = [];
  const markers = findMarkers(flat);
  const accepted = acceptMarkers(markers, flat);
  const repeats = repeatsOf(markers, accepted);
  const firstItemAt = accepted[0]?.start ?? flat.length;
  const header = flat.slice(0, firstItemAt);

  // ---- Date and time
  const itemYears = accepted.map((m) => m.year).filter((y): y is number => y !== null);
  const commonYear = itemYears.length ? itemYears.sort((a, b) => itemYears.filter((y) => y === b).length - itemYears.filter((y) => y === a).length)[0]! : null;
  let date = meetingDate([
    { text: src.titles.join('\n'), weight: 1 },
    { text: header, weight: 1 },
    { text: flat.slice(firstItemAt), weight: -2 },
  ]);
  if (!date) {
    date = dateFromDayMonth(`${src.titles.join('\n')}\n${flat}`, commonYear);
    if (date) warnings.push(`date from "${date.day}.${date.month}." and the year the sak numbers print`);
  }
  if (!date && opts.date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.date);
    if (m) date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (date) warnings.push('date from --date: the document gives none');
  }
  if (!date && opts.fileName) {
    date = dateFromFileName(opts.fileName);
    if (date) warnings.push('date from the file name: the document gives none');
  }
  if (!date) throw new MissingDateError(accepted.length);
  const times = meetingTimes(`${header}\n${src.titles.join('\n')}`);
  const start = osloInstant(date, times?.start ?? { hour: 0, minute: 0 });
  const end = times?.end ? osloInstant(date, times.end) : null;
  if (!times) warnings.push('no start time found');

  // ---- Body, organisation, kind, place
  let body = meetingBody(src.titles, flat);
  if (!body && opts.body) body = opts.body;
  if (!body) {
    body = 'Ukjent utvalg';
    warnings.push('no body found: give one with --body');
  }
  const kind = opts.kind ?? documentKind(src.titles, flat);

  // ---- Attendance
  const starts = [...accepted, ...repeats].map((m) => m.start).sort((a, b) => a - b);
  const att = kind === 'referat' ? readAttendance(flat, starts) : null;
  if (att) warnings.push(...att.warnings);
  const inAttendance = (at: number) => Boolean(att?.spans.some((s) => at >= s.start && at < s.end));

  // ---- Items
  const year = date.year;
  const occurrences: (SakMarker & { inferredSeq?: number | null; lost?: boolean })[] = [...accepted, ...repeats]
    .filter((m) => !inAttendance(m.start))
    .sort((a, b) => a.start - b.start);
  const items: DocItem[] = [];
  const byKey = new Map<string, DocItem>();
  const texts = new Map<DocItem, string[]>();
  let lostCount = 0;
  occurrences.forEach((m, i) => {
    const seq = m.seq ?? m.inferredSeq ?? null;
    const number = m.lost || seq === null ? '' : formatItemNumber(seq, m.year ?? year, m.suffix);
    const key = number || `lost-${m.start}`;
    let segment = flat.slice(m.end, occurrences[i + 1]?.start ?? flat.length);
    for (const s of att?.spans ?? []) if (s.start >= m.end && s.start < m.end + segment.length) segment = segment.slice(0, s.start - m.end);
    const { title, rest } = splitTitle(segment);
    let item = byKey.get(key);
    if (!item) {
      item = {
        number,
        title,
        attachments: [],
        introduction: null,
        notes: null,
        proposedDecision: null,
        formulatedInMeeting: false,
        decision: null,
        subItems: [],
        closedLegalBasis: null,
        protocolEntries: [],
        disqualified: [],
      };
      const printed = m.printed.replace(/\s+/g, ' ');
      if (printed !== number && m.kind !== 'keyword') item.numberPrinted = printed;
      if (m.inferredSeq) item.numberInferred = true;
      if (!number) {
        item.numberLost = true;
        lostCount++;
      }
      const closed = /\b[Uu]nntatt offentlig(?:het)?\s*((?:ofl|offl)\.?(?:\s*§+\s*\d+(?:\s*(?:,|og)\s*\d+)*)?)?/u.exec(item.title);
      if (closed) {
        item.closedLegalBasis = (closed[1] ?? '').trim();
        item.title = item.title.replace(closed[0], '').replace(/\s+/g, ' ').trim();
      }
      items.push(item);
      byKey.set(key, item);
      texts.set(item, rest ? [rest] : []);
    } else {
      if (!item.title && title) item.title = title;
      const body = [title !== item.title ? title : '', rest].filter(Boolean).join('\n');
      if (body) texts.get(item)!.push(body);
    }
  });
  for (const item of items) {
    const t = texts.get(item)!.join('\n\n').trim();
    if (!t) continue;
    const parsed = readItemBody(t);
    if (kind === 'innkalling') item.introduction = parsed.text;
    else item.notes = parsed.text;
    item.proposedDecision = parsed.proposedDecision;
    item.decision = kind === 'referat' ? parsed.decision : null;
  }
  if (lostCount) warnings.push(`${lostCount} sak(er) whose number the source lost: kept in order, flagged`);
  const inferred = items.filter((i) => i.numberInferred).length;
  if (inferred) warnings.push(`${inferred} sak number(s) printed broken and inferred from their neighbours`);

  // ---- Lines before the first item that gave nothing
  const used = (no: number) => src.furniture.includes(no);
  const headerLines = new Set<number>();
  for (let i = 0; i < src.lineStarts.length; i++) {
    if (src.lineStarts[i]! >= firstItemAt) break;
    headerLines.add(i);
  }
  const datePattern = /\d{1,2}\.\s*\p{L}+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4}|:\s*\S/u;
  for (const i of headerLines) {
    const line = flat.slice(src.lineStarts[i]!, (src.lineStarts[i + 1] ?? flat.length + 1) - 1).trim();
    const no = src.lineNumbers[i]!;
    if (!line || used(no) || inAttendance(src.lineStarts[i]!) || datePattern.test(line) || src.titles.includes(line)) continue;
    unplaced.push({ line: no, text: line.length > 160 ? `${line.slice(0, 157)}…` : line });
  }

  const range = findItemRange(flat);
  const itemRange = range
    ? { from: formatItemNumber(range.fromSeq, range.year ?? year), to: formatItemNumber(range.toSeq, range.year ?? year) }
    : null;
  if (!items.length && !range) warnings.push('no saker found');

  const document: MeetingDocument = {
    kind,
    organisation: meetingOrganisation(src.titles, flat),
    body,
    startsAt: osloIso(start),
    endsAt: end && end > start ? osloIso(end) : null,
    location: meetingPlace(flat),
    present: att?.present ?? [],
    secretariat: att?.secretariat ?? [],
    absent: att?.absent ?? [],
    noticeApproval: null,
    agendaHeadings: [],
    items,
    presentCount: att?.presentCount ?? null,
    absentCount: att?.absentCount ?? null,
    itemRange,
    title: src.titles[0] ?? null,
  };
  return { document, unplaced, attachmentTitles: {}, warnings, furniture: src.furniture };
}

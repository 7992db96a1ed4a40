/**
 * HTML rendering of a meeting document (innkalling or referat), and the layout every renderer shares.
 *
 * `layoutDocument` turns a MeetingDocument into the customary layout of Vestregionen's documents (heading, Tid, Sted,
 * attendance, then each sak with its vedlegg, text, forslag til vedtak / vedtak and lettered sub-items) as plain data;
 * renderHtml, renderDocx and renderPdf only decide how that layout looks, so the three formats show the same content
 * in the same order.
 */
import type { DocAttendee, DocItem, DocSubItem, MeetingDocument } from '../../schema/meeting-document.js';
import { formatLongDate, formatTid, osloCalendarDate } from './norwegian-dates.js';

// ---------------------------------------------------------------------------------------------------------------
// Norwegian dates (Europe/Oslo), from the ISO instants of a MeetingDocument

function instant(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not an ISO instant: ${JSON.stringify(iso)}`);
  return d;
}

/** "14. september 2017" */
export function longNorwegianDate(iso: string): string {
  return formatLongDate(instant(iso));
}

/** "2017-09-14" (the Oslo calendar date), for file names. */
export function isoOsloDate(iso: string): string {
  const { year, month, day } = osloCalendarDate(instant(iso));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "Torsdag 14.09.2017 kl. 09.00 – 11.00"; an end on another day gets its own date. */
export function meetingTime(startsAt: string, endsAt: string | null): string {
  return formatTid(instant(startsAt), endsAt ? instant(endsAt) : null);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared layout

/** A multi-line text: a blank line separates paragraphs, lines starting with "* " (or "• ") are list items. */
export type TextPart = { kind: 'paragraph'; lines: string[] } | { kind: 'list'; items: string[] };

export type Entry =
  /** Running text: introduction, notes, a protocol entry. */
  | { kind: 'text'; parts: TextPart[] }
  /** A bold label on its own line: "Forslag til vedtak:", "Vedtak:", "Protokolltilførsel:". */
  | { kind: 'label'; text: string }
  /** The text of a (proposed) decision. */
  | { kind: 'decision'; parts: TextPart[] }
  /** A short remark in italics: the voting result, "Unntatt offentlighet, …", "Inhabil: …". */
  | { kind: 'remark'; text: string };

export interface LayoutSection {
  /** "Sak 21/2017" or "A". */
  label: string;
  /** Null for closed items: their title is not shown. */
  title: string | null;
  subtitle: string | null;
  /** "Vedlegg 3+4" */
  attachments: string | null;
  entries: Entry[];
  subItems: LayoutSection[];
}

export interface LayoutField {
  /** Without colon: "Tid", "Sted", "Til stede". */
  label: string;
  lines: string[];
}

export interface DocumentLayout {
  kind: MeetingDocument['kind'];
  /** "Vestregionen" */
  organisation: string | null;
  /** "Referat fra møte i Rådmannsgruppen 14. september 2017" */
  title: string;
  fields: LayoutField[];
  /** Referat: "Godkjenning av innkalling og dagsorden" with its vedtak. */
  approval: { heading: string; entries: Entry[] } | null;
  /** "Saker til behandling" */
  itemsHeading: string;
  items: LayoutSection[];
}

const LIST_ITEM = /^\s*[*•]\s+/;

/** Splits a verbatim text into paragraphs and lists; line breaks inside a paragraph are kept. */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let current: TextPart | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const item = line.replace(LIST_ITEM, '');
      if (current?.kind === 'list') current.items.push(item);
      else parts.push((current = { kind: 'list', items: [item] }));
    } else if (current?.kind === 'paragraph') {
      current.lines.push(line);
    } else {
      parts.push((current = { kind: 'paragraph', lines: [line] }));
    }
  }
  return parts;
}

/** "Vedlegg 3+4"; null without vedlegg. */
export function attachmentsLabel(numbers: number[]): string | null {
  return numbers.length ? `Vedlegg ${numbers.join('+')}` : null;
}

/** "Erik Kjeldstadli, Bærum", "Steinar Valstad for Trond Julin, Drammen", "Per Morstad, Røyken (fra sak 25/2017)". */
export function attendeeLine(a: DocAttendee): string {
  let text = a.name;
  if (a.substituteFor) text += ` for ${a.substituteFor}`;
  if (a.municipality) text += `, ${a.municipality}`;
  const span = [a.fromItem && `fra sak ${a.fromItem}`, a.untilItem && `til og med sak ${a.untilItem}`].filter(Boolean);
  if (span.length) text += ` (${span.join(' ')})`;
  return text;
}

/** "A, B og C" */
function joinNorwegian(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`;
}

function decisionEntries(doc: MeetingDocument, item: DocItem | DocSubItem, formulatedInMeeting: boolean): Entry[] {
  const entries: Entry[] = [];
  if (doc.kind === 'innkalling') {
    const text = item.proposedDecision ?? (formulatedInMeeting ? 'Formuleres i møtet.' : null);
    if (text !== null) entries.push({ kind: 'label', text: 'Forslag til vedtak:' }, { kind: 'decision', parts: textParts(text) });
  } else if (item.decision) {
    entries.push({ kind: 'label', text: 'Vedtak:' }, { kind: 'decision', parts: textParts(item.decision.text) });
    if (item.decision.voting) entries.push({ kind: 'remark', text: item.decision.voting });
  }
  return entries;
}

function bodyText(doc: MeetingDocument, item: DocItem | DocSubItem): Entry[] {
  const text = doc.kind === 'innkalling' ? item.introduction : item.notes;
  return text?.trim() ? [{ kind: 'text', parts: textParts(text) }] : [];
}

function subItemSection(doc: MeetingDocument, sub: DocSubItem): LayoutSection {
  return {
    label: sub.letter,
    title: sub.title,
    subtitle: sub.subtitle,
    attachments: attachmentsLabel(sub.attachments),
    entries: [...bodyText(doc, sub), ...decisionEntries(doc, sub, false)],
    subItems: [],
  };
}

function itemSection(doc: MeetingDocument, item: DocItem): LayoutSection {
  // Disqualifications and protocol entries happen in the meeting: the referat records them, the innkalling cannot.
  const referat = doc.kind === 'referat';
  const disqualified: Entry[] = (referat ? item.disqualified : []).map((d) => ({
    kind: 'remark',
    text: `Inhabil: ${d.name} (${d.legalBasis})`,
  }));
  if (item.closedLegalBasis !== null) {
    return {
      label: `Sak ${item.number}`,
      title: null,
      subtitle: null,
      attachments: null,
      entries: [{ kind: 'remark', text: `Unntatt offentlighet, ${item.closedLegalBasis}` }, ...disqualified],
      subItems: [],
    };
  }
  const protocol: Entry[] = (referat ? item.protocolEntries : [])
    .filter((p) => p.trim())
    .flatMap((p): Entry[] => [
      { kind: 'label', text: 'Protokolltilførsel:' },
      { kind: 'text', parts: textParts(p) },
    ]);
  return {
    label: `Sak ${item.number}`,
    title: item.title,
    subtitle: null,
    attachments: attachmentsLabel(item.attachments),
    entries: [...disqualified, ...bodyText(doc, item), ...decisionEntries(doc, item, item.formulatedInMeeting), ...protocol],
    subItems: item.subItems.map((s) => subItemSection(doc, s)),
  };
}

/** The customary layout of an innkalling or a referat, as plain data. */
export function layoutDocument(doc: MeetingDocument): DocumentLayout {
  const fields: LayoutField[] = [{ label: 'Tid', lines: [meetingTime(doc.startsAt, doc.endsAt)] }];
  if (doc.location) fields.push({ label: 'Sted', lines: [doc.location] });
  if (doc.present.length) fields.push({ label: 'Til stede', lines: doc.present.map(attendeeLine) });
  if (doc.secretariat.length) {
    const lines = doc.secretariat.map(attendeeLine);
    const plain = doc.secretariat.every((a) => !a.municipality && !a.substituteFor && !a.fromItem && !a.untilItem);
    fields.push({ label: 'Sekretariatet', lines: plain ? [joinNorwegian(lines)] : lines });
  }
  if (doc.absent.length) fields.push({ label: 'Forfall', lines: doc.absent.map(attendeeLine) });
  if (doc.kind === 'innkalling' && doc.agendaHeadings.length) fields.push({ label: 'Dagsorden', lines: doc.agendaHeadings });

  const approval =
    doc.kind === 'referat' && doc.noticeApproval !== null
      ? {
          heading: 'Godkjenning av innkalling og dagsorden',
          entries: [
            { kind: 'label', text: 'Vedtak:' },
            { kind: 'decision', parts: textParts(doc.noticeApproval) },
          ] satisfies Entry[],
        }
      : null;

  const lead = doc.kind === 'innkalling' ? 'Innkalling til møte i' : 'Referat fra møte i';
  return {
    kind: doc.kind,
    organisation: doc.organisation,
    title: `${lead} ${doc.body} ${longNorwegianDate(doc.startsAt)}`,
    fields,
    approval,
    itemsHeading: 'Saker til behandling',
    items: doc.items.map((item) => itemSection(doc, item)),
  };
}

/** "referat-radmannsgruppen-2017-09-14" (without extension): ASCII only, safe in a Content-Disposition header. */
export function documentFileStem(doc: MeetingDocument): string {
  const slug =
    doc.body
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'o')
      .replace(/å/g, 'a')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'mote';
  return `${doc.kind}-${slug}-${isoOsloDate(doc.startsAt)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CSS = `
@page { size: A4; margin: 22mm 20mm 22mm 25mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 11.5pt; }
body {
  margin: 0 auto; padding: 18mm 20mm; max-width: 210mm; background: #fff; color: #111;
  font-family: Georgia, Cambria, "Times New Roman", Times, serif; line-height: 1.45;
  -webkit-text-size-adjust: 100%; hyphens: auto;
}
h1, h2, h3, h4, .org, .field-label { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
.org { margin: 0 0 2pt; font-size: 10pt; letter-spacing: .04em; text-transform: uppercase; color: #444; }
h1 { margin: 0 0 12pt; font-size: 17pt; line-height: 1.25; }
h2 { margin: 18pt 0 6pt; font-size: 13pt; }
h3 { margin: 14pt 0 4pt; font-size: 11.5pt; }
h4 { margin: 10pt 0 3pt; font-size: 11pt; }
h3 .label, h4 .label { display: inline-block; min-width: 6.5em; }
h4 .label { min-width: 1.5em; }
.subtitle { margin: 0 0 3pt; font-style: italic; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: 3pt 10pt; margin: 0 0 10pt; }
.fields dt { font-weight: bold; }
.fields dd { margin: 0; }
.fields dd span { display: block; }
p { margin: 0 0 6pt; orphans: 3; widows: 3; }
ul { margin: 0 0 6pt; padding-left: 1.4em; }
li { margin: 0 0 2pt; }
.attachments { margin: 0 0 4pt; font-size: 10pt; color: #333; }
.entry-label { margin: 6pt 0 2pt; font-weight: bold; }
.decision { margin-left: 0; }
.remark { font-style: italic; }
section.item { margin: 0 0 8pt; }
section.sub-item { margin: 0 0 6pt 1.6em; }
h3, h4, .entry-label { break-after: avoid; page-break-after: avoid; }
@media print {
  html { font-size: 11pt; }
  body { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
}
`;

function htmlParts(parts: TextPart[], className?: string): string {
  const cls = className ? ` class="${className}"` : '';
  return parts
    .map((p) =>
      p.kind === 'paragraph'
        ? `<p${cls}>${p.lines.map(escapeHtml).join('<br>\n')}</p>`
        : `<ul${cls}>${p.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
}

function htmlEntry(e: Entry): string {
  switch (e.kind) {
    case 'text':
      return htmlParts(e.parts);
    case 'label':
      return `<p class="entry-label">${escapeHtml(e.text)}</p>`;
    case 'decision':
      return htmlParts(e.parts, 'decision');
    case 'remark':
      return `<p class="remark">${escapeHtml(e.text)}</p>`;
  }
}

function htmlSection(s: LayoutSection, level: 3 | 4): string {
  const cls = level === 3 ? 'item' : 'sub-item';
  const title = s.title === null ? '' : ` ${escapeHtml(s.title)}`;
  return [
    `<section class="${cls}">`,
    `<h${level}><span class="label">${escapeHtml(s.label)}</span>${title}</h${level}>`,
    s.subtitle ? `<p class="subtitle">${escapeHtml(s.subtitle)}</p>` : '',
    s.attachments ? `<p class="attachments">${escapeHtml(s.attachments)}</p>` : '',
    ...s.entries.map(htmlEntry),
    ...s.subItems.map((sub) => htmlSection(sub, 4)),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** A complete, printable HTML5 document (A4) of an innkalling or a referat; every text is escaped. */
export function renderHtml(doc: MeetingDocument): string {
  const l = layoutDocument(doc);
  const fields = l.fields
    .map((f) => `<dt>${escapeHtml(f.label)}:</dt><dd>${f.lines.map((x) => `<span>${escapeHtml(x)}</span>`).join('')}</dd>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
${l.organisation ? `<p class="org">${escapeHtml(l.organisation)}</p>\n` : ''}<h1>${escapeHtml(l.title)}</h1>
<dl class="fields">
${fields}
</dl>
</header>
${
  l.approval
    ? `<section class="approval">\n<h2>${escapeHtml(l.approval.heading)}:</h2>\n${l.approval.entries.map(htmlEntry).join('\n')}\n</section>\n`
    : ''
}<h2>${escapeHtml(l.itemsHeading)}:</h2>
${l.items.map((s) => htmlSection(s, 3)).join('\n')}
</main>
</body>
</html>
`;
}

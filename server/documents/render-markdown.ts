/**
 * Renders the plain model of a meeting as Markdown, in the customary layout of the innkalling and the referat:
 *
 *   ## Referat fra møte i Rådmannsgruppen 14. september 2017
 *
 *   **Tid:** Torsdag 14.09.2017 kl. 09.00 – 11.00
 *   **Sted:** Drammen rådhus
 *   **Til stede:** Erik Kjeldstadli, Bærum; …; Steinar Valstad for Trond Julin, Drammen; Per Morstad, Røyken (fra sak 25/2017)
 *   **Sekretariatet:** Nina Solberg, Lena Hansson, Kjetil Axelsen og Kari Engen Sørensen
 *   **Forfall:** …
 *
 *   ### Godkjenning av innkalling og dagsorden
 *   ### Saker til behandling:
 *   **Sak 21/2017 Referat fra møte i Rådmannsgruppen**  /  Vedlegg 1  /  text  /  *Vedtak:* …
 *   **B KomUt**  /  *subtitle*  /  …
 *
 * The parsers read this layout back to the same model (render → parse → render is stable).
 */
import type { DocAttendee, DocDecision, DocItem, DocSubItem, MeetingDocument } from '../../schema/meeting-document.js';
import { formatLongDate, formatTid } from './norwegian-dates.js';
import { escapeLineStart, isKnownPlace, SUB_LETTERS, textLineIsAmbiguous } from './parse-common.js';

export interface RenderOptions {
  /** The public version: items closed to the public show only their number and "Unntatt offentlighet". */
  public?: boolean;
}

const HARD_BREAK = '  \n';
const LIST_ITEM = /^([*+-]|\d{1,2}[.)])\s+\S/;

/** "Vedlegg 3+4" */
export function attachmentLine(numbers: number[]): string | null {
  if (!numbers.length) return null;
  return `Vedlegg ${[...numbers].sort((a, b) => a - b).join('+')}`;
}

function attendeeEntry(a: DocAttendee): string {
  let s = a.name;
  if (a.substituteFor) s += ` for ${a.substituteFor}`;
  if (a.municipality) s += `, ${a.municipality}`;
  if (a.fromItem && a.untilItem) s += ` (fra sak ${a.fromItem} til og med sak ${a.untilItem})`;
  else if (a.fromItem) s += ` (fra sak ${a.fromItem})`;
  else if (a.untilItem) s += ` (til og med sak ${a.untilItem})`;
  return s;
}

/** A plain name that the comma-separated list can carry without being mistaken for a place. */
function plainName(a: DocAttendee): boolean {
  if (a.municipality || a.substituteFor || a.fromItem || a.untilItem) return false;
  const words = a.name.split(/\s+/);
  if (words.length < 2 || /[,;()]|\s(og|for)\s/.test(a.name)) return false;
  for (let n = 1; n <= Math.min(3, words.length - 2); n++) if (isKnownPlace(words.slice(words.length - n).join(' '))) return false;
  return !isKnownPlace(a.name);
}

/** "A, B og C" for plain names; otherwise "Name, Place; Name for Other, Place (fra sak 25/2017); …". */
export function formatAttendees(list: DocAttendee[]): string {
  if (list.every(plainName)) {
    const names = list.map((a) => a.name);
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`;
  }
  return list.map(attendeeEntry).join('; ');
}

function renderText(text: string, expectedLetter: string | null, opts: { guardItalic?: boolean } = {}): string {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  const out: string[] = [];
  let first = true;
  lines.forEach((line, i) => {
    if (!line.trim()) {
      if (out.length && out[out.length - 1] !== '') out.push('');
      return;
    }
    let l = line.replace(/^\s+/, '');
    const italic = /^(?:\*[^*\s](?:.*[^*\s])?\*|_[^_\s](?:.*[^_\s])?_)$/.test(l);
    if (textLineIsAmbiguous(l, expectedLetter) || (first && opts.guardItalic && italic)) l = escapeLineStart(l);
    first = false;
    const next = lines[i + 1];
    const breakAfter = next !== undefined && next.trim() !== '' && !LIST_ITEM.test(next.trim());
    out.push(breakAfter ? `${l}  ` : l);
  });
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function labelled(label: string, text: string, expectedLetter: string | null): string {
  const body = renderText(text, expectedLetter);
  return body ? `*${label}:*${HARD_BREAK}${body}` : `*${label}:*`;
}

function decisionBlocks(d: DocDecision | null, expectedLetter: string | null): string[] {
  if (!d) return [];
  const out = [labelled('Vedtak', d.text, expectedLetter)];
  // The voting line is written as it is: it must read back as a voting line, not as text.
  if (d.voting) out.push(d.voting.replace(/\s+/g, ' ').trim());
  return out;
}

function itemBlocks(item: DocItem, kind: MeetingDocument['kind'], opts: RenderOptions): string[] {
  const blocks: string[] = [];
  const closed = item.closedLegalBasis !== null;
  const closedLine = `Unntatt offentlighet${item.closedLegalBasis ? `, jf. ${item.closedLegalBasis}` : ''}`;
  if (closed && opts.public) {
    blocks.push(`**Sak ${item.number}**`, closedLine);
    return blocks;
  }
  blocks.push(item.title ? `**Sak ${item.number} ${item.title}**` : `**Sak ${item.number}**`);
  if (closed) blocks.push(closedLine);
  const vedlegg = attachmentLine(item.attachments);
  if (vedlegg) blocks.push(vedlegg);
  const firstLetter = item.subItems.length ? SUB_LETTERS[0]! : 'A';
  for (const d of item.disqualified) blocks.push(`Inhabil: ${d.name}${d.legalBasis ? ` (${d.legalBasis})` : ''}`);
  const text = kind === 'innkalling' ? item.introduction : item.notes;
  if (text) blocks.push(renderText(text, firstLetter));
  if (kind === 'innkalling' && item.proposedDecision !== null) blocks.push(labelled('Forslag til vedtak', item.proposedDecision, firstLetter));
  if (kind === 'referat') blocks.push(...decisionBlocks(item.decision, firstLetter));
  for (const p of item.protocolEntries) {
    const m = /^(fra [^:\n]+):\s*/.exec(p);
    const label = m ? `Protokolltilførsel ${m[1]}:` : 'Protokolltilførsel:';
    const rest = m ? p.slice(m[0].length) : p;
    const body = renderText(rest, firstLetter);
    blocks.push(body ? `${label} ${body}` : label);
  }
  item.subItems.forEach((s, i) => blocks.push(...subItemBlocks(s, kind, SUB_LETTERS[i + 1] ?? null)));
  return blocks;
}

function subItemBlocks(sub: DocSubItem, kind: MeetingDocument['kind'], nextLetter: string | null): string[] {
  const blocks = [`**${sub.letter} ${sub.title}**`];
  if (sub.subtitle) blocks.push(`*${sub.subtitle}*`);
  const vedlegg = attachmentLine(sub.attachments);
  if (vedlegg) blocks.push(vedlegg);
  const text = kind === 'innkalling' ? sub.introduction : sub.notes;
  if (text) blocks.push(renderText(text, nextLetter, { guardItalic: !sub.subtitle }));
  if (kind === 'innkalling' && sub.proposedDecision !== null) blocks.push(labelled('Forslag til vedtak', sub.proposedDecision, nextLetter));
  if (kind === 'referat') blocks.push(...decisionBlocks(sub.decision, nextLetter));
  return blocks;
}

/** The innkalling or referat of a meeting as Markdown, ending with a newline. */
export function renderMarkdown(doc: MeetingDocument, opts: RenderOptions = {}): string {
  const start = new Date(doc.startsAt);
  const end = doc.endsAt ? new Date(doc.endsAt) : null;
  const title = doc.kind === 'innkalling' ? 'Innkalling til møte i' : 'Referat fra møte i';
  const blocks: string[] = [`## ${title} ${doc.body} ${formatLongDate(start)}`];

  const header: string[] = [`**Tid:** ${formatTid(start, end)}`];
  if (doc.location) header.push(`**Sted:** ${doc.location}`);
  if (doc.kind === 'innkalling' && doc.agendaHeadings.length) {
    header.push(`**Dagsorden:** ${doc.agendaHeadings.join(HARD_BREAK)}`);
  }
  if (doc.present.length) header.push(`**Til stede:** ${formatAttendees(doc.present)}`);
  if (doc.secretariat.length) header.push(`**Sekretariatet:** ${formatAttendees(doc.secretariat)}`);
  if (doc.absent.length) header.push(`**Forfall:** ${formatAttendees(doc.absent)}`);
  blocks.push(header.join(HARD_BREAK));

  if (doc.kind === 'referat' && doc.noticeApproval !== null) {
    blocks.push('### Godkjenning av innkalling og dagsorden', labelled('Vedtak', doc.noticeApproval, null));
  }
  if (doc.items.length) {
    blocks.push('### Saker til behandling:');
    for (const item of doc.items) blocks.push(...itemBlocks(item, doc.kind, opts));
  }
  return `${blocks.filter((b) => b.length).join('\n\n')}\n`;
}

/**
 * The shapes of lines real documents have (including their broken Markdown): sak headings, fields, vedlegg,
 * proposals, decisions, votes, protokolltilførsler, inhabilitet, closed items.
 */
import { formatItemNumber, parseItemNumber } from '../../../schema/item-number.js';
import type { DocumentKind } from '../../../schema/meeting-document.js';
import { findDate } from '../norwegian-dates.js';

// Lines

export const SUB_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ';

/** The Markdown-free form of a line, for recognising its shape: no "#", "- ", "**", "*…*"; single spaces. */
export function bareLine(line: string): string {
  let t = line.replace(/\u00a0/g, ' ').trim();
  t = t.replace(/^#{1,6}\s+/, '');
  t = t.replace(/^[-–+]\s+/, '').replace(/^[-–+]$/, '');
  t = t.replace(/^\d{1,2}[.)]\s+(?=(?:\*\*)?sak\b)/i, '');
  t = t.replace(/\*\*|__/g, ' ');
  t = t.replace(/\s+/g, ' ').trim();
  t = t.replace(/^[*_](?=\S)/, '').replace(/(?<=\S)[*_]$/, '');
  return t.replace(/\s+/g, ' ').trim();
}

export const NUMS = String.raw`\d{1,3}(?:\s*(?:\+|,|&|og|-|\u2013)\s*\d{1,3})*`;

/** "3+4" → [3, 4]; "5 + 6"; "1, 2 og 3"; "3-5" → [3, 4, 5]. */
export function parseAttachmentNumbers(text: string): number[] {
  const out: number[] = [];
  const parts = text.split(/\s*(\+|,|&|og|-|–)\s*/);
  for (let i = 0; i < parts.length; i += 2) {
    const n = Number(parts[i]);
    if (!Number.isInteger(n)) continue;
    const sep = parts[i - 1];
    const prev = out[out.length - 1];
    if ((sep === '-' || sep === '–') && prev !== undefined && n > prev && n - prev < 50) {
      for (let k = prev + 1; k <= n; k++) out.push(k);
    } else out.push(n);
  }
  return [...new Set(out)];
}

export type FieldName = 'time' | 'date' | 'place' | 'agenda' | 'present' | 'secretariat' | 'absent';

const FIELD_LABELS: Record<string, FieldName> = {
  tid: 'time',
  tidspunkt: 'time',
  møtetid: 'time',
  'dato og tid': 'time',
  dato: 'date',
  møtedato: 'date',
  sted: 'place',
  møtested: 'place',
  møtelokale: 'place',
  dagsorden: 'agenda',
  'til stede': 'present',
  tilstede: 'present',
  møtende: 'present',
  'møtende medlemmer': 'present',
  deltakere: 'present',
  deltagere: 'present',
  'til stede fra medlemmene': 'present',
  sekretariat: 'secretariat',
  sekretariatet: 'secretariat',
  'fra sekretariatet': 'secretariat',
  forfall: 'absent',
  'meldt forfall': 'absent',
  fraværende: 'absent',
  'ikke møtt': 'absent',
};

/** "Til stede", "Til stede fra kommunene", "Meldt forfall", "Sekretariatet" … → the field; null for other labels. */
function fieldOfLabel(label: string): FieldName | null {
  const l = label.toLowerCase().replace(/\s+/g, ' ').trim();
  const exact = FIELD_LABELS[l];
  if (exact) return exact;
  if (/^(til stede|tilstede|møtende)\b/.test(l)) return 'present';
  if (/^(meldt )?forfall\b/.test(l)) return 'absent';
  if (/^(fra )?sekretariatet?\b/.test(l)) return 'secretariat';
  return null;
}

export type LineShape =
  | { t: 'blank' }
  | { t: 'heading'; kind: DocumentKind; rest: string }
  | { t: 'field'; field: FieldName; value: string }
  | { t: 'label'; label: string; value: string }
  | { t: 'section' }
  | { t: 'notice'; rest: string }
  | { t: 'sak'; number: string; title: string; yearless: boolean }
  | { t: 'badSak' }
  | { t: 'attachmentList' }
  | { t: 'vedlegg'; numbers: number[]; rest: string; colon: boolean; sub: { letter: string; title: string } | null }
  | { t: 'sub'; letter: string; title: string }
  | { t: 'proposed'; rest: string }
  | { t: 'decision'; rest: string }
  | { t: 'vote'; text: string }
  | { t: 'protocol'; text: string }
  | { t: 'disqualified'; text: string }
  | { t: 'closed'; basis: string }
  | { t: 'text' };

export interface ShapeContext {
  /** The next sub-item letter of the current item, or null outside items. */
  expectedLetter: string | null;
  /** The current holder has a decision or proposal a voting line can belong to. */
  canVote: boolean;
  /** No document heading has been seen yet. */
  wantHeading: boolean;
}

function subHeading(text: string, expected: string | null): { letter: string; title: string } | null {
  if (!expected) return null;
  const m = /^([A-ZÆØÅ])(?:[.):])?\s+(\S.*)$/u.exec(text) ?? /^([a-zæøå])[.)]\s+(\S.*)$/u.exec(text);
  if (!m || m[1]!.toUpperCase() !== expected) return null;
  const title = m[2]!.trim();
  if (!/^[\p{Lu}\d«"”]/u.test(title)) return null;
  return { letter: expected, title };
}

/** The shape of one line (its bare form), given where the parser stands. */
export function lineShape(bare: string, ctx: ShapeContext): LineShape {
  const b = bare;
  if (!b || /^(-{3,}|\*{3,}|_{3,})$/.test(b) || /^<!--.*-->$/.test(b)) return { t: 'blank' };
  if (/^(saker til behandling|saksliste|saksliste og saksframlegg|ordinære saker|orienteringssaker|vedtakssaker|drøftingssaker|referatsaker|eventuelt\s*-\s*saker)\s*:?$/i.test(b)) {
    return { t: 'section' };
  }
  let m = /^godkjenning av (?:møte)?innkalling(?:\s+og\s+(?:dagsorden|saksliste))?\s*:?\s*(.*)$/i.exec(b);
  if (m) return { t: 'notice', rest: m[1]! };

  m = /^(?:sak(?:\s*nr\.?)?|saksnr\.?|ps|os|rs)\s*(\d{1,4}\s*[a-zæøå]?\s*\/\s*\d{2,4})(?![\d/])\s*[:.\-–]?\s*(.*)$/iu.exec(b);
  if (m) {
    const p = parseItemNumber(m[1]!);
    if (!p) return { t: 'badSak' };
    return { t: 'sak', number: formatItemNumber(p.sequence, p.year, p.suffix), title: m[2]!.trim(), yearless: false };
  }
  m = /^sak(?:\s*nr\.?)?\s+(\d{1,3})([a-zæøå]?)\s*[:.\-–]?\s+(\p{Lu}.*)$/iu.exec(b);
  if (m) return { t: 'sak', number: `${m[1]}${m[2]!.toLowerCase()}`, title: m[3]!.trim(), yearless: true };
  if (/^sak\s*(nr\.?\s*)?\d[\d\s/]*$/i.test(b) || /^sak\s*\d+\s*\/\s*\D/i.test(b)) return { t: 'badSak' };

  if (/^vedlegg\s*:$/i.test(b)) return { t: 'attachmentList' };
  m = new RegExp(String.raw`^vedlegg\s+(${NUMS})(?![\d/.])\s*([:.\u2013]?)\s*(.*)$`, 'iu').exec(b);
  if (m) {
    const rest = m[3]!.trim();
    return {
      t: 'vedlegg',
      numbers: parseAttachmentNumbers(m[1]!),
      rest,
      colon: m[2] === ':' || m[2] === '–',
      sub: subHeading(rest, ctx.expectedLetter),
    };
  }
  const sub = subHeading(b, ctx.expectedLetter);
  if (sub) return { t: 'sub', ...sub };

  m = /^(?:forslag til vedtak|forslag til innstilling|innstilling|rådmannens innstilling|(?:sekretariatets|daglig leders|administrasjonens) (?:forslag til vedtak|forslag|innstilling))\s*:\s*(.*)$/i.exec(b);
  if (m) return { t: 'proposed', rest: m[1]! };
  m = /^(?:(?:\p{L}+s\s+)?vedtak|enstemmig vedtak|vedtak i saken)\s*:\s*(.*)$/iu.exec(b);
  if (m) return { t: 'decision', rest: m[1]! };
  m = /^protokolltilførsel(?:\s+(fra\s+[^:]+?))?\s*:\s*(.*)$/i.exec(b);
  if (m) return { t: 'protocol', text: m[1] ? `${m[1]}: ${m[2]}` : m[2]! };
  m = /^inhabil(?:e|itet)?\s*:\s*(.*)$/i.exec(b);
  if (m) return { t: 'disqualified', text: m[1]! };
  m = /^(?:unntatt offentlighet|lukket (?:møte|sak|behandling)|lukket(?=\s*(?:[,:]|jf|$))|u\.\s?off\.?(?=[\s,:]|$))\s*[,:.–-]?\s*(.*)$/i.exec(b);
  if (m) return { t: 'closed', basis: cleanBasis(m[1]!) };
  m = /^hjemmel\s*:\s*(.+)$/i.exec(b);
  if (m) return { t: 'closed', basis: cleanBasis(m[1]!) };
  if (
    ctx.canVote &&
    b.length < 160 &&
    /^(enstemmig(?:\s+vedtatt)?\.?$|enstemmig vedtatt|vedtatt\s+(?:enstemmig|mot|med|ved)\b|(?:innstillingen|forslaget)\s+ble\s+(?:enstemmig\s+)?(?:vedtatt|forkastet)|forkastet\b|votering\s*:)/i.test(b)
  ) {
    return { t: 'vote', text: b };
  }

  m = /^([\p{L} ]{2,40}?)\s*:\s*(.*)$/u.exec(b);
  if (m) {
    const field = fieldOfLabel(m[1]!);
    if (field) return { t: 'field', field, value: m[2]!.trim() };
  }
  if (ctx.wantHeading) {
    m = /^(innkalling|møteinnkalling|referat|møtereferat|protokoll|møteprotokoll)\b\s*(.*)$/i.exec(b);
    if (m && (findDate(m[2]!) || /\bmøte/i.test(m[2]!) || !m[2])) {
      return { t: 'heading', kind: /innkalling/i.test(m[1]!) ? 'innkalling' : 'referat', rest: m[2]! };
    }
  }
  m = /^(\p{L}[\p{L} ]{1,30}?)\s*:\s*(.*)$/u.exec(b);
  if (m && !/\s\S+\s\S+\s\S+\s/.test(m[1]!)) return { t: 'label', label: m[1]!, value: m[2]! };
  return { t: 'text' };
}

export function cleanBasis(text: string): string {
  return text
    .trim()
    .replace(/^[,:;.–-]\s*/, '')
    .replace(/^(?:jf\.?|jfr\.?|hjemmel\s*:?)\s*/i, '')
    .replace(/[.)]+$/, (s) => (s.includes(')') && text.includes('(') ? s : ''))
    .trim();
}

/** Whether a line of text would be read as something else than text where the renderer puts it. */
export function textLineIsAmbiguous(line: string, expectedLetter: string | null): boolean {
  const shape = lineShape(bareLine(line), { expectedLetter, canVote: true, wantHeading: false });
  return !(shape.t === 'text' || shape.t === 'label') || /^[-–+]\s*$/.test(line.trim()) || /^\|.*\|$/.test(line.trim());
}

/** Escapes the first character of a line as a numeric character reference (valid Markdown, read back by the parser). */
export function escapeLineStart(line: string): string {
  const cp = line.codePointAt(0)!;
  return `&#${cp};${line.slice(String.fromCodePoint(cp).length)}`;
}

export function unescapeLineStart(line: string): string {
  return line.replace(/^&#(\d{1,7});/, (_, n: string) => String.fromCodePoint(Number(n)));
}


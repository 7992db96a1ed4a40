/**
 * The state the line engine keeps per item and sub-item, and the small helpers that turn it into document parts.
 */
import type { DocDecision, MeetingDocument } from '../../../schema/meeting-document.js';
import { cleanBasis } from './line-shapes.js';
import { ENDS_SENTENCE, LIST_ITEM, TextBuffer } from './text-blocks.js';


export interface UnplacedLine {
  line: number;
  text: string;
}

export interface ParseResult {
  document: MeetingDocument;
  unplaced: UnplacedLine[];
  /** Titles of vedlegg where the document gives them ("Vedlegg:" list at the end), by number. */
  attachmentTitles: Record<number, string>;
}

export class DocumentParseError extends Error {
  override name = 'DocumentParseError';
}

export interface HolderState {
  text: TextBuffer;
  proposed: TextBuffer | null;
  decision: TextBuffer | null;
  voting: string | null;
  protocol: TextBuffer[];
  disqualified: { name: string; legalBasis: string }[];
  attachments: number[];
  /** Plain (non-bold) sub-item heading: a plain first line may be the subtitle. */
  plainHeading: boolean;
  subtitle: string | null;
  /** Nothing but the heading so far (for the subtitle). */
  fresh: boolean;
}

export interface ItemState extends HolderState {
  number: string;
  yearless: boolean;
  title: string;
  titleLine: number;
  closed: string | null;
  subs: SubState[];
}

export interface SubState extends HolderState {
  letter: string;
  title: string;
}

export type Field = 'text' | 'proposed' | 'decision' | 'protocol' | 'afterVote';

export function newHolder(plainHeading: boolean): HolderState {
  return {
    text: new TextBuffer(),
    proposed: null,
    decision: null,
    voting: null,
    protocol: [],
    disqualified: [],
    attachments: [],
    plainHeading,
    subtitle: null,
    fresh: true,
  };
}

export const isBoldLine = (content: string): boolean => /^\*\*.*\*\*$/.test(content.trim());
export const italicLine = (content: string): string | null => {
  const m = /^(?:\*([^*\s](?:.*[^*\s])?)\*|_([^_\s](?:.*[^_\s])?)_)$/.exec(content.trim());
  return m ? (m[1] ?? m[2])! : null;
};


/** List values printed over several lines: joined with ", " unless the line already ended with a separator. */
export function joinListLines(values: string[]): string {
  return values.reduce((acc, v) => (!acc ? v : /[,;]$/.test(acc) || /^og\s/.test(v) ? `${acc} ${v}` : `${acc}, ${v}`), '');
}

export function decisionOf(h: HolderState): DocDecision | null {
  const text = h.decision?.toText() ?? null;
  if (text === null && !h.voting) return null;
  return { text: text ?? '', voting: h.voting };
}

export function isFormulatedInMeeting(text: string): boolean {
  return /^formuleres i møtet\.?$/i.test(text.trim());
}

/** In real documents the subtitle is a plain line right under the sub-item heading: short, no full stop, more text after it. */
export function takePlainSubtitle(s: SubState): void {
  if (!s.plainHeading || s.subtitle !== null) return;
  const [c0, c1] = s.text.chunks;
  if (!c0 || !c1 || c0.lines.length !== 1) return;
  const line = c0.lines[0]!.replace(/^[-–+]\s+/, '');
  if (!(c0.marked || c1.blankBefore)) return;
  if (line.length > 100 || ENDS_SENTENCE.test(line) || /,$/.test(line) || !/^[\p{Lu}\d]/u.test(line) || LIST_ITEM.test(c0.lines[0]!) && !c0.marked) return;
  s.subtitle = line;
  s.text.chunks = s.text.chunks.slice(1);
  s.text.chunks[0]!.blankBefore = false;
}

export function parseDisqualified(text: string): { name: string; legalBasis: string } | null {
  const t = text.trim().replace(/\.$/, '');
  if (!t) return null;
  let m = /^(.+?)\s*\((.+)\)$/.exec(t);
  if (m) return { name: m[1]!.trim(), legalBasis: cleanBasis(m[2]!) };
  m = /^(.+?),?\s+(?:jf\.?|jfr\.?)\s+(.+)$/i.exec(t);
  if (m) return { name: m[1]!.trim(), legalBasis: m[2]!.trim() };
  return { name: t, legalBasis: '' };
}


/**
 * Reading a document's text, whichever kind and layout it is. The line engine reads documents laid out as ours
 * are (our renderings, Markdown, documents with one field or item heading a line); the loose reader reads real
 * documents from other systems. Both are tried; the line engine's reading is kept when it finds at least as many
 * items and leaves no more lines unplaced, since it reads more of each.
 */
import { parseMeetingDocument } from './engine.js';
import { DocumentParseError, type ParseResult } from './engine-state.js';
import { detectKind } from './heading.js';
import { readLoose, type ReadOptions } from './loose/read-loose.js';

export type { ReadOptions } from './loose/read-loose.js';

/** An innkalling or a referat, whichever the text is, by the line engine. Throws DocumentParseError when it is neither. */
export function parseDocument(text: string): ParseResult {
  const kind = detectKind(text);
  if (!kind) throw new DocumentParseError('Not an innkalling or a referat: no heading such as "Referat fra møte i …" was found.');
  return parseMeetingDocument(text, kind);
}

export interface ReadResult extends ParseResult {
  /** Which reader read it: the line engine ("lines") or the loose reader ("loose"). */
  reader: 'lines' | 'loose';
  warnings: string[];
  /** Line numbers of furniture (transcript boilerplate) that was recognised and set aside. */
  furniture: number[];
}

/** Any meeting document's text. Throws DocumentParseError only when neither reader finds a meeting in it. */
export function readMeetingText(text: string, opts: ReadOptions = {}): ReadResult {
  let strict: ParseResult | null = null;
  let strictError: unknown = null;
  try {
    strict = opts.kind ? parseMeetingDocument(text, opts.kind) : parseDocument(text);
  } catch (e) {
    strictError = e;
  }
  let loose: ReturnType<typeof readLoose> | null = null;
  let looseError: unknown = null;
  try {
    loose = readLoose(text, opts);
  } catch (e) {
    looseError = e;
  }
  if (
    strict &&
    (!loose || (strict.document.items.length >= loose.document.items.length && strict.unplaced.length <= loose.unplaced.length))
  ) {
    return { ...strict, reader: 'lines', warnings: [], furniture: [] };
  }
  if (loose) return { ...loose, reader: 'loose' };
  throw looseError instanceof DocumentParseError ? looseError : (strictError ?? looseError);
}

/**
 * Reading a document's text: whichever kind it is, by the line engine.
 */
import { parseMeetingDocument } from './engine.js';
import { DocumentParseError, type ParseResult } from './engine-state.js';
import { detectKind } from './heading.js';

/** An innkalling or a referat, whichever the text is. Throws DocumentParseError when it is neither. */
export function parseDocument(text: string): ParseResult {
  const kind = detectKind(text);
  if (!kind) throw new DocumentParseError('Not an innkalling or a referat: no heading such as "Referat fra møte i …" was found.');
  return parseMeetingDocument(text, kind);
}

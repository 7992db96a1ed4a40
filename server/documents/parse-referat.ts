/**
 * Reads a referat (minutes) — plain text or Markdown — into the plain model of a meeting: actual time and place,
 * attendance (til stede, sekretariatet, forfall), the decision on the notice, and per item its notes, vedtak,
 * voting, protokolltilførsler and inhabilitet.
 */
import { parseMeetingDocument, type ParseResult } from './parse-common.js';

export { parseDocument, detectKind, DocumentParseError } from './parse-common.js';
export type { ParseResult, UnplacedLine } from './parse-common.js';

/** Lines that cannot be placed are returned in `unplaced` with their line number, never dropped. */
export function parseReferat(text: string): ParseResult {
  return parseMeetingDocument(text, 'referat');
}

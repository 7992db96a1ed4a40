/**
 * Reads an innkalling (notice of meeting) — Markdown-like or plain text, with the irregularities real documents
 * have — into the plain model of a meeting. Text under an item is its introduction; "Forslag til vedtak:" its
 * proposed decision.
 */
import { parseMeetingDocument, type ParseResult } from './parse-common.js';

export type { ParseResult, UnplacedLine } from './parse-common.js';

/** Lines that cannot be placed are returned in `unplaced` with their line number, never dropped. */
export function parseInnkalling(text: string): ParseResult {
  return parseMeetingDocument(text, 'innkalling');
}

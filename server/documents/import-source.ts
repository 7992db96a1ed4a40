/**
 * One document file read for import: its format detected by content, its text extracted, and the meeting read
 * from it (see parse/read-document.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { documentText, type DocumentFormat } from './formats/document-text.js';
import { readMeetingText, type ReadOptions, type ReadResult } from './parse/read-document.js';

export interface ReadFileResult extends ReadResult {
  format: DocumentFormat;
}

export async function readDocumentFile(path: string, opts: Omit<ReadOptions, 'fileName'> = {}): Promise<ReadFileResult> {
  const bytes = await readFile(path);
  const { format, text, warnings } = await documentText(bytes);
  const result = readMeetingText(text, { ...opts, fileName: basename(path) });
  return { ...result, format, warnings: [...warnings, ...result.warnings] };
}

/**
 * What may be uploaded, told from the content (file-type reads the magic numbers, and for the zip-based office
 * formats the entries inside: a DOCX is not taken for an XLSX or a plain zip), never from the name.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';

export const ACCEPTED_TYPES: Record<string, { ext: string; label: string }> = {
  'application/pdf': { ext: 'pdf', label: 'PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', label: 'Word (DOCX)' },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', label: 'OpenDocument text (ODT)' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx', label: 'Excel (XLSX)' },
  'image/png': { ext: 'png', label: 'PNG' },
  'image/jpeg': { ext: 'jpg', label: 'JPEG' },
};

export function unsupportedFileType(found: string | null): AppError {
  const kinds = Object.values(ACCEPTED_TYPES).map((t) => t.label).join(', ');
  return new AppError(
    'UNSUPPORTED_FILE_TYPE',
    `${found ? `This file is ${found}` : 'The type of this file could not be recognised'}; a vedlegg must be one of: ${kinds}.`,
    { http: { status: 415 }, detected: found },
  );
}

/** The media type of the file at `path` when it is one we accept; else UNSUPPORTED_FILE_TYPE. */
export async function detectAcceptedType(path: string): Promise<string> {
  const { fileTypeFromFile } = await import('file-type'); // loaded with the first upload (start-up, issue 17)
  const found = await fileTypeFromFile(path);
  if (found && found.mime in ACCEPTED_TYPES) return found.mime;
  throw unsupportedFileType(found ? `${found.mime} (.${found.ext})` : null);
}

/** Pages of a PDF (null for other files, or a PDF pdf.js cannot open). */
export async function pageCountOf(path: string, mimeType: string): Promise<number | null> {
  if (mimeType !== 'application/pdf') return null;
  try {
    const { getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(await readFile(path)));
    const n = pdf.numPages;
    await pdf.destroy();
    return n;
  } catch {
    return null;
  }
}

/** The searchable text of a stored file: PDF by pdf.js (unpdf), DOCX by mammoth; bounded in size. */
import mammoth from 'mammoth';
import { pdfToText } from '../documents/formats/pdf-reader.js';

/** At most this many characters of a file's text go into the index. */
export const MAX_TEXT_CHARS = 200_000;

export async function extractText(bytes: Buffer, mimeType: string): Promise<string | null> {
  let text: string;
  if (mimeType === 'application/pdf') text = (await pdfToText(new Uint8Array(bytes))).text;
  else if (mimeType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') text = (await mammoth.extractRawText({ buffer: bytes })).value;
  else return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and other control characters are dropped (PostgreSQL refuses U+0000)
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  return clean.length > MAX_TEXT_CHARS ? clean.slice(0, MAX_TEXT_CHARS) : clean;
}

/**
 * The text of a DOCX, one paragraph per line, by mammoth: headings and bold runs are kept as Markdown ("#", "**")
 * so the line engine reads our own renderings as it reads our Markdown; tables become one row per line.
 */
import mammoth from 'mammoth';
import { htmlToText } from './html-reader.js';

export async function docxToText(bytes: Uint8Array): Promise<{ text: string; messages: string[] }> {
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  return { text: htmlToText(result.value, { markdown: true }), messages: result.messages.map((m) => m.message) };
}

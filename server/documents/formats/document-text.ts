/**
 * The text of a document file in any format we read, detected by content: DOCX, PDF, HTML, or text / Markdown.
 */
import { detectFormat, type DocumentFormat } from './detect-format.js';
import { docxToText } from './docx-reader.js';
import { htmlToText } from './html-reader.js';
import { pdfToText } from './pdf-reader.js';

export type { DocumentFormat } from './detect-format.js';

export async function documentText(bytes: Uint8Array): Promise<{ format: DocumentFormat; text: string; warnings: string[] }> {
  const format = detectFormat(bytes);
  switch (format) {
    case 'docx': {
      const { text, messages } = await docxToText(bytes);
      return { format, text, warnings: messages.map((m) => `DOCX: ${m}`) };
    }
    case 'pdf':
      return { format, text: (await pdfToText(bytes)).text, warnings: [] };
    case 'html':
      return { format, text: htmlToText(Buffer.from(bytes).toString('utf8')), warnings: [] };
    case 'text':
      return { format, text: Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''), warnings: [] };
  }
}

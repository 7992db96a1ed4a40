/**
 * The PDF and Word renderers, loaded on first use: pdfmake (its PDF kit, font engine and fonts) and docx were a
 * large share of the server's start-up, and most processes never render a file.
 */
import type { MeetingDocument } from '../../schema/meeting-document.js';

export async function renderPdf(doc: MeetingDocument, opts: { pageNumbers?: boolean } = {}): Promise<Buffer> {
  return (await import('./render-pdf.js')).renderPdf(doc, opts);
}

export async function renderDocx(doc: MeetingDocument): Promise<Buffer> {
  return (await import('./render-docx.js')).renderDocx(doc);
}

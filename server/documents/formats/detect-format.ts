/**
 * Which format a document file is, by its content (not its name): DOCX (a ZIP with word/document.xml), PDF
 * ("%PDF-"), HTML (a tag such as <html>, <body>, <p> or <table> near the start) or plain text / Markdown.
 */
export type DocumentFormat = 'docx' | 'pdf' | 'html' | 'text';

export function detectFormat(bytes: Uint8Array): DocumentFormat {
  const head = Buffer.from(bytes.subarray(0, 4096));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    // A ZIP: DOCX when it holds the Word main part (named in the central directory, which may lie beyond the head).
    if (Buffer.from(bytes).includes('word/document.xml', 0, 'latin1')) return 'docx';
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^<!doctype\s+html/i.test(text) || /^<(html|head|body)\b/i.test(text)) return 'html';
  if (/^</.test(text) && /<(p|div|table|tr|td|h[1-6]|br|span|ul|li)\b[^>]*>/i.test(text)) return 'html';
  return 'text';
}

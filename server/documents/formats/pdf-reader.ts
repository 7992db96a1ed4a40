/**
 * The text of a PDF with its line layout, by pdf.js (through unpdf): the text items of each page are grouped into
 * lines by their baseline, ordered left to right, and set apart by a column gap where the page leaves one; a blank
 * line marks a paragraph gap or a new page.
 */
import { getDocumentProxy } from 'unpdf';

interface Piece {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

export async function pdfToText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const out: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const content = await page.getTextContent();
    const pieces: Piece[] = [];
    for (const item of content.items) {
      if (!('str' in item) || !item.str) continue;
      const [, , , d, x, y] = item.transform as number[];
      pieces.push({ x: x!, y: y!, width: item.width, height: item.height || Math.abs(d!) || 10, text: item.str });
    }
    // Lines: pieces whose baselines lie within a third of the text height of each other.
    pieces.sort((a, b) => b.y - a.y || a.x - b.x);
    const lines: { y: number; height: number; pieces: Piece[] }[] = [];
    for (const piece of pieces) {
      const line = lines.find((l) => Math.abs(l.y - piece.y) <= Math.max(2, Math.min(l.height, piece.height) / 3));
      if (line) line.pieces.push(piece);
      else lines.push({ y: piece.y, height: piece.height, pieces: [piece] });
    }
    lines.sort((a, b) => b.y - a.y);
    // Page furniture: a page number alone at the top or bottom of the page ("3", "1 / 3", "Side 2 av 5").
    const pageNumber = (l: { pieces: Piece[] }) => /^(?:side\s+)?\d{1,4}(?:\s*(?:\/|av|of)\s*\d{1,4})?$/i.test(l.pieces.map((x) => x.text).join(' ').trim());
    while (lines.length && pageNumber(lines[lines.length - 1]!)) lines.pop();
    while (lines.length && pageNumber(lines[0]!)) lines.shift();
    let previous: { y: number; height: number } | null = null;
    if (p > 1) out.push('');
    for (const line of lines) {
      line.pieces.sort((a, b) => a.x - b.x);
      let text = '';
      let end: number | null = null;
      for (const piece of line.pieces) {
        if (end !== null) {
          const gap = piece.x - end;
          if (gap > piece.height * 1.5) text += '      ';
          else if (gap > piece.height * 0.15 && !/\s$/.test(text) && !/^\s/.test(piece.text)) text += ' ';
        }
        text += piece.text;
        end = piece.x + piece.width;
      }
      // A paragraph gap: more than one and a half lines of space above.
      if (previous && previous.y - line.y > Math.max(previous.height, line.height) * 1.9) out.push('');
      out.push(text.replace(/\s+$/, ''));
      previous = line;
    }
  }
  await pdf.destroy();
  return { text: `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`, pages: pdf.numPages };
}

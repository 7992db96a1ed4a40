/**
 * The pages the package adds of its own, with pdf-lib: a cover page for a vedlegg it cannot show, a page per image
 * (scaled to A4), and "Side N av M" stamped at the foot of every page. Text is set in the Roboto fonts pdfmake ships
 * (the innkalling's font: æ ø å and the Sámi letters), embedded as subsets.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { degrees, type PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb } from 'pdf-lib';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
};

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];
const MM = 72 / 25.4;
const MARGIN = 25 * MM;
const GREY = rgb(0.35, 0.35, 0.35);

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;

export interface PackageFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export async function embedFonts(doc: PDFDocument): Promise<PackageFonts> {
  fontBytes ??= Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)]).then(([regular, bold]) => ({ regular, bold }));
  const bytes = await fontBytes;
  doc.registerFontkit(fontkit);
  return {
    regular: await doc.embedFont(bytes.regular, { subset: true }),
    bold: await doc.embedFont(bytes.bold, { subset: true }),
  };
}

/** One line of text: no line breaks or control characters (pdf-lib would split or refuse them). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();

/** Words wrapped into lines no wider than `width`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface CoverText {
  /** "Sak 21/2017 Budsjett 2018". */
  item: string;
  /** "Vedlegg 3: Årsregnskap 2016". */
  heading: string;
  /** The stored file's name, when known. */
  fileName: string | null;
  /** What happened, and where the file is instead: one or more paragraphs. */
  paragraphs: string[];
}

/** An A4 page standing in for a vedlegg the PDF cannot show. */
export function addCoverPage(doc: PDFDocument, fonts: PackageFonts, text: CoverText): PDFPage {
  const page = doc.addPage(A4);
  const width = A4[0] - 2 * MARGIN;
  let y = A4[1] - MARGIN - 20;
  const put = (s: string, font: PDFFont, size: number, after: number, color = rgb(0, 0, 0)) => {
    for (const line of wrap(s, font, size, width)) {
      page.drawText(line, { x: MARGIN, y, size, font, color });
      y -= size * 1.35;
    }
    y -= after;
  };
  put(text.item, fonts.regular, 11, 6, GREY);
  put(text.heading, fonts.bold, 16, 10);
  if (text.fileName) put(`Fil: ${text.fileName}`, fonts.regular, 10.5, 14, GREY);
  page.drawLine({ start: { x: MARGIN, y: y + 6 }, end: { x: A4[0] - MARGIN, y: y + 6 }, thickness: 0.5, color: GREY });
  y -= 12;
  for (const p of text.paragraphs) put(p, fonts.regular, 11, 8);
  return page;
}

/** An A4 page (landscape for a wide image) with the image scaled to fit inside the margins, never enlarged. */
export function addImagePage(doc: PDFDocument, image: PDFImage): PDFPage {
  const [w, h] = image.width > image.height ? [A4[1], A4[0]] : A4;
  const page = doc.addPage([w, h]);
  const margin = 12 * MM;
  const scale = Math.min(1, (w - 2 * margin) / image.width, (h - 2 * margin) / image.height);
  const iw = image.width * scale;
  const ih = image.height * scale;
  page.drawImage(image, { x: (w - iw) / 2, y: (h - ih) / 2, width: iw, height: ih });
  return page;
}

/**
 * "Side N av M" centred at the foot of the page as it is displayed: on a page with /Rotate the text is turned so that
 * it stands upright at the visual bottom edge.
 */
export function stampPageNumber(page: PDFPage, font: PDFFont, n: number, total: number): void {
  const text = `Side ${n} av ${total}`;
  const size = 8;
  const tw = font.widthOfTextAtSize(text, size);
  const box = page.getCropBox();
  const inset = 6 * MM;
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const opts = { size, font, color: GREY };
  switch (rotation) {
    case 90:
      page.drawText(text, { ...opts, x: box.x + box.width - inset, y: box.y + (box.height - tw) / 2, rotate: degrees(90) });
      break;
    case 180:
      page.drawText(text, { ...opts, x: box.x + (box.width + tw) / 2, y: box.y + box.height - inset, rotate: degrees(180) });
      break;
    case 270:
      page.drawText(text, { ...opts, x: box.x + inset, y: box.y + (box.height + tw) / 2, rotate: degrees(270) });
      break;
    default:
      page.drawText(text, { ...opts, x: box.x + (box.width - tw) / 2, y: box.y + inset });
  }
}

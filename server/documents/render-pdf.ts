/**
 * PDF rendering of a meeting document with pdfmake, server side, using the Roboto fonts pdfmake ships (full Latin-1
 * and General Punctuation: æ ø å, «», –, ”). The shared layout of render-html.ts decides content and order.
 */
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content, ContentStack, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { MeetingDocument } from '../../schema/meeting-document.js';
import { layoutDocument, type Entry, type LayoutSection, type TextPart } from './render-html.js';

const require = createRequire(import.meta.url);
const FONTS = {
  Roboto: {
    normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
    bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
    italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
    bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
  },
};
const FONT_FILES = new Set(Object.values(FONTS.Roboto));

let configured = false;
/** pdfmake is a process-wide singleton: our fonts, no network, and no local files but the fonts. */
function configure(): void {
  if (configured) return;
  pdfmake.setFonts(FONTS);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  configured = true;
}

const MM = 72 / 25.4;
const INDENT = 8 * MM;
/** Texts shorter than this are kept on one page with their heading or label. */
const KEEP_WITH_HEADING = 500;

function parts(ps: TextPart[], indent: number): Content[] {
  return ps.map(
    (p): Content =>
      p.kind === 'paragraph'
        ? { text: p.lines.join('\n'), margin: [indent, 0, 0, 6] }
        : { ul: p.items.map((i) => ({ text: i, margin: [0, 0, 0, 2] })), margin: [indent + 2, 0, 0, 6] },
  );
}

function textLength(ps: TextPart[]): number {
  return ps.reduce((n, p) => n + (p.kind === 'paragraph' ? p.lines.join(' ').length : p.items.join(' ').length), 0);
}

function entry(e: Entry, indent: number): Content[] {
  switch (e.kind) {
    case 'text':
    case 'decision':
      return parts(e.parts, indent);
    case 'label':
      return [{ text: e.text, bold: true, margin: [indent, 4, 0, 2] }];
    case 'remark':
      return [{ text: e.text, italics: true, margin: [indent, 0, 0, 6] }];
  }
}

/** Entries, with each label kept on the page of a short text that follows it. */
function entries(es: Entry[], indent: number): Content[] {
  const out: Content[] = [];
  for (let i = 0; i < es.length; i++) {
    const e = es[i]!;
    const next = es[i + 1];
    if (e.kind === 'label' && next && (next.kind === 'decision' || next.kind === 'text') && textLength(next.parts) < KEEP_WITH_HEADING) {
      out.push({ stack: [...entry(e, indent), ...entry(next, indent)], unbreakable: true });
      i++;
    } else {
      out.push(...entry(e, indent));
    }
  }
  return out;
}

function section(s: LayoutSection, depth: 0 | 1): Content[] {
  const indent = depth * INDENT;
  const head: Content[] = [
    depth === 0
      ? {
          columns: [
            { text: s.label, width: 28 * MM, style: 'item' },
            ...(s.title === null ? [] : [{ text: s.title, width: '*', style: 'item' } as Content]),
          ],
          columnGap: 0,
          margin: [0, 12, 0, 3],
        }
      : {
          columns: [
            { text: s.label, width: 7 * MM, style: 'subItem' },
            { text: s.title ?? '', width: '*', style: 'subItem' },
          ],
          columnGap: 0,
          margin: [indent, 8, 0, 2],
        },
  ];
  if (s.subtitle) head.push({ text: s.subtitle, italics: true, margin: [indent, 0, 0, 3] });
  if (s.attachments) head.push({ text: s.attachments, fontSize: 9.5, color: '#333333', margin: [indent, 0, 0, 3] });
  const body = entries(s.entries, indent);
  // Keep the heading with a short first paragraph, so a sak never starts at the foot of a page.
  const first = s.entries[0];
  const keepFirst = first && first.kind !== 'label' && (first.kind === 'remark' || textLength(first.parts) < KEEP_WITH_HEADING);
  const out: Content[] = [{ stack: [...head, ...(keepFirst ? [body.shift()!] : [])], unbreakable: true } satisfies ContentStack];
  out.push(...body);
  for (const sub of s.subItems) out.push(...section(sub, 1));
  return out;
}

/**
 * A PDF (A4) of an innkalling or a referat, with the same content and order as renderHtml. `pageNumbers: false`
 * leaves out the "1 / 3" footer (the innkalling package numbers all its pages itself).
 */
export async function renderPdf(doc: MeetingDocument, opts: { pageNumbers?: boolean } = {}): Promise<Buffer> {
  configure();
  const l = layoutDocument(doc);
  const content: Content[] = [];
  if (l.organisation) content.push({ text: l.organisation.toUpperCase(), fontSize: 9, color: '#444444', characterSpacing: 0.6, margin: [0, 0, 0, 2] });
  content.push({ text: l.title, style: 'title' });
  content.push({
    table: {
      widths: [30 * MM, '*'],
      body: l.fields.map((f) => [{ text: `${f.label}:`, bold: true }, { text: f.lines.join('\n') }]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 6],
  });
  if (l.approval) {
    content.push({ text: `${l.approval.heading}:`, style: 'section' });
    content.push(...entries(l.approval.entries, 0));
  }
  content.push({ text: `${l.itemsHeading}:`, style: 'section' });
  for (const s of l.items) content.push(...section(s, 0));

  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [25 * MM, 22 * MM, 20 * MM, 22 * MM],
    info: { title: l.title, creator: 'motebok', producer: 'motebok', subject: l.kind },
    language: 'nb-NO',
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      section: { fontSize: 12.5, bold: true, margin: [0, 14, 0, 5] },
      item: { fontSize: 11, bold: true },
      subItem: { fontSize: 10.5, bold: true },
    },
    content,
  };
  if (opts.pageNumbers !== false) {
    definition.footer = (currentPage, pageCount) => ({
      text: `${currentPage} / ${pageCount}`,
      alignment: 'right',
      fontSize: 8,
      color: '#666666',
      margin: [0, 8 * MM, 20 * MM, 0],
    });
  }
  return pdfmake.createPdf(definition).getBuffer();
}

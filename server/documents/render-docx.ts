/** Word (DOCX) rendering of a meeting document: the shared layout of render-html.ts, written with the `docx` package. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  convertMillimetersToTwip,
} from 'docx';
import type { MeetingDocument } from '../../schema/meeting-document.js';
import { layoutDocument, type Entry, type LayoutSection, type TextPart } from './render-html.js';

const BULLETS = 'motebok-bullets';
const INDENT_STEP = convertMillimetersToTwip(8);
/** Tab stop after "Sak 21/2017" and after a sub-item's letter, so titles line up. */
const ITEM_TAB = convertMillimetersToTwip(28);
const SUB_TAB = convertMillimetersToTwip(7);

/**
 * The lines of one paragraph. Each line is a Word paragraph of its own, set tight, the last with the paragraph's
 * spacing: it looks like a line break, and text extractors (and screen readers) see the break too.
 */
function lineParagraphs(lines: string[], options: { indent: number; after: number; style?: { bold?: boolean; italics?: boolean } }): Paragraph[] {
  return lines.map(
    (text, i) =>
      new Paragraph({
        children: [new TextRun({ text, ...options.style })],
        indent: { left: options.indent },
        spacing: { after: i === lines.length - 1 ? options.after : 0 },
        keepLines: true,
        keepNext: i < lines.length - 1,
      }),
  );
}

function partParagraphs(parts: TextPart[], indent: number, style: { bold?: boolean } = {}): Paragraph[] {
  return parts.flatMap((p) =>
    p.kind === 'paragraph'
      ? lineParagraphs(p.lines, { indent, after: 100, style })
      : p.items.map(
          (item) =>
            new Paragraph({
              children: [new TextRun({ text: item, ...style })],
              numbering: { reference: BULLETS, level: indent > 0 ? 1 : 0 },
              spacing: { after: 40 },
            }),
        ),
  );
}

function entryParagraphs(e: Entry, indent: number): Paragraph[] {
  switch (e.kind) {
    case 'text':
      return partParagraphs(e.parts, indent);
    case 'decision':
      return partParagraphs(e.parts, indent);
    case 'label':
      return [
        new Paragraph({
          children: [new TextRun({ text: e.text, bold: true })],
          indent: { left: indent },
          keepNext: true,
          spacing: { before: 120, after: 40 },
        }),
      ];
    case 'remark':
      return [
        new Paragraph({ children: [new TextRun({ text: e.text, italics: true })], indent: { left: indent }, spacing: { after: 100 } }),
      ];
  }
}

function sectionParagraphs(s: LayoutSection, depth: 0 | 1): Paragraph[] {
  const indent = depth * INDENT_STEP;
  const heading = new Paragraph({
    heading: depth === 0 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4,
    keepNext: true,
    indent: { left: indent },
    tabStops: [{ type: 'left', position: indent + (depth === 0 ? ITEM_TAB : SUB_TAB) }],
    children: [new TextRun({ text: s.label }), ...(s.title === null ? [] : [new TextRun({ text: `\t${s.title}` })])],
  });
  const out = [heading];
  if (s.subtitle) {
    out.push(new Paragraph({ children: [new TextRun({ text: s.subtitle, italics: true })], indent: { left: indent }, keepNext: true }));
  }
  if (s.attachments) {
    out.push(
      new Paragraph({
        children: [new TextRun({ text: s.attachments, size: 20, color: '333333' })],
        indent: { left: indent },
        spacing: { after: 60 },
      }),
    );
  }
  for (const e of s.entries) out.push(...entryParagraphs(e, indent));
  for (const sub of s.subItems) out.push(...sectionParagraphs(sub, 1));
  return out;
}

/** A Word document (A4) of an innkalling or a referat, with the same content and order as renderHtml. */
export async function renderDocx(doc: MeetingDocument): Promise<Buffer> {
  const l = layoutDocument(doc);
  const children: Paragraph[] = [];
  if (l.organisation) {
    children.push(
      new Paragraph({ children: [new TextRun({ text: l.organisation.toUpperCase(), size: 18, color: '444444', characterSpacing: 20 })] }),
    );
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(l.title)] }));
  const fieldIndent = convertMillimetersToTwip(30);
  for (const f of l.fields) {
    f.lines.forEach((line, i) => {
      const last = i === f.lines.length - 1;
      children.push(
        new Paragraph({
          tabStops: [{ type: 'left', position: fieldIndent }],
          indent: { left: fieldIndent, hanging: i === 0 ? fieldIndent : 0 },
          spacing: { after: last ? 80 : 0 },
          keepNext: !last,
          children: [...(i === 0 ? [new TextRun({ text: `${f.label}:`, bold: true }), new TextRun({ text: '\t' })] : []), new TextRun(line)],
        }),
      );
    });
  }
  if (l.approval) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(`${l.approval.heading}:`)] }));
    for (const e of l.approval.entries) children.push(...entryParagraphs(e, 0));
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(`${l.itemsHeading}:`)] }));
  for (const s of l.items) children.push(...sectionParagraphs(s, 0));

  const sans = 'Arial';
  const document = new Document({
    creator: 'motebok',
    title: l.title,
    description: l.kind === 'innkalling' ? 'Innkalling' : 'Referat',
    styles: {
      default: {
        document: { run: { font: 'Cambria', size: 22, language: { value: 'nb-NO' } }, paragraph: { spacing: { line: 276 } } },
        heading1: { run: { font: sans, size: 34, bold: true, color: '111111' }, paragraph: { spacing: { after: 240 } } },
        heading2: { run: { font: sans, size: 26, bold: true, color: '111111' }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading3: { run: { font: sans, size: 23, bold: true, color: '111111' }, paragraph: { spacing: { before: 280, after: 80 } } },
        heading4: { run: { font: sans, size: 22, bold: true, color: '111111' }, paragraph: { spacing: { before: 200, after: 60 } } },
      },
    },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [0, 1].map((level) => ({
            level,
            format: LevelFormat.BULLET,
            text: '•',
            alignment: AlignmentType.LEFT,
            style: {
              paragraph: {
                indent: { left: INDENT_STEP * level + convertMillimetersToTwip(7), hanging: convertMillimetersToTwip(5) },
              },
            },
          })),
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(22),
              bottom: convertMillimetersToTwip(22),
              left: convertMillimetersToTwip(25),
              right: convertMillimetersToTwip(20),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

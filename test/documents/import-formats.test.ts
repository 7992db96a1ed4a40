/**
 * Formats told apart by content, and documents in them imported to the same meeting: a DOCX and a PDF rendered by
 * motebok itself from the seeded meeting, a DOCX written differently (tables, "Møteprotokoll", "PS" headings), and a
 * municipality's meeting page as HTML.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meeting } from '../../schema/entities/index.js';
import type { DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import { systemImport } from '../../server/services/import/import-service.js';
import { detectFormat } from '../../server/documents/formats/detect-format.js';
import { documentText } from '../../server/documents/formats/document-text.js';
import { gatherDocument } from '../../server/documents/gather-document.js';
import { readDocumentFile } from '../../server/documents/import-source.js';
import { parseDocument, readMeetingText } from '../../server/documents/parse/read-document.js';
import { renderMarkdown } from '../../server/documents/render-markdown.js';
import { renderDocx } from '../../server/documents/render-docx.js';
import { renderPdf } from '../../server/documents/render-pdf.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { seedExample } from '../../server/services/seed/seed-example.js';

const openMemory = async (): Promise<Orm> =>
  (await openDatabase({ kind: 'sqlite', url: 'sqlite::memory:', poolMax: 1 }, pino({ level: 'silent' }))).orm;

/** Texts compared as words: line breaks and paragraph spacing are layout, not content. */
const words = (d: unknown): unknown => JSON.parse(JSON.stringify(d, (_k, v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v)));

/**
 * A PDF keeps neither italics nor the bullet glyphs pdfmake draws: compared with list markers set aside and a
 * sub-item's (italic) subtitle read as the first words of its text.
 */
function pdfWords(d: MeetingDocument): unknown {
  const text = (t: string | null) => (t === null ? null : t.replace(/(^|\n)\s*[*•-]\s+/g, '$1'));
  const withSubtitle = (subtitle: string | null, t: string | null) => (subtitle && t ? `${subtitle} ${t}` : t);
  return words({
    ...d,
    items: d.items.map((i) => ({
      ...i,
      introduction: text(i.introduction),
      notes: text(i.notes),
      subItems: i.subItems.map((s) => ({
        ...s,
        subtitle: null,
        introduction: withSubtitle(s.subtitle, text(s.introduction)),
        notes: s.introduction ? text(s.notes) : withSubtitle(s.subtitle, text(s.notes)),
      })),
    })),
  });
}

describe('formats by content', () => {
  it('tells DOCX, PDF, HTML and text apart without looking at a name', async () => {
    const doc = readMeetingText('Møte i Styret 12. mars 2019 kl. 10:00\nSak 1/19 Godkjenning av innkalling').document;
    expect(detectFormat(await renderDocx(doc))).toBe('docx');
    expect(detectFormat(await renderPdf(doc))).toBe('pdf');
    expect(detectFormat(Buffer.from('<!DOCTYPE html><html><body><p>x</p></body></html>'))).toBe('html');
    expect(detectFormat(Buffer.from('<div><p>Sak 1/19</p></div>'))).toBe('html');
    expect(detectFormat(Buffer.from('# Referat fra møte i Styret 12. mars 2019\n'))).toBe('text');
    expect(detectFormat(Buffer.from('PK\u0003\u0004 not a docx'))).toBe('text');
  });
});

describe('documents motebok rendered, read back', () => {
  let seeded: Orm;
  const docs = {} as Record<DocumentKind, MeetingDocument>;
  /** The document as its rendering shows it: the Markdown rendering read back (the round trip shows it exact). */
  const shown = {} as Record<DocumentKind, MeetingDocument>;
  let meetingId: string;

  beforeAll(async () => {
    seeded = await openMemory();
    await seedExample(seeded.em.fork());
    const m = await seeded.em.fork().findOneOrFail(Meeting, {
      body: { slug: 'radmannsgruppen' },
      startsAt: { $gte: new Date('2017-09-14T00:00:00+02:00'), $lt: new Date('2017-09-15T00:00:00+02:00') },
    });
    meetingId = m.id;
    for (const kind of ['innkalling', 'referat'] as const) {
      docs[kind] = await gatherDocument(seeded.em.fork(), meetingId, kind);
      // Markdown prints no organisation; DOCX and PDF print it above the title.
      shown[kind] = { ...parseDocument(renderMarkdown(docs[kind])).document, organisation: docs[kind].organisation };
    }
  });

  afterAll(async () => {
    await seeded?.close(true);
  });

  for (const kind of ['innkalling', 'referat'] as const) {
    it(`${kind}: our DOCX reads as the same document`, async () => {
      const { format, text } = await documentText(await renderDocx(docs[kind]));
      expect(format).toBe('docx');
      const r = readMeetingText(text);
      expect(r.unplaced).toEqual([]);
      expect(words(r.document)).toEqual(words(shown[kind]));
    });

    it(`${kind}: our PDF reads as the same document (but for italics and bullet glyphs)`, async () => {
      const { format, text } = await documentText(await renderPdf(docs[kind]));
      expect(format).toBe('pdf');
      const r = readMeetingText(text);
      expect(r.unplaced).toEqual([]);
      expect(pdfWords(r.document)).toEqual(pdfWords(shown[kind]));
    });
  }

  it('the referat DOCX imported into an empty database gives the same meeting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motebok-formats-'));
    const fresh = await openMemory();
    try {
      const file = join(dir, 'referat.bin');
      writeFileSync(file, await renderDocx(docs.referat));
      const innkalling = join(dir, 'innkalling.bin');
      writeFileSync(innkalling, await renderDocx(docs.innkalling));
      for (const f of [innkalling, file]) {
        const r = await readDocumentFile(f);
        const report = await systemImport(fresh.em.fork()).apply(r.document, { apply: true, unplaced: r.unplaced });
        expect(report.warnings).toEqual([]);
      }
      const m = await fresh.em.fork().findOneOrFail(Meeting, { body: { slug: 'radmannsgruppen' } });
      expect(words(await gatherDocument(fresh.em.fork(), m.id, 'referat'))).toEqual(words(docs.referat));
    } finally {
      await fresh.close(true);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a DOCX written differently (tables, "Møteprotokoll", "PS" headings) imports to the same meeting', async () => {
    const d = docs.referat;
    const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
    const row = (...cells: string[]) => new TableRow({ children: cells.map((c) => cell(c)) });
    const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
    const start = new Date(d.startsAt);
    const clock = (x: Date) => x.toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' });
    const dateText = start.toLocaleDateString('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric' });
    const attendees = (list: MeetingDocument['present']) =>
      new Table({ rows: [row('Navn', 'Kommune'), ...list.map((a) => row(a.substituteFor ? `${a.name} (vara for ${a.substituteFor})` : a.name, a.municipality ?? ''))] });
    const children: (Paragraph | Table)[] = [
      new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun('Møteprotokoll')] }),
      new Table({
        rows: [row('Utvalg', d.body), row('Møtedato', dateText), row('Tid', `${clock(start)} - ${clock(new Date(d.endsAt!))}`), row('Møtested', d.location!)],
      }),
      p('Møtende medlemmer:', true),
      attendees(d.present),
      p('Forfall:', true),
      attendees(d.absent),
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Saksliste')] }),
      new Table({ rows: [row('Saksnr.', 'Tittel'), ...d.items.map((i) => row(i.number, i.title))] }),
    ];
    for (const i of d.items) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`PS ${i.number} ${i.title}`)] }));
      if (i.notes) for (const para of i.notes.split(/\n\n/)) children.push(p(para));
      if (i.decision?.text) {
        children.push(p('Vedtak:', true));
        children.push(p(i.decision.text));
      }
      if (i.decision?.voting) children.push(p(i.decision.voting));
    }
    const buffer = await Packer.toBuffer(new Document({ sections: [{ children }] }));
    const { format, text } = await documentText(buffer);
    expect(format).toBe('docx');
    const r = readMeetingText(text);
    const got = r.document;
    expect(got.kind).toBe('referat');
    expect(got.body).toBe(d.body);
    expect([got.startsAt, got.endsAt, got.location]).toEqual([d.startsAt, d.endsAt, d.location]);
    const people = (list: MeetingDocument['present']) => list.map((a) => [a.name, a.municipality, a.substituteFor]);
    expect(people(got.present)).toEqual(people(d.present));
    expect(people(got.absent)).toEqual(people(d.absent));
    const items = (doc: MeetingDocument) => doc.items.map((i) => words([i.number, i.title, i.decision?.text ?? null, i.decision?.voting ?? null]));
    expect(items(got)).toEqual(items(d));
  });
});

describe("a municipality's meeting page as HTML", () => {
  it('reads the table rows of the sakliste and the stated attendance (lines from the Verdal page)', async () => {
    const html = `<!DOCTYPE html><html><head><title>Kommunestyret</title><script>var x = "PS 1/20";</script></head><body>
      <nav><a href="/">Gå til innhold</a></nav>
      <h1>Kommunestyret 15.06.2020</h1>
      <p>Møtested :  Ørahallen, Verdalsøra skole<br>Dato:           15.06.2020<br>Tid:             18:00 - 23:20<br>
      Til stede:    35 representanter. Jorunn I. Slapgård fratrådte som inhabil i sak 55/20 – Kari B. Ekseth tiltrådte.</p>
      <h2>Sakliste</h2>
      <table><tr><th>Saksnr.</th><th>Sakstittel</th><th>Dokumenter</th><th>Vedtak</th></tr>
      <tr><td>PS 54/20</td><td>Godkjenning av møteprotokoll  25.05.2020</td><td></td><td><a>Protokoll</a></td></tr>
      <tr><td>PS 55/20</td><td>Detaljregulering Tromsdalen kalkbrudd og deponi</td><td><a>Saksframlegg</a></td><td><a>Protokoll</a></td></tr>
      <tr><td>PS 58/20</td><td>Fastsetting av planprogram - Detaljregulering Ørin sør II - del av 277/1 m.m.</td><td><a>Saksframlegg</a></td><td><a>Protokoll</a></td></tr>
      </table></body></html>`;
    const { format, text } = await documentText(Buffer.from(html));
    expect(format).toBe('html');
    expect(text).not.toContain('var x');
    const r = readMeetingText(text);
    expect(r.document.kind).toBe('referat');
    expect(r.document.startsAt).toBe('2020-06-15T18:00:00+02:00');
    expect(r.document.presentCount).toBe(35);
    expect(r.document.items.map((i) => [i.number, i.title])).toEqual([
      ['54/2020', 'Godkjenning av møteprotokoll 25.05.2020'],
      ['55/2020', 'Detaljregulering Tromsdalen kalkbrudd og deponi'],
      ['58/2020', 'Fastsetting av planprogram - Detaljregulering Ørin sør II - del av 277/1 m.m.'],
    ]);
  });
});

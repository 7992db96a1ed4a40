/**
 * The innkalling package PDF, opened with pdf.js (unpdf): the innkalling's pages, then each vedlegg's pages in
 * order (PDFs page by page, a PNG on a page of its own, cover pages for what cannot be shown), "Side N av M" on
 * every page, and bookmarks per sak with a child per vedlegg opening its first page.
 */
import { degrees, PDFDocument } from 'pdf-lib';
import { getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticMeeting } from '../../server/documents/render-cli.js';
import { renderPdf } from '../../server/documents/render-pdf.js';
import { buildPackagePdf, type CoverReason } from '../../server/documents/package/build-package-pdf.js';
import type { PackageEntry } from '../../server/documents/package/package-entry.js';
import { brokenPdf, encryptedPdf, entryOf, readPdf, type ReadPdf } from '../helpers/package-files.js';
import { makePdf, makePng } from '../helpers/files.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let notice: Uint8Array;
let noticePages: number;

beforeAll(async () => {
  notice = new Uint8Array(await renderPdf(syntheticMeeting(0, 'innkalling', 12), { pageNumbers: false }));
  noticePages = (await readPdf(notice)).pageCount;
  expect(noticePages).toBeGreaterThan(1);
});

describe('buildPackagePdf', () => {
  let pdf: ReadPdf;
  let built: Awaited<ReturnType<typeof buildPackagePdf>>;
  let entries: PackageEntry[];

  beforeAll(async () => {
    const sak21 = { itemLabel: 'Sak 21/2017', itemTitle: 'Årsregnskap og årsberetning 2016' };
    const sak22 = { itemLabel: 'Sak 22/2017', itemTitle: 'Økonomirapport 2. tertial' };
    entries = [
      entryOf({ ...sak21, attachmentNumber: 1, title: 'Årsregnskap 2016', fileName: 'årsregnskap.pdf' }, await makePdf((k) => [`Vedlegg 1 side ${k}`], 3)),
      entryOf({ ...sak21, attachmentNumber: 2, title: 'Kart over området', fileName: 'kart.png', mimeType: 'image/png' }, makePng(1200, 800)),
      entryOf({ ...sak22, attachmentNumber: 3, title: 'Tertialrapport', fileName: 'tertial.pdf' }, await makePdf((k) => [`Vedlegg 3 side ${k}`], 2, [841.89, 595.28])),
      entryOf({ ...sak22, attachmentNumber: 4, title: 'Saksframlegg', fileName: 'saksframlegg.docx', mimeType: DOCX }, new Uint8Array([0x50, 0x4b, 3, 4])),
      // The same vedlegg under another sak: included once, bookmarked under both.
      entryOf({ itemLabel: 'Sak 23/2017', itemTitle: 'Oppfølging', attachmentNumber: 1, title: 'Årsregnskap 2016', key: 'v1' }, null),
    ];
    built = await buildPackagePdf(notice, entries, { title: 'Innkalling Rådmannsgruppen 14.09.2017' });
    pdf = await readPdf(built.bytes);
  });

  it('has the innkalling, then every vedlegg page, the image page and a cover page for the DOCX', () => {
    // 3 + 1 (PNG) + 2 + 1 (cover for the DOCX); the shared vedlegg adds nothing.
    expect(pdf.pageCount).toBe(noticePages + 3 + 1 + 2 + 1);
    expect(built.pageCount).toBe(pdf.pageCount);
    expect(built.parts.map((p) => [p.firstPage + 1, p.pageCount, p.cover])).toEqual([
      [noticePages + 1, 3, null],
      [noticePages + 4, 1, null],
      [noticePages + 5, 2, null],
      [noticePages + 7, 1, 'office'],
      [noticePages + 1, 3, null],
    ]);
    expect(pdf.pages[0]).toContain('Innkalling');
    expect(pdf.pages[noticePages]).toContain('Vedlegg 1 side 1');
    expect(pdf.pages[noticePages + 2]).toContain('Vedlegg 1 side 3');
    expect(pdf.pages[noticePages + 5]).toContain('Vedlegg 3 side 2');
    const cover = pdf.pages[noticePages + 6]!;
    expect(cover).toContain('Vedlegg 4: Saksframlegg');
    expect(cover).toContain('saksframlegg.docx');
    expect(cover).toContain('Word-dokument (DOCX)');
    expect(cover).toContain('zip-utgaven');
  });

  it('stamps "Side N av M" on every page, the innkalling\'s included', () => {
    pdf.pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain(`Side ${i + 1} av ${pdf.pageCount}`));
    // The innkalling was rendered without its own "1 / 3" footer.
    expect(pdf.pages[0]).not.toMatch(new RegExp(`\\b1 / ${noticePages}\\b`));
  });

  it('has bookmarks: Innkalling, then one per sak with a child per vedlegg opening its first page', () => {
    const v = (n: number, title: string, page: number) => ({ title: `Vedlegg ${n}: ${title}`, page, children: [] });
    expect(pdf.outline).toEqual([
      { title: 'Innkalling', page: 1, children: [] },
      {
        title: 'Sak 21/2017 Årsregnskap og årsberetning 2016',
        page: noticePages + 1,
        children: [v(1, 'Årsregnskap 2016', noticePages + 1), v(2, 'Kart over området', noticePages + 4)],
      },
      {
        title: 'Sak 22/2017 Økonomirapport 2. tertial',
        page: noticePages + 5,
        children: [v(3, 'Tertialrapport', noticePages + 5), v(4, 'Saksframlegg', noticePages + 7)],
      },
      { title: 'Sak 23/2017 Oppfølging', page: noticePages + 1, children: [v(1, 'Årsregnskap 2016', noticePages + 1)] },
    ]);
  });
});

describe('vedlegg that cannot be included', () => {
  it('get a cover page each, saying why; the package never fails', async () => {
    const sak = { itemLabel: 'Sak 5/2018', itemTitle: 'Diverse' };
    const told: CoverReason[] = [];
    const built = await buildPackagePdf(
      notice,
      [
        entryOf({ ...sak, attachmentNumber: 1, title: 'Kryptert avtale', fileName: 'avtale.pdf' }, await encryptedPdf()),
        entryOf({ ...sak, attachmentNumber: 2, title: 'Skadet fil', fileName: 'skadet.pdf' }, brokenPdf()),
        entryOf({ ...sak, attachmentNumber: 3, title: 'Ikke lastet opp' }, null),
        { ...entryOf({ ...sak, attachmentNumber: 4, title: 'Lageret svarer ikke' }, null), open: () => Promise.reject(new Error('disk gone')) },
        entryOf({ ...sak, attachmentNumber: 5, title: 'Skadet bilde', mimeType: 'image/jpeg' }, brokenPdf()),
        entryOf({ ...sak, attachmentNumber: 6, title: 'Lyd', fileName: 'opptak.mp3', mimeType: 'audio/mpeg' }, new Uint8Array([1, 2, 3])),
        entryOf({ ...sak, attachmentNumber: 7, title: 'Gyldig' }, await makePdf((k) => [`Vedlegg 7 side ${k}`], 1)),
      ],
      { onCover: (_e, reason) => told.push(reason) },
    );
    expect(told).toEqual(['encrypted', 'broken', 'missing', 'unreadable', 'broken', 'unsupported']);
    const pdf = await readPdf(built.bytes);
    expect(pdf.pageCount).toBe(noticePages + 6 + 1);
    const page = (n: number) => pdf.pages[noticePages + n - 1]!;
    expect(page(1)).toContain('kryptert (passordbeskyttet)');
    expect(page(1)).toContain('avtale.pdf');
    expect(page(2)).toContain('skadet eller kunne ikke tolkes');
    expect(page(3)).toContain('ikke lagret noen fil');
    expect(page(4)).toContain('kunne ikke leses fra lageret');
    expect(page(5)).toContain('Vedlegg 5: Skadet bilde');
    expect(page(6)).toContain('audio/mpeg');
    expect(page(7)).toContain('Vedlegg 7 side 1');
    expect(pdf.outline[1]!.children.map((c) => c.page)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => noticePages + n));
  });

  it('a package with no vedlegg is the innkalling, numbered, with one bookmark', async () => {
    const pdf = await readPdf((await buildPackagePdf(notice, [])).bytes);
    expect(pdf.pageCount).toBe(noticePages);
    expect(pdf.outline).toEqual([{ title: 'Innkalling', page: 1, children: [] }]);
    expect(pdf.pages.at(-1)).toContain(`Side ${noticePages} av ${noticePages}`);
  });
});

describe('page numbers on rotated pages', () => {
  it('stand at the foot of the page as it is displayed, whatever its /Rotate', async () => {
    const src = await PDFDocument.load(await makePdf((k) => [`Rotert side ${k}`], 4));
    src.getPages().forEach((p, i) => p.setRotation(degrees(i * 90)));
    const entry = entryOf({ itemLabel: 'Sak 1/2019', itemTitle: 'Rotert', attachmentNumber: 1, title: 'Skannet' }, await src.save());
    const built = await buildPackagePdf(notice, [entry]);
    const pdf = await getDocumentProxy(new Uint8Array(built.bytes));
    for (let n = noticePages + 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const item = (await page.getTextContent()).items.find((it) => 'str' in it && it.str === `Side ${n} av ${pdf.numPages}`);
      expect(item, `page ${n}`).toBeDefined();
      const [x, y] = viewport.convertToViewportPoint((item as { transform: number[] }).transform[4]!, (item as { transform: number[] }).transform[5]!);
      // Displayed coordinates, y downwards: within the bottom 25 pt, and around the middle.
      expect(viewport.height - y!, `page ${n} (rotation ${page.rotate})`).toBeLessThan(25);
      expect(Math.abs(x! - viewport.width / 2), `page ${n} (rotation ${page.rotate})`).toBeLessThan(40);
    }
    await pdf.destroy();
  });
});

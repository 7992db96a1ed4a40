/**
 * The innkalling package as a zip, opened with a real unzip library (yauzl): innkalling.pdf first, then each
 * vedlegg's own file once, in package order, with Norwegian names (UTF-8 flag set), byte-identical; vedlegg with no
 * stored file are listed in "Vedlegg som mangler.txt".
 */
import { describe, expect, it } from 'vitest';
import { buildPackageZip, MISSING_NAME, NOTICE_NAME } from '../../server/documents/package/build-package-zip.js';
import { zipName } from '../../server/documents/package/package-entry.js';
import { collect, entryOf, readZip } from '../helpers/package-files.js';
import { makePdf, makePng } from '../helpers/files.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('buildPackageZip', () => {
  it('holds innkalling.pdf and the vedlegg files in order, named in Norwegian, byte-identical', async () => {
    const notice = await makePdf((k) => [`Innkalling side ${k}`], 2);
    const v1 = await makePdf((k) => [`Vedlegg 1 side ${k}`], 3);
    const v2 = makePng(40, 30);
    const v4 = new Uint8Array(Buffer.from('PK\u0003\u0004 not really a docx'));
    const sak21 = { itemLabel: 'Sak 21/2017', itemTitle: 'Årsregnskap' };
    const zip = await readZip(
      await collect(
        buildPackageZip(notice, [
          entryOf({ ...sak21, attachmentNumber: 1, title: 'Årsregnskap 2016', fileName: 'regnskap.PDF' }, v1),
          entryOf({ ...sak21, attachmentNumber: 2, title: 'Kart: Nærøysund/Bjørnør', fileName: null, mimeType: 'image/png' }, v2),
          entryOf({ itemLabel: 'Sak 22/2017', itemTitle: 'Budsjett', attachmentNumber: 3, title: 'Ikke lastet opp' }, null),
          entryOf({ itemLabel: 'Sak 22/2017', itemTitle: 'Budsjett', attachmentNumber: 4, title: 'Saksframlegg «budsjett»', fileName: 'framlegg.docx', mimeType: DOCX }, v4),
          // Vedlegg 1 again, under another sak: one file.
          entryOf({ itemLabel: 'Sak 23/2017', itemTitle: 'Oppfølging', attachmentNumber: 1, title: 'Årsregnskap 2016' }, v1),
        ]),
      ),
    );
    expect(zip.map((f) => f.name)).toEqual([
      NOTICE_NAME,
      '01 Vedlegg 1 – Årsregnskap 2016.pdf',
      '02 Vedlegg 2 – Kart Nærøysund Bjørnør.png',
      '03 Vedlegg 4 – Saksframlegg «budsjett».docx',
      MISSING_NAME,
    ]);
    expect(zip.every((f) => f.utf8)).toBe(true);
    expect(zip[0]!.bytes.equals(Buffer.from(notice))).toBe(true);
    expect(zip[1]!.bytes.equals(Buffer.from(v1))).toBe(true);
    expect(zip[2]!.bytes.equals(Buffer.from(v2))).toBe(true);
    expect(zip[3]!.bytes.equals(Buffer.from(v4))).toBe(true);
    expect(zip[4]!.bytes.toString('utf8')).toContain('Sak 22/2017: Vedlegg 3: Ikke lastet opp');
  });

  it('lists a vedlegg whose file cannot be read as missing, and tells of it', async () => {
    const told: string[] = [];
    const failing = { ...entryOf({ itemLabel: 'Sak 1/2018', itemTitle: 'X', attachmentNumber: 1, title: 'Borte' }, null), open: () => Promise.reject(new Error('disk gone')) };
    const zip = await readZip(await collect(buildPackageZip(await makePdf((k) => [`Innkalling side ${k}`], 1), [failing], { onUnreadable: (e) => told.push(e.title) })));
    expect(zip.map((f) => f.name)).toEqual([NOTICE_NAME, MISSING_NAME]);
    expect(told).toEqual(['Borte']);
  });

  it('names files safely: no path separators or control characters, an extension from the type', () => {
    const e = { attachmentNumber: 12, title: '../../etc/passwd\u0000 og\ttabs. ', fileName: null, mimeType: 'application/vnd.oasis.opendocument.text' };
    expect(zipName(7, e, 3)).toBe('007 Vedlegg 12 – etc passwd og tabs.odt');
    expect(zipName(1, { ...e, title: '', mimeType: 'application/x-unknown' }, 2)).toBe('01 Vedlegg 12.bin');
  });
});

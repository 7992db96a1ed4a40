/**
 * GET /meetings/:id/innkalling-package.{pdf,zip} on the real server: a member gets the full package (closed saker's
 * and non-public vedlegg included), the public — and a member asking ?variant=public — the public one; vedlegg in
 * agenda order (a sak's own by number, then its sub-items'), a shared vedlegg once, a vedlegg with no stored file
 * as a cover page; coded JSON errors otherwise. The vedlegg are real files uploaded through
 * POST /meetings/:id/attachments and read from the file store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { makePdf, makePng, upload } from '../helpers/files.js';
import { addItem, bodyId, createMeeting, sendNotice } from '../helpers/meeting-api.js';
import { collect, readPdf, readZip } from '../helpers/package-files.js';

const paged = (label: string, pages: number) => makePdf((k) => [`${label} side ${k}`], pages);
const FILES: Record<string, Promise<Buffer>> = {
  'budsjett.pdf': paged('Budsjett', 3),
  'kart.png': Promise.resolve(makePng(300, 200)),
  'lonnsoversikt.pdf': paged('Lønnsoversikt', 2),
  'soknader.pdf': paged('Søknader', 2),
  'veglista.pdf': paged('Veglista', 1),
};

for (const kind of dbKinds()) {
  describe(`innkalling package routes (${kind})`, () => {
    let server: TestServer;
    let meetingId: string;
    let member: string;
    const sak: Record<'budsjett' | 'ansettelse' | 'veg', string> = { budsjett: '', ansettelse: '', veg: '' };

    const get = (path: string, token?: string) =>
      fetch(`${server.url}/meetings/${meetingId}/${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const pagesOf = async (path: string, token?: string) => (await readPdf(new Uint8Array(await (await get(path, token)).arrayBuffer()))).pageCount;

    beforeAll(async () => {
      server = await startTestServer(kind, { seed: true });
      member = await server.tokenFor('MEMBER');
      const m = await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2031-03-10T08:00:00.000Z', approvePreviousMinutes: false });
      meetingId = m.id;
      const budsjett = await addItem(server, { meetingId, title: 'Budsjett 2032' });
      const ansettelse = await addItem(server, { meetingId, title: 'Ansettelse av daglig leder', public: false, closedLegalBasis: 'offentleglova § 25', publicTitle: 'Personalsak' });
      const veg = await addItem(server, { meetingId, title: 'Vegvedlikehold' });
      sak.budsjett = `Sak ${budsjett.number}`;
      sak.ansettelse = `Sak ${ansettelse.number}`;
      sak.veg = `Sak ${veg.number}`;
      await server.ok(`mutation ($i: ID!) { addSubItem(input: { agendaItemId: $i, title: "Fylkesveger" }) { letter } }`, { i: veg.id });
      // Uploaded as the secretariat's editor does it (one file per request), numbered 1… in this order.
      const attach = async (title: string, fileName: string, items: string[]) => {
        const res = await upload(server.url, meetingId, [{ name: fileName, bytes: await FILES[fileName]! }], { title, agendaItemIds: items }, server.adminToken);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body.attachments[0] as { id: string; number: number };
      };
      await attach('Budsjettforslag', 'budsjett.pdf', [budsjett.id, veg.id]); // 1, shared
      await attach('Kart', 'kart.png', [budsjett.id]); // 2
      const lonn = await attach('Lønnsoversikt', 'lonnsoversikt.pdf', [budsjett.id]); // 3, not public
      await server.ok(`mutation ($a: ID!) { setAttachmentPublic(input: { attachmentId: $a, public: false, legalBasis: "Offl. § 25" }) { id } }`, { a: lonn.id });
      await attach('Søknader', 'soknader.pdf', [ansettelse.id]); // 4, closed sak
      const sub = await attach('Veglista', 'veglista.pdf', []); // 5, on the sub-item
      await server.ok(`mutation ($a: ID!, $i: ID!) { linkAttachment(input: { attachmentId: $a, agendaItemId: $i, subItemLetter: "A" }) { id } }`, { a: sub.id, i: veg.id });
      // 6: a vedlegg with no stored file (a title only, as before files existed).
      await server.ok(`mutation ($input: AddAttachmentInput!) { addAttachment(input: $input) { id } }`, {
        input: { meetingId, title: 'Tilstandsrapport', agendaItemIds: [veg.id] },
      });
      await sendNotice(server, meetingId);
    }, 60_000);

    afterAll(async () => {
      await server?.close();
    });

    it('gives a member the full package: every vedlegg in agenda order, bookmarks per sak, page numbers', async () => {
      const res = await get('innkalling-package.pdf', member);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-package-variant')).toBe('full');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="innkalling-radmannsgruppen-2031-03-10-pakke.pdf"');
      const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
      const n = await pagesOf('innkalling.pdf', member);
      // Budsjett 3, kart 1, lønnsoversikt 2, søknader 2, tilstandsrapport (cover) 1, veglista 1.
      expect(pdf.pageCount).toBe(n + 3 + 1 + 2 + 2 + 1 + 1);
      const v = (title: string, page: number) => ({ title, page, children: [] });
      expect(pdf.outline).toEqual([
        v('Innkalling', 1),
        { title: `${sak.budsjett} Budsjett 2032`, page: n + 1, children: [v('Vedlegg 1: Budsjettforslag', n + 1), v('Vedlegg 2: Kart', n + 4), v('Vedlegg 3: Lønnsoversikt', n + 5)] },
        { title: `${sak.ansettelse} Ansettelse av daglig leder`, page: n + 7, children: [v('Vedlegg 4: Søknader', n + 7)] },
        // The sak's own vedlegg by number, then its sub-item's; the shared budget once, at its first place.
        { title: `${sak.veg} Vegvedlikehold`, page: n + 1, children: [v('Vedlegg 1: Budsjettforslag', n + 1), v('Vedlegg 6: Tilstandsrapport', n + 9), v('Vedlegg 5: Veglista', n + 10)] },
      ]);
      expect(pdf.pages[n + 8]).toContain('ikke lagret noen fil');
      expect(pdf.pages[n + 9]).toContain('Veglista side 1');
      pdf.pages.forEach((text, i) => expect(text).toContain(`Side ${i + 1} av ${pdf.pageCount}`));
    });

    it('gives the public, and a member asking for it, the public package: no closed sak, no non-public vedlegg', async () => {
      const res = await get('innkalling-package.pdf');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-package-variant')).toBe('public');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="innkalling-radmannsgruppen-2031-03-10-pakke-offentlig.pdf"');
      const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
      const n = await pagesOf('innkalling.pdf');
      expect(pdf.pageCount).toBe(n + 3 + 1 + 1 + 1);
      expect(pdf.outline.map((o) => [o.title, o.children.map((c) => c.title)])).toEqual([
        ['Innkalling', []],
        [`${sak.budsjett} Budsjett 2032`, ['Vedlegg 1: Budsjettforslag', 'Vedlegg 2: Kart']],
        [`${sak.veg} Vegvedlikehold`, ['Vedlegg 1: Budsjettforslag', 'Vedlegg 6: Tilstandsrapport', 'Vedlegg 5: Veglista']],
      ]);
      const text = pdf.pages.join('\n');
      expect(text).not.toMatch(/Lønnsoversikt|Søknader|Ansettelse/);
      // The closed sak is in the innkalling as the public register shows it, without its vedlegg.
      expect(text).toContain(`${sak.ansettelse} Unntatt offentlighet, offentleglova § 25`);

      const preview = await get('innkalling-package.pdf?variant=public', member);
      expect(preview.headers.get('x-package-variant')).toBe('public');
      const seen = await readPdf(new Uint8Array(await preview.arrayBuffer()));
      expect(seen.outline).toEqual(pdf.outline);
      expect(seen.pageCount).toBe(pdf.pageCount);
      // The public cannot ask for more.
      expect((await get('innkalling-package.pdf?variant=full')).headers.get('x-package-variant')).toBe('public');
    });

    it('serves the zip: innkalling.pdf and the vedlegg files in order, the missing one listed', async () => {
      const res = await get('innkalling-package.zip', member);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      const zip = await readZip(await collect(res.body as unknown as NodeJS.ReadableStream));
      expect(zip.map((f) => f.name)).toEqual([
        'innkalling.pdf',
        '01 Vedlegg 1 – Budsjettforslag.pdf',
        '02 Vedlegg 2 – Kart.png',
        '03 Vedlegg 3 – Lønnsoversikt.pdf',
        '04 Vedlegg 4 – Søknader.pdf',
        '05 Vedlegg 5 – Veglista.pdf',
        'Vedlegg som mangler.txt',
      ]);
      expect(zip[1]!.bytes.equals(await FILES['budsjett.pdf']!)).toBe(true);
      expect(zip[2]!.bytes.equals(await FILES['kart.png']!)).toBe(true);
      expect(zip.at(-1)!.bytes.toString('utf8')).toContain('Vedlegg 6: Tilstandsrapport');
      // Not in the zip order of the PDF: the zip holds each file once; the PDF bookmarks show where they belong.
      const pub = await readZip(await collect((await get('innkalling-package.zip')).body as unknown as NodeJS.ReadableStream));
      expect(pub.map((f) => f.name)).toEqual(['innkalling.pdf', '01 Vedlegg 1 – Budsjettforslag.pdf', '02 Vedlegg 2 – Kart.png', '03 Vedlegg 5 – Veglista.pdf', 'Vedlegg som mangler.txt']);
    });

    it('answers coded JSON errors: unknown meeting, bad variant, invalid token', async () => {
      const missing = await fetch(`${server.url}/meetings/00000000-0000-4000-8000-000000000000/innkalling-package.pdf`, { headers: { authorization: `Bearer ${member}` } });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      const bad = await get('innkalling-package.zip?variant=everything', member);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
      const invalid = await get('innkalling-package.pdf', `${member}x`);
      expect(invalid.status).toBe(401);
      expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    });
  });
}

/**
 * Vedlegg as real files (issue 15, acceptance 1), on SQLite and PostgreSQL: upload over HTTP, link to a sak, GraphQL
 * fields, download byte-identical with checksum, ETag/304 and Range/206/416; oversize and unsupported files get a
 * coded error and store nothing; a non-public file is neither listed nor downloadable for the public; bytes shared
 * by two vedlegg stay until the last is removed; the text of a PDF is found by a member, not by the public.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { download, fakeExe, makeDocx, makePdf, storeContents, upload } from '../helpers/files.js';
import { bodyId, createMeeting, rowCounts } from '../helpers/meeting-api.js';
import { roleTokens, type Tokens } from '../helpers/roles.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { boundBytesContain, captureStatements, literalsOf } from '../helpers/sql-capture.js';

const MAX = 300_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const FILE_FIELDS = 'id number title name type size checksum pageCount public legalBasis downloadPath';

describe.each(dbKinds())('vedlegg files on %s', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  let meeting: SeedMeeting;
  let pdf: Buffer;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { UPLOAD_MAX_BYTES: String(MAX), UPLOAD_MAX_FILES: '3', FILES_DIR: mkdtempSync(join(tmpdir(), 'motebok-files-test-')) } });
    tokens = await roleTokens(server);
    meeting = await seedMeeting(server);
    pdf = await makePdf(['Saksframlegg: tertialrapport', 'Økonomien i Vestregionen, særlig Bærum'], 3);
  }, 60_000);
  afterAll(async () => server?.close());

  it('uploads a PDF onto a sak; GraphQL lists it with name, type, size, checksum and pages; it downloads byte-identical', async () => {
    const item = meeting.item('25/2017');
    const statements = captureStatements(server.app.orm);
    const up = await upload(server.url, meeting.id, [{ name: 'Årsmelding økonomi 2017.pdf', bytes: pdf, type: 'text/plain' }], { agendaItemIds: item.id, title: 'Årsmelding' }, tokens.secretaryRG);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    // On PostgreSQL the bytes go into the database as bound parameters, never as a literal in the SQL text.
    const head = pdf.subarray(0, 48).toString('hex');
    expect(literalsOf(statements, head)).toEqual([]);
    expect(boundBytesContain(statements, head)).toBe(kind === 'postgresql');
    const [a] = up.body.attachments;
    expect(a).toMatchObject({ title: 'Årsmelding', name: 'Årsmelding økonomi 2017.pdf', type: 'application/pdf', size: pdf.length, checksum: sha(pdf), pageCount: 3, public: true, legalBasis: null });

    const { agendaItem } = await server.ok(`query ($id: ID!) { agendaItem(id: $id) { attachments { ${FILE_FIELDS} } } }`, { id: item.id }, tokens.memberRG);
    const listed = agendaItem.attachments.find((x: any) => x.id === a.id);
    expect(listed).toMatchObject({ name: 'Årsmelding økonomi 2017.pdf', type: 'application/pdf', size: pdf.length, checksum: sha(pdf), pageCount: 3, downloadPath: `/attachments/${a.id}/file` });

    const got = await download(server.url, a.id, tokens.memberRG);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(pdf)).toBe(true);
    expect(sha(got.bytes)).toBe(a.checksum);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-length')).toBe(String(pdf.length));
    expect(got.headers.get('etag')).toBe(`"${sha(pdf)}"`);
    const cd = got.headers.get('content-disposition')!;
    expect(cd).toContain("filename*=UTF-8''%C3%85rsmelding%20%C3%B8konomi%202017.pdf");
    expect(cd).toMatch(/^attachment; filename="Aarsmelding oekonomi 2017\.pdf"; filename\*=/);
    // The public reads the example meeting (notice sent) and this public file of a public sak; open data lists it.
    expect((await download(server.url, a.id, null)).bytes.equals(pdf)).toBe(true);
    const file = await (await fetch(`${server.url}/oparl/v1/file/${a.id}`)).json();
    expect(file).toMatchObject({ fileName: 'Årsmelding økonomi 2017.pdf', mimeType: 'application/pdf', size: pdf.length });
    expect(file.accessUrl).toMatch(new RegExp(`/attachments/${a.id}/file$`));
  });

  it('answers If-None-Match with 304, a Range with 206, and an unsatisfiable Range with 416', async () => {
    const up = await upload(server.url, meeting.id, [{ name: 'range.pdf', bytes: pdf }], {}, tokens.secretaryRG);
    const id = up.body.attachments[0].id;
    const etag = `"${sha(pdf)}"`;
    const cached = await download(server.url, id, tokens.memberRG, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    expect((await download(server.url, id, tokens.memberRG, { 'if-none-match': '"other"' })).status).toBe(200);

    const part = await download(server.url, id, tokens.memberRG, { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${pdf.length}`);
    expect(part.bytes.equals(pdf.subarray(100, 1100))).toBe(true);
    const tail = await download(server.url, id, tokens.memberRG, { range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.bytes.equals(pdf.subarray(pdf.length - 10))).toBe(true);

    const bad = await download(server.url, id, tokens.memberRG, { range: `bytes=${pdf.length + 10}-` });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${pdf.length}`);
  });

  it('detects DOCX from its content and refuses an .exe renamed .pdf (415 UNSUPPORTED_FILE_TYPE), storing nothing', async () => {
    const docx = await makeDocx(['Notat om budsjett']);
    const ok = await upload(server.url, meeting.id, [{ name: 'notat.bin', bytes: docx }], {}, tokens.secretaryRG);
    expect(ok.status).toBe(201);
    expect(ok.body.attachments[0]).toMatchObject({ type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pageCount: null });

    const before = { rows: await rowCounts(server), store: await storeContents(server.app) };
    const exe = await upload(server.url, meeting.id, [{ name: 'saksframlegg.pdf', bytes: fakeExe(), type: 'application/pdf' }], {}, tokens.secretaryRG);
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const text = await upload(server.url, meeting.id, [{ name: 'notat.pdf', bytes: Buffer.from('bare tekst, ingen PDF\n'.repeat(50)) }], {}, tokens.secretaryRG);
    expect(text.status).toBe(415);
    // One good file and one bad in the same request: neither is stored.
    const mixed = await upload(server.url, meeting.id, [{ name: 'a.pdf', bytes: await makePdf(['blandet']) }, { name: 'b.pdf', bytes: fakeExe() }], {}, tokens.secretaryRG);
    expect(mixed.status).toBe(415);
    expect({ rows: await rowCounts(server), store: await storeContents(server.app) }).toEqual(before);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413 FILE_TOO_LARGE and more than UPLOAD_MAX_FILES with 413 TOO_MANY_FILES, storing nothing', async () => {
    const before = { rows: await rowCounts(server), store: await storeContents(server.app) };
    const big = Buffer.concat([await makePdf(['stor']), Buffer.alloc(MAX, 0x20)]);
    const tooBig = await upload(server.url, meeting.id, [{ name: 'stor.pdf', bytes: big }], {}, tokens.secretaryRG);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('FILE_TOO_LARGE');
    expect(tooBig.body.error.maxBytes).toBe(MAX); // the editor says the limit in its message
    const small = await makePdf(['liten']);
    const many = await upload(server.url, meeting.id, [1, 2, 3, 4].map((n) => ({ name: `${n}.pdf`, bytes: small })), {}, tokens.secretaryRG);
    expect(many.status).toBe(413);
    expect(many.body.error.code).toBe('TOO_MANY_FILES');
    expect({ rows: await rowCounts(server), store: await storeContents(server.app) }).toEqual(before);
  });

  it('a client that goes away mid-upload leaves nothing: no vedlegg, no blob, no staged part', async () => {
    const before = { rows: await rowCounts(server), store: await storeContents(server.app) };
    const boundary = 'avbrutt-opplasting';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="avbrutt.pdf"\r\n\r\n`);
    const req = request(`${server.url}/meetings/${meeting.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.secretaryRG}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + MAX) },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(await makePdf(['Avbrutt']));
    await waitFor(async () => (await storeContents(server.app)).staged > before.store.staged, 'the upload to be staged');
    req.destroy();
    await waitFor(async () => (await storeContents(server.app)).staged === before.store.staged, 'the staged part to be removed');
    expect({ rows: await rowCounts(server), store: await storeContents(server.app) }).toEqual(before);
  });

  it('keeps a non-public file (with its legal basis) from the public: not listed, not downloadable, not found by its text', async () => {
    const item = meeting.item('24/2017');
    const secret = await makePdf(['Fortrolig notat om Fjellvannsprosjektet', 'Personopplysninger'], 2);
    const missing = await upload(server.url, meeting.id, [{ name: 'notat.pdf', bytes: secret }], { public: 'false', agendaItemIds: item.id }, tokens.secretaryRG);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legalBasis' });

    const up = await upload(server.url, meeting.id, [{ name: 'Fortrolig notat.pdf', bytes: secret }], { public: 'false', legalBasis: 'Offl. § 13, jf. fvl. § 13', agendaItemIds: item.id }, tokens.secretaryRG);
    expect(up.status).toBe(201);
    const a = up.body.attachments[0];
    expect(a).toMatchObject({ public: false, legalBasis: 'Offl. § 13, jf. fvl. § 13' });

    const query = `query ($m: ID!, $i: ID!) { meeting(id: $m) { attachments { id } } agendaItem(id: $i) { attachments { id } } }`;
    const asPublic = await server.ok(query, { m: meeting.id, i: item.id }, 'public');
    expect(asPublic.meeting.attachments.map((x: any) => x.id)).not.toContain(a.id);
    expect(asPublic.agendaItem.attachments.map((x: any) => x.id)).not.toContain(a.id);
    const asMember = await server.ok(query, { m: meeting.id, i: item.id }, tokens.memberRG);
    expect(asMember.agendaItem.attachments.map((x: any) => x.id)).toContain(a.id);
    expect((await download(server.url, a.id, null)).status).toBe(404);
    expect((await download(server.url, a.id, tokens.secretarySG)).status).toBe(404);
    expect((await download(server.url, a.id, tokens.memberRG)).bytes.equals(secret)).toBe(true);

    await server.app.files.extractor.idle();
    await server.app.search.flush();
    const search = `query ($q: String!) { search(query: $q, first: 10) { totalCount edges { node { label } } } }`;
    const forMember = await server.ok(search, { q: 'Fjellvannsprosjektet' }, tokens.memberRG);
    expect(forMember.search.edges.map((e: any) => e.node.label)).toContain('Sak 24/2017');
    expect((await server.ok(search, { q: 'Fjellvannsprosjektet' }, 'public')).search.totalCount).toBe(0);

    // Made public: the public finds it and may download it.
    await server.ok(`mutation ($input: SetAttachmentPublicInput!) { setAttachmentPublic(input: $input) { public legalBasis } }`, { input: { attachmentId: a.id, public: true } }, tokens.secretaryRG);
    await server.app.search.flush();
    expect((await server.ok(search, { q: 'Fjellvannsprosjektet' }, 'public')).search.totalCount).toBeGreaterThan(0);
    expect((await download(server.url, a.id, null)).status).toBe(200);
  });

  it('keeps the bytes while another vedlegg (of another meeting) uses them, and removes them with the last', async () => {
    const shared = await makePdf(['Felles vedlegg for to møter']);
    const other = (await server.ok(`{ meetings(filter: { bodySlug: "radmannsgruppen" }) { id startsAt status } }`)).meetings.find(
      (m: any) => m.id !== meeting.id && m.status !== 'MINUTES_APPROVED',
    );
    const otherId = other?.id ?? (await server.ok(`mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
      input: { bodyId: (await server.ok(`{ body(slug: "radmannsgruppen") { id } }`)).body.id, startsAt: '2017-11-02T08:00:00.000Z' },
    })).createMeeting.id;
    const one = (await upload(server.url, meeting.id, [{ name: 'felles.pdf', bytes: shared }], {}, tokens.secretaryRG)).body.attachments[0];
    const two = (await upload(server.url, otherId, [{ name: 'felles.pdf', bytes: shared }], {}, tokens.secretaryRG)).body.attachments[0];
    expect(one.checksum).toBe(two.checksum);
    await server.ok(`mutation ($id: ID!) { removeAttachment(id: $id) }`, { id: one.id }, tokens.secretaryRG);
    expect(await server.app.files.store.has(sha(shared))).toBe(true);
    expect((await download(server.url, two.id, tokens.admin)).bytes.equals(shared)).toBe(true);
    await server.ok(`mutation ($id: ID!) { removeAttachment(id: $id) }`, { id: two.id }, tokens.secretaryRG);
    expect(await server.app.files.store.has(sha(shared))).toBe(false);
  });

  it('deleting a planned meeting removes its vedlegg files, but keeps bytes another meeting still uses', async () => {
    const planned = await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2032-05-04T08:00:00Z' });
    const [own, shared] = await Promise.all([makePdf(['Bare i møtet som slettes']), makePdf(['Delt mellom to møter'])]);
    const kept = await upload(server.url, meeting.id, [{ name: 'delt.pdf', bytes: shared }], {}, tokens.secretaryRG);
    const before = await storeContents(server.app);
    for (const bytes of [own, shared]) {
      expect((await upload(server.url, planned.id, [{ name: 'vedlegg.pdf', bytes }], {}, tokens.secretaryRG)).status).toBe(201);
    }
    expect((await storeContents(server.app)).blobs).toBe(before.blobs + 1);
    await server.ok(`mutation ($id: ID!) { deleteMeeting(id: $id) }`, { id: planned.id }, tokens.secretaryRG);
    expect(await storeContents(server.app)).toEqual(before);
    expect((await download(server.url, kept.body.attachments[0].id, tokens.memberRG)).bytes.equals(shared)).toBe(true);
  });
});

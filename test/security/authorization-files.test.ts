/**
 * The authorisation matrix, extended to vedlegg files (issue 15): uploading (POST /meetings/:id/attachments) and
 * downloading (GET /attachments/:id/file) for every role; setAttachmentPublic is a mutation and sits in the
 * mutations matrix. A refused upload stores nothing; a file the viewer may not see answers 404, as if absent.
 */
import { expect, it } from 'vitest';
import { download, makePdf, storeContents, upload } from '../helpers/files.js';
import { ROLES, type Role } from '../helpers/roles.js';
import { describeMatrix, snapshot } from './authorization-fixtures.js';

type Status = number;
const cells = (admin: Status, secretaryRG: Status, secretarySG: Status, memberRG: Status, anonymous: Status, invalidToken: Status): Record<Role, Status> => ({
  admin,
  secretaryRG,
  secretarySG,
  memberRG,
  public: anonymous,
  invalidToken,
});

describeMatrix('vedlegg files', (ctx) => {
  const tokenOf = (role: Role) => (role === 'public' ? null : ctx.tokens[role]);

  it('upload: the secretariat of the body (and admins); others refused with their code, nothing stored', async () => {
    const expected = cells(201, 201, 403, 403, 401, 401);
    const codes: Record<number, string> = { 403: 'FORBIDDEN', 401: 'UNAUTHENTICATED' };
    const pdf = await makePdf(['Matrise']);
    for (const role of ROLES) {
      const fx = ctx.f.next();
      const { m, items } = await ctx.f.meeting(fx, 'PLANNED', ['Sak']);
      const before = { db: await snapshot(ctx.server, fx), store: await storeContents(ctx.server.app) };
      const res = await upload(ctx.server.url, m, [{ name: 'sak.pdf', bytes: pdf }], { agendaItemIds: items[0]! }, tokenOf(role));
      expect.soft(res.status, `upload as ${role}`).toBe(expected[role]);
      if (expected[role] === 201) continue;
      expect.soft(res.body.error?.code, `upload as ${role}`).toBe(codes[expected[role]]);
      expect.soft({ db: await snapshot(ctx.server, fx), store: await storeContents(ctx.server.app) }, `upload as ${role}: nothing stored`).toEqual(before);
    }
  });

  it('upload to a meeting whose minutes are approved: MINUTES_LOCKED, nothing stored', async () => {
    const fx = ctx.f.next();
    const { m, items } = await ctx.f.meeting(fx, 'HELD', ['Sak']);
    await ctx.f.svc().meetings.approveMinutes(m);
    const before = await snapshot(ctx.server, fx);
    const res = await upload(ctx.server.url, m, [{ name: 'sent.pdf', bytes: await makePdf(['For sent']) }], { agendaItemIds: items[0]! }, ctx.tokens.secretaryRG);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MINUTES_LOCKED');
    expect(await snapshot(ctx.server, fx)).toEqual(before);
  });

  const downloads: Array<[what: string, status: 'PLANNED' | 'NOTICE_SENT', fields: Record<string, string>, closedItem: boolean, expected: Record<Role, Status>]> = [
    ['a public file of an open sak, notice sent', 'NOTICE_SENT', {}, false, cells(200, 200, 200, 200, 200, 401)],
    ['a non-public file (offl. § 13)', 'NOTICE_SENT', { public: 'false', legalBasis: 'Offl. § 13' }, false, cells(200, 200, 404, 200, 404, 401)],
    ['a public file of a closed sak', 'NOTICE_SENT', {}, true, cells(200, 200, 404, 200, 404, 401)],
    ['a public file of a planned meeting', 'PLANNED', {}, false, cells(200, 200, 404, 200, 404, 401)],
  ];
  for (const [what, status, fields, closedItem, expected] of downloads) {
    it(`download ${what}`, async () => {
      const fx = ctx.f.next();
      const { m } = await ctx.f.meeting(fx, 'PLANNED');
      const item = await ctx.f.item(m, 'Sak', closedItem ? { public: false, closedLegalBasis: 'Offl. § 14' } : {});
      const pdf = await makePdf([`Fil for ${what}`]);
      const up = await upload(ctx.server.url, m, [{ name: 'fil.pdf', bytes: pdf }], { agendaItemIds: item, ...fields }, ctx.tokens.secretaryRG);
      expect(up.status).toBe(201);
      if (status === 'NOTICE_SENT') await ctx.f.svc().meetings.sendNotice(m);
      for (const role of ROLES) {
        const res = await download(ctx.server.url, up.body.attachments[0].id, tokenOf(role));
        expect.soft(res.status, `download as ${role}`).toBe(expected[role]);
        if (expected[role] === 200) expect.soft(res.bytes.equals(pdf), `download as ${role}: the bytes`).toBe(true);
      }
    });
  }
});

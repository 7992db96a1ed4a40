/**
 * Acceptance 4 (issue 15), the authorisation matrix for downloads: the innkalling package (PDF and zip) for every
 * role (see authorization-matrix.ts): the full package, the public one (no closed sak's vedlegg), or refused with a
 * coded JSON error (NOT_FOUND where the meeting's existence is hidden).
 */
import { beforeAll, expect, it } from 'vitest';
import { Attachment } from '../../schema/entities/index.js';
import { collect, readPdf, readZip } from '../helpers/package-files.js';
import type { Role } from '../helpers/roles.js';
import { describeMatrix } from './authorization-fixtures.js';
import { checkEveryRole, DOWNLOADS, rowTitle, type Cell } from './authorization-matrix.js';

describeMatrix('downloads', (ctx) => {
  let planned: string;
  let sent: string;
  /** Vedlegg numbers in the sent meeting: one on an open sak, one on a closed sak. */
  const number = { open: 0, closed: 0 };

  beforeAll(async () => {
    const p = await ctx.f.meeting(ctx.f.next(), 'PLANNED', ['Planlagt sak']);
    planned = p.m;
    await ctx.f.attachment(planned, p.items);
    sent = (await ctx.f.meeting(ctx.f.next())).m;
    const open = await ctx.f.item(sent, 'Budsjett 2102');
    const closed = await ctx.f.item(sent, 'Ansettelse av ny daglig leder', { public: false, closedLegalBasis: 'offentleglova § 25' });
    const em = ctx.server.app.orm.em.fork();
    const numberOf = async (id: string) => (await em.findOneOrFail(Attachment, { id })).number;
    number.open = await numberOf(await ctx.f.attachment(sent, [open]));
    number.closed = await numberOf(await ctx.f.attachment(sent, [closed]));
    await ctx.f.svc().meetings.sendNotice(sent);
  });

  const download = (meetingId: string, format: 'pdf' | 'zip', role: Role) => {
    const token = ctx.tokens[role];
    return fetch(`${ctx.server.url}/meetings/${meetingId}/innkalling-package.${format}`, token === 'public' ? {} : { headers: { authorization: `Bearer ${token}` } });
  };

  /** What a package shows of the vedlegg: the bookmarks of the PDF, or the missing-files list of the zip. */
  const vedleggOf = async (res: Response, format: 'pdf' | 'zip'): Promise<string> => {
    if (format === 'pdf') {
      const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
      return pdf.outline.flatMap((o) => o.children.map((c) => c.title)).join('\n');
    }
    const zip = await readZip(await collect(res.body as unknown as NodeJS.ReadableStream));
    expect(zip[0]!.name).toBe('innkalling.pdf');
    return zip.find((f) => f.name === 'Vedlegg som mangler.txt')?.bytes.toString('utf8') ?? '';
  };

  const refused = async (res: Response, expected: Cell) => {
    expect(res.status).toBe({ 'deny:NOT_FOUND': 404, 'deny:UNAUTHENTICATED': 401, 'deny:FORBIDDEN': 403 }[expected as string]);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(expected.slice(5));
  };

  const plannedCheck = (format: 'pdf' | 'zip') => async (role: Role, expected: Cell) => {
    const res = await download(planned, format, role);
    if (expected !== 'allow') return refused(res, expected);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-package-variant')).toBe('full');
    expect(await vedleggOf(res, format)).toContain('Vedlegg 1: Vedlegg');
  };

  const closedCheck = (format: 'pdf' | 'zip') => async (role: Role, expected: Cell) => {
    const res = await download(sent, format, role);
    if (expected !== 'allow' && expected !== 'redacted') return refused(res, expected);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-package-variant')).toBe(expected === 'allow' ? 'full' : 'public');
    const shown = await vedleggOf(res, format);
    expect(shown).toContain(`Vedlegg ${number.open}: Vedlegg`);
    if (expected === 'allow') expect(shown).toContain(`Vedlegg ${number.closed}: Vedlegg`);
    else expect(shown).not.toContain(`Vedlegg ${number.closed}:`);
  };

  const checks: Record<string, (role: Role, expected: Cell) => Promise<void>> = {
    'innkalling-package.pdf of a PLANNED meeting': plannedCheck('pdf'),
    'innkalling-package.zip of a PLANNED meeting': plannedCheck('zip'),
    'innkalling-package.pdf with a closed sak': closedCheck('pdf'),
    'innkalling-package.zip with a closed sak': closedCheck('zip'),
  };

  for (const row of DOWNLOADS) {
    it(rowTitle(row), () => checkEveryRole(row, checks[row[0]]!));
  }
});

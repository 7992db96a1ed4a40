/**
 * Short-lived links signed for one resource (GraphQL resourceLink, `?sig=`): good for exactly the path signed, for a
 * few minutes, for what the link's user may read when it is used (the read policy asks again: a user who lost the
 * role is refused). A bearer token in a URL is refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Body, RoleGrant } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { errorCodes } from '../helpers/graphql.js';
import { bodyId, createMeeting } from '../helpers/meeting-api.js';
import { userOf } from '../helpers/roles.js';

const LINK = `mutation ($p: String!) { resourceLink(path: $p) { url path expiresAt } }`;

describe.each(dbKinds())('signed resource links (%s)', (kind) => {
  let server: TestServer;
  let planned: string;
  let other: string;
  let member: string;
  let secretarySG: string;

  /** A signed path for `path`, asked for as `as`. */
  const link = async (path: string, as?: string) => (await server.ok<{ resourceLink: { url: string; path: string; expiresAt: string } }>(LINK, { p: path }, as)).resourceLink;
  const get = (pathAndQuery: string) => fetch(`${server.url}${pathAndQuery}`);
  const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'false' } });
    const rg = await bodyId(server, 'radmannsgruppen');
    planned = (await createMeeting(server, { bodyId: rg, startsAt: '2019-02-07T08:00:00.000Z', approvePreviousMinutes: false })).id;
    other = (await createMeeting(server, { bodyId: rg, startsAt: '2019-03-07T08:00:00.000Z', approvePreviousMinutes: false })).id;
    member = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
    secretarySG = await server.tokenFor(BodyRole.SECRETARY, 'styringsgruppen');
  });
  afterAll(() => server?.close());

  it('signs the innkalling package too (PDF and zip), for a member of a planned meeting', async () => {
    for (const format of ['pdf', 'zip']) {
      const path = `/meetings/${planned}/innkalling-package.${format}`;
      const res = await get((await link(path, member)).path);
      expect(res.status, format).toBe(200);
      expect(res.headers.get('x-package-variant')).toBe('full');
      expect((await get(path)).status, `${format} without the link`).toBe(404);
    }
  });

  it('opens exactly the path signed, for a few minutes, without any header', async () => {
    const l = await link(`/meetings/${planned}/innkalling.pdf`, member);
    expect(l.url).toBe(`${server.url}${l.path}`);
    expect(new Date(l.expiresAt).getTime() - Date.now()).toBeGreaterThan(240_000);
    expect(new Date(l.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    const res = await get(l.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // Without the link the planned meeting is hidden from the public.
    expect((await get(`/meetings/${planned}/innkalling.pdf`)).status).toBe(404);

    const sig = new URL(l.url).searchParams.get('sig')!;
    for (const elsewhere of [`/meetings/${planned}/innkalling.md`, `/meetings/${planned}/referat.pdf`, `/meetings/${other}/innkalling.pdf`]) {
      const res = await get(`${elsewhere}?sig=${sig}`);
      expect(res.status, elsewhere).toBe(401);
      expect(await code(res)).toBe('UNAUTHENTICATED');
    }
    // A tampered signature, or two of them.
    expect((await get(`/meetings/${planned}/innkalling.pdf?sig=${sig.slice(0, -2)}xx`)).status).toBe(401);
    expect((await get(`/meetings/${planned}/innkalling.pdf?sig=${sig}&sig=${sig}`)).status).toBe(401);
  });

  it('stops working when it expires', async () => {
    const l = await link(`/meetings/${planned}/innkalling.md`, member);
    expect((await get(l.path)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 301_000);
      const res = await get(l.path);
      expect(res.status).toBe(401);
      expect(await code(res)).toBe('UNAUTHENTICATED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the query it was asked for (a named version of the referat)', async () => {
    const { createMinutesVersion } = await server.ok(`mutation ($m: ID!) { createMinutesVersion(meetingId: $m, label: "Utkast") { id } }`, { m: planned });
    const l = await link(`/meetings/${planned}/referat.md?version=${createMinutesVersion.id}`, member);
    expect(new URL(l.url).searchParams.get('version')).toBe(createMinutesVersion.id);
    const res = await get(l.path);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Referat');
  });

  it('is refused for what the caller may not read, for paths that are no resource, and for paths carrying a token', async () => {
    const cases: Array<[string, string | undefined, string]> = [
      [`/meetings/${planned}/innkalling.pdf`, 'public', 'NOT_FOUND'],
      [`/meetings/${planned}/innkalling.pdf`, secretarySG, 'NOT_FOUND'],
      [`/meetings/${planned}/referat.pdf`, 'public', 'NOT_FOUND'],
      [`/meetings/${planned}/innkalling.exe`, member, 'BAD_USER_INPUT'],
      ['/graphql', member, 'BAD_USER_INPUT'],
      ['https://evil.example/meetings/x/innkalling.pdf', member, 'BAD_USER_INPUT'],
      ['//evil.example/meetings/x/innkalling.pdf', member, 'BAD_USER_INPUT'],
      [`/meetings/${planned}/innkalling.pdf?token=x`, member, 'BAD_USER_INPUT'],
      [`/meetings/${planned}/innkalling.pdf`, 'not-a-token', 'UNAUTHENTICATED'],
    ];
    for (const [path, as, expected] of cases) {
      const res = await server.gql(LINK, { p: path }, as);
      expect(res.data?.resourceLink ?? null, path).toBeNull();
      expect(errorCodes(res.errors), `${path} as ${as?.slice(0, 12)}`).toEqual([expected]);
    }
  });

  it('asks the read policy again when used: a user who lost the role, or whose tokens were revoked, is refused', async () => {
    const lost = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
    const l = await link(`/meetings/${planned}/innkalling.html`, lost);
    expect((await get(l.path)).status).toBe(200);
    const em = server.app.orm.em.fork();
    const user = await userOf(server, lost);
    await em.nativeDelete(RoleGrant, { user: user.id, body: await em.findOneOrFail(Body, { slug: 'radmannsgruppen' }) });
    expect((await get(l.path)).status).toBe(404); // the planned meeting is hidden from them now

    const revoked = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
    const l2 = await link(`/meetings/${planned}/innkalling.html`, revoked);
    await new Promise((r) => setTimeout(r, 1100)); // revocation has whole seconds, as token issue times do
    await server.app.orm.em.fork().nativeUpdate('User', { id: (await userOf(server, revoked)).id }, { tokensValidFrom: new Date() });
    const res = await get(l2.path);
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('UNAUTHENTICATED');
  });

  it('refuses a bearer token in the URL, and prefers the Authorization header to a link', async () => {
    const res = await get(`/meetings/${planned}/innkalling.md?token=${member}`);
    expect(res.status).toBe(400);
    expect(await code(res)).toBe('BAD_USER_INPUT');
    const l = await link(`/meetings/${planned}/innkalling.md`, member);
    const withHeader = await fetch(`${server.url}${l.path}`, { headers: { authorization: `Bearer ${secretarySG}` } });
    expect(withHeader.status).toBe(404); // the header's viewer (another body's secretary) decides
  });
});

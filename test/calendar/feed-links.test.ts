/**
 * A member's own calendar feed address (GraphQL calendarFeedUrl): a calendar app fetches it with no header and gets
 * what that member may see (planned meetings too); it is good for that feed only, does not expire, and stops when
 * the member rotates their feed addresses (rotateCalendarFeeds) or loses the role.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Body, RoleGrant } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { errorCodes } from '../helpers/graphql.js';
import { bodyId, createMeeting } from '../helpers/meeting-api.js';
import { userOf } from '../helpers/roles.js';

const FEED_URL = `query ($s: String!) { calendarFeedUrl(bodySlug: $s) }`;

/** The UIDs of a feed's events, read with a real iCalendar parser. */
const uids = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid')));

describe.each(dbKinds())('calendar feed links (%s)', (kind) => {
  let server: TestServer;
  let planned: string;
  let member: string;

  const feedUrl = async (as: string, slug = 'radmannsgruppen') => (await server.ok<{ calendarFeedUrl: string }>(FEED_URL, { s: slug }, as)).calendarFeedUrl;

  beforeAll(async () => {
    server = await startTestServer(kind);
    planned = (await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2019-04-04T07:00:00.000Z', approvePreviousMinutes: false })).id;
    member = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
  });
  afterAll(() => server?.close());

  it("holds the member's planned meetings, with no header, and keeps working (no expiry)", async () => {
    const url = await feedUrl(member);
    expect(url.startsWith(`${server.url}/calendar/radmannsgruppen.ics?feed=`)).toBe(true);
    expect(url).not.toContain(member);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(uids(await res.text())).toContain(`${planned}@motebok`);
    // The public feed does not show it.
    expect(uids(await (await fetch(`${server.url}/calendar/radmannsgruppen.ics`)).text())).not.toContain(`${planned}@motebok`);
    // A year on, a calendar app still polls the same address.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 365 * 86_400_000);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is good for its own feed only', async () => {
    const feed = new URL(await feedUrl(member)).searchParams.get('feed')!;
    const res = await fetch(`${server.url}/calendar/styringsgruppen.ics?feed=${feed}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    // Nor is it a download link or a sign-in token.
    expect((await fetch(`${server.url}/meetings/${planned}/innkalling.md?sig=${feed}`)).status).toBe(401);
    expect((await server.gql(`{ me { name } }`, {}, feed)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops after rotation; the new address works', async () => {
    const own = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
    const before = await feedUrl(own);
    expect((await fetch(before)).status).toBe(200);
    const { rotateCalendarFeeds } = await server.ok<{ rotateCalendarFeeds: number }>(`mutation { rotateCalendarFeeds }`, {}, own);
    expect(rotateCalendarFeeds).toBe(1);
    const stopped = await fetch(before);
    expect(stopped.status).toBe(401);
    expect(((await stopped.json()) as { error: { code: string; message: string } }).error.message).toMatch(/replaced/);
    const after = await feedUrl(own);
    expect(after).not.toBe(before);
    expect(uids(await (await fetch(after)).text())).toContain(`${planned}@motebok`);
    // Another member's address is untouched by this rotation.
    expect((await fetch(await feedUrl(member))).status).toBe(200);
  });

  it('shows only what the member may see now: after losing the role, the planned meeting is gone', async () => {
    const leaving = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
    const url = await feedUrl(leaving);
    expect(uids(await (await fetch(url)).text())).toContain(`${planned}@motebok`);
    const em = server.app.orm.em.fork();
    await em.nativeDelete(RoleGrant, { user: (await userOf(server, leaving)).id, body: await em.findOneOrFail(Body, { slug: 'radmannsgruppen' }) });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(uids(await res.text())).not.toContain(`${planned}@motebok`);
  });

  it('is only for signed-in users, of bodies that exist', async () => {
    expect(errorCodes((await server.gql(FEED_URL, { s: 'radmannsgruppen' }, 'public')).errors)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await server.gql(FEED_URL, { s: 'no-such-body' }, member)).errors)).toEqual(['NOT_FOUND']);
    expect(errorCodes((await server.gql(`mutation { rotateCalendarFeeds }`, {}, 'public')).errors)).toEqual(['UNAUTHENTICATED']);
  });
});

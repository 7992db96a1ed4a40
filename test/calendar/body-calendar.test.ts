/**
 * The .ics feed of a body, read back with a real iCalendar parser (ical.js, with the feed's own VTIMEZONE): the
 * example meeting of 14.09.2017 at 09.00 Oslo summer time, meetings in winter time and on the day summer time
 * begins at 09.00 Oslo too; closed items only by their public title; a change raises SEQUENCE and LAST-MODIFIED; planned meetings only for the secretariat,
 * and a deleted one disappears. (A member's own feed link: feed-links.test.ts.)
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { addItem, bodyId, createMeeting, sendNotice } from '../helpers/meeting-api.js';
import { SEPT_14, seedMeeting } from '../helpers/seed-meeting.js';

interface ParsedEvent {
  uid: string;
  summary: string;
  start: Date;
  end: Date | null;
  tzid: string;
  localStart: string;
  sequence: number;
  status: string;
  lastModified: Date;
  stamp: Date;
  description: string;
}

/** Parses a feed with ical.js, registering the VTIMEZONEs it carries (as a calendar app does). */
function parseFeed(ics: string): { name: string; events: Map<string, ParsedEvent> } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = new Map<string, ParsedEvent>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const e = new ICAL.Event(vevent);
    const time = (name: string) => (vevent.getFirstPropertyValue(name) as ICAL.Time).toJSDate();
    const s = e.startDate;
    events.set(e.uid, {
      uid: e.uid,
      summary: e.summary,
      start: s.toJSDate(),
      end: vevent.hasProperty('dtend') ? e.endDate.toJSDate() : null,
      tzid: String(vevent.getFirstProperty('dtstart')!.getParameter('tzid')),
      localStart: `${String(s.hour).padStart(2, '0')}.${String(s.minute).padStart(2, '0')}`,
      sequence: Number(vevent.getFirstPropertyValue('sequence')),
      status: String(vevent.getFirstPropertyValue('status')),
      lastModified: time('last-modified'),
      stamp: time('dtstamp'),
      description: e.description,
    });
  }
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

describe.each(dbKinds())('calendar feed per body (%s)', (kind) => {
  let server: TestServer;
  let rg: string;
  let secretary: string;
  const feed = async (slug = 'radmannsgruppen', token?: string) => {
    const res = await fetch(`${server.url}/calendar/${slug}.ics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    return parseFeed(await res.text());
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    rg = await bodyId(server, 'radmannsgruppen');
    secretary = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
  });
  afterAll(() => server?.close());

  it('holds the example meeting of 14.09.2017 at 09.00 Oslo summer time, with its agenda', async () => {
    const id = (await seedMeeting(server)).id;
    const { name, events } = await feed();
    expect(name).toBe('Rådmannsgruppen: møter');
    const e = events.get(`${id}@motebok`)!;
    expect(e).toBeDefined();
    expect(e.start.toISOString()).toBe(SEPT_14);
    expect(e.tzid).toBe('Europe/Oslo');
    expect(e.localStart).toBe('09.00');
    expect(e.summary).toBe('Møte i Rådmannsgruppen');
    expect(e.status).toBe('CONFIRMED');
    expect(e.description).toContain('Sak 21/2017');
  });

  it('keeps 09.00 Oslo time in winter and on the day summer time begins', async () => {
    const winter = await createMeeting(server, { bodyId: rg, startsAt: '2018-01-11T08:00:00.000Z', endsAt: '2018-01-11T11:00:00.000Z', approvePreviousMinutes: false });
    const dstDay = await createMeeting(server, { bodyId: rg, startsAt: '2018-03-25T07:00:00.000Z', approvePreviousMinutes: false });
    const closed = { meetingId: winter.id, title: 'Tomtesalg Lierskogen', public: false, closedLegalBasis: 'offentleglova § 23', publicTitle: 'Forhandlingssak' };
    await addItem(server, closed);
    await sendNotice(server, winter.id);
    await sendNotice(server, dstDay.id);
    const { events } = await feed();
    const w = events.get(`${winter.id}@motebok`)!;
    expect(w.description).toContain('Forhandlingssak');
    expect(w.description).not.toContain('Lierskogen'); // a closed item's title stays out of the public feed
    expect((await feed('radmannsgruppen', secretary)).events.get(`${winter.id}@motebok`)!.description).toContain('Lierskogen');
    expect([w.start.toISOString(), w.localStart, w.end!.toISOString()]).toEqual(['2018-01-11T08:00:00.000Z', '09.00', '2018-01-11T11:00:00.000Z']);
    const d = events.get(`${dstDay.id}@motebok`)!;
    expect([d.start.toISOString(), d.localStart]).toEqual(['2018-03-25T07:00:00.000Z', '09.00']);
  });

  it('shows a change with a higher SEQUENCE and a later LAST-MODIFIED, under the same UID', async () => {
    const m = await createMeeting(server, { bodyId: rg, startsAt: '2018-05-03T07:00:00.000Z', approvePreviousMinutes: false });
    await sendNotice(server, m.id);
    const before = (await feed()).events.get(`${m.id}@motebok`)!;
    await new Promise((r) => setTimeout(r, 1100)); // iCalendar times have whole seconds
    await server.ok(`mutation ($id: ID!) { updateMeeting(id: $id, input: { startsAt: "2018-05-03T08:30:00.000Z", location: "Asker rådhus" }) { id } }`, { id: m.id });
    const after = (await feed()).events.get(`${m.id}@motebok`)!;
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.lastModified.getTime()).toBeGreaterThan(before.lastModified.getTime());
    expect(after.stamp.getTime()).toBe(after.lastModified.getTime());
    expect([after.start.toISOString(), after.localStart]).toEqual(['2018-05-03T08:30:00.000Z', '10.30']);
  });

  it('shows planned meetings only to the secretariat (TENTATIVE), and a deleted one disappears', async () => {
    const planned = await createMeeting(server, { bodyId: rg, startsAt: '2018-10-04T07:00:00.000Z', approvePreviousMinutes: false });
    expect((await feed()).events.has(`${planned.id}@motebok`)).toBe(false);
    expect((await feed('radmannsgruppen', secretary)).events.get(`${planned.id}@motebok`)?.status).toBe('TENTATIVE');
    await server.ok(`mutation ($id: ID!) { deleteMeeting(id: $id) }`, { id: planned.id });
    expect((await feed('radmannsgruppen', secretary)).events.has(`${planned.id}@motebok`)).toBe(false);
  });

  it('answers an unknown body with NOT_FOUND, a bad token with UNAUTHENTICATED, and a token in the URL with BAD_USER_INPUT', async () => {
    const res = await fetch(`${server.url}/calendar/no-such-body.ics`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
    const bad = await fetch(`${server.url}/calendar/radmannsgruppen.ics`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('UNAUTHENTICATED');
    const inUrl = await fetch(`${server.url}/calendar/radmannsgruppen.ics?token=${secretary}`);
    expect(inUrl.status).toBe(400);
    expect((await inUrl.json()).error.code).toBe('BAD_USER_INPUT');
  });
});

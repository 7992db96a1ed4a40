import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Body } from '../../schema/entities/index.js';
import { MeetingStatus } from '../../schema/enums.js';
import type { CalendarMeeting } from './calendar-data.js';

export const CALENDAR_TIMEZONE = 'Europe/Oslo';

/**
 * A body's meetings as an iCalendar feed (ical-generator) that calendar apps subscribe to:
 * - times in Europe/Oslo with its VTIMEZONE (DTSTART;TZID=Europe/Oslo:20170914T090000), so apps show the right
 *   hour on both sides of a summer-time change;
 * - UID = the meeting id, SEQUENCE = how often the meeting itself was changed, LAST-MODIFIED and DTSTAMP = its last
 *   change (RFC 5545 § 3.8.7.2: without METHOD, DTSTAMP is the last revision), so a refreshed subscription
 *   replaces the event;
 * - STATUS TENTATIVE while planned (only the secretariat and members see these), CONFIRMED once the notice is sent.
 *   motebok has no cancelled state: a meeting can only be deleted before its notice is sent, and then it simply
 *   disappears from the feed (calendar apps drop events a refreshed subscription no longer has).
 */
/** An instant as Oslo wall-clock time: ical-generator formats a plain Date in the server's own zone instead. */
const oslo = (d: Date) => DateTime.fromJSDate(d, { zone: CALENDAR_TIMEZONE });

export function bodyCalendarIcs(body: Body, meetings: CalendarMeeting[], links: { meeting(id: string): string; self: string }): string {
  const calendar = ical({
    name: `${body.name}: møter`,
    description: `Møtene i ${body.name}`,
    prodId: { company: 'motebok', product: 'motebok', language: 'NB' },
    // The generator writes the VTIMEZONE of the zone the events use. No calendar-wide zone: with one, ical-generator
    // would write DTSTAMP and LAST-MODIFIED as floating local times instead of UTC.
    timezone: { name: null, generator: getVtimezoneComponent },
    x: { 'X-WR-TIMEZONE': CALENDAR_TIMEZONE },
    source: links.self,
    ttl: 60 * 60,
  });
  for (const c of meetings) {
    const m = c.meeting;
    const agenda = c.items.map((i) => `Sak ${i.number} ${i.title}`).join('\n');
    calendar.createEvent({
      id: `${m.id}@motebok`,
      sequence: c.sequence,
      start: oslo(m.startsAt),
      end: m.endsAt ? oslo(m.endsAt) : null,
      timezone: CALENDAR_TIMEZONE,
      summary: m.title ?? `Møte i ${body.name}`,
      location: m.location,
      description: [agenda && `Saksliste:\n${agenda}`, `Innkalling: ${links.meeting(m.id)}`].filter(Boolean).join('\n\n'),
      url: links.meeting(m.id),
      status: m.status === MeetingStatus.PLANNED ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      created: m.createdAt,
      lastModified: c.modified,
      stamp: c.modified,
    });
  }
  return calendar.toString();
}

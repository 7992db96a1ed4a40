import ical, { ICalAttendeeRole, ICalCalendarMethod } from 'ical-generator';
import type { MeetingDocument } from '../../schema/meeting-document.js';
import { formatClock, formatLongDate, formatShortDate } from '../documents/norwegian-dates.js';

export interface NoticeFacts {
  meetingId: string;
  bodyName: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  from: string;
  recipient: { name: string; email: string };
  replyUrl: string;
}

/** Subject and text of the innkalling e-mail (Norwegian, as the documents). */
export function innkallingText(f: NoticeFacts, doc: MeetingDocument): { subject: string; text: string } {
  const subject = `Innkalling til møte i ${f.bodyName} ${formatShortDate(f.startsAt)}`;
  const items = doc.items.map((i) => `  Sak ${i.number}  ${i.title}`).join('\n');
  const text = [
    `Til ${f.recipient.name}`,
    '',
    `Du innkalles til møte i ${f.bodyName} ${formatLongDate(f.startsAt)} kl. ${formatClock(f.startsAt)}${f.location ? `, ${f.location}` : ''}.`,
    '',
    'Saksliste:',
    items,
    '',
    'Innkallingen med saksdokumenter er vedlagt (PDF), og møtet ligger ved som kalenderinvitasjon.',
    '',
    `Meld forfall her: ${f.replyUrl}`,
  ].join('\n');
  return { subject, text };
}

/** The calendar invitation (.ics, METHOD:REQUEST) for one recipient; the meeting id is its UID. */
export function innkallingIcs(f: NoticeFacts): string {
  const cal = ical({ prodId: { company: 'motebok', product: 'innkalling', language: 'NO' }, method: ICalCalendarMethod.REQUEST });
  cal.createEvent({
    id: `${f.meetingId}@motebok`,
    start: f.startsAt,
    end: f.endsAt ?? new Date(f.startsAt.getTime() + 2 * 3_600_000),
    summary: `Møte i ${f.bodyName}`,
    location: f.location ?? undefined,
    description: `Meld forfall: ${f.replyUrl}`,
    organizer: { name: f.bodyName, email: addressOf(f.from) },
    attendees: [{ name: f.recipient.name, email: f.recipient.email, rsvp: true, role: ICalAttendeeRole.REQ }],
  });
  return cal.toString();
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

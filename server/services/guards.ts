import type { Meeting } from '../../schema/entities/index.js';
import { MeetingStatus } from '../../schema/enums.js';
import { assertCanWrite } from '../auth/policies.js';
import type { Viewer } from '../auth/viewer.js';
import { agendaFrozen, invalidState, minutesLocked } from '../errors.js';
import { formatShortDate as osloDate } from '../documents/norwegian-dates.js';

/** "Rådmannsgruppen 14.09.2017", for messages. Needs meeting.body loaded. */
export function meetingLabel(meeting: Meeting): string {
  const body = meeting.body && 'name' in meeting.body && meeting.body.name ? meeting.body.name : 'the meeting';
  return `${body} ${osloDate(meeting.startsAt)}`;
}

/** Every change to a meeting's content is refused once its minutes are approved. */
export function assertMinutesEditable(meeting: Meeting): void {
  if (meeting.status === MeetingStatus.MINUTES_APPROVED) throw minutesLocked(meetingLabel(meeting));
}

/** Numbers and order are frozen once the notice is sent. */
export function assertAgendaOpen(meeting: Meeting): void {
  assertMinutesEditable(meeting);
  if (meeting.status !== MeetingStatus.PLANNED) throw agendaFrozen(meetingLabel(meeting));
}

export function isAgendaOpen(meeting: Meeting): boolean {
  return meeting.status === MeetingStatus.PLANNED;
}

/** The caller may change this meeting's records, and they are not locked. */
export function assertMayChange(viewer: Viewer, meeting: Meeting): void {
  assertCanWrite(viewer, meeting.body.id, meeting.body.name);
  assertMinutesEditable(meeting);
  assertNotCancelled(meeting);
}

/** A cancelled meeting (avlyst) stays in the plan as it was: nothing of it changes any more. */
export function assertNotCancelled(meeting: Meeting): void {
  if (meeting.cancelledAt) throw invalidState(`${meetingLabel(meeting)} has been cancelled.`);
}

/** The caller may change this meeting, and its agenda is still open for reordering. */
export function assertMayReorder(viewer: Viewer, meeting: Meeting): void {
  assertCanWrite(viewer, meeting.body.id, meeting.body.name);
  assertAgendaOpen(meeting);
  assertNotCancelled(meeting);
}

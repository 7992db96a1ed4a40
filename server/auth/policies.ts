import type { Meeting } from '../../schema/entities/index.js';
import { BodyRole, MeetingStatus } from '../../schema/enums.js';
import { AppError } from '../errors.js';
import type { Viewer } from './viewer.js';

/**
 * Who may do what, in one place.
 * - admin: everything;
 * - secretary of a body: read everything of the body, write agenda, attendance, referat, decisions, versions, approve;
 * - member of a body: read everything of the body (drafts and non-public items included), write nothing;
 * - the public: meetings whose notice is sent; the referat only once approved; non-public items redacted.
 */
export const can = {
  /** Sees everything of the body, drafts and closed items included. */
  readAllOf(viewer: Viewer, bodyId: string): boolean {
    return viewer.isAdmin || viewer.roles.has(bodyId);
  },

  /** Writes agenda, attendance, referat and decisions of the body. */
  write(viewer: Viewer, bodyId: string): boolean {
    return viewer.isAdmin || viewer.roles.get(bodyId) === BodyRole.SECRETARY;
  },

  /** Sees that the meeting exists, with its agenda. */
  readMeeting(viewer: Viewer, meeting: Pick<Meeting, 'status'> & { body: { id: string } }): boolean {
    return can.readAllOf(viewer, meeting.body.id) || meeting.status !== MeetingStatus.PLANNED;
  },

  /** Sees the referat: notes, decisions, attendance. */
  readMinutes(viewer: Viewer, meeting: Pick<Meeting, 'status'> & { body: { id: string } }): boolean {
    if (can.readAllOf(viewer, meeting.body.id) || meeting.status === MeetingStatus.MINUTES_APPROVED) return true;
    return Boolean(viewer.seesDraftMinutes) && meeting.status === MeetingStatus.HELD;
  },

  admin(viewer: Viewer): boolean {
    return viewer.isAdmin;
  },
};

export function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

export function unauthenticated(message = 'Sign in to do this.'): AppError {
  return new AppError('UNAUTHENTICATED', message);
}

/** Throws UNAUTHENTICATED for the public, FORBIDDEN for a user without the secretary role of the body. */
export function assertCanWrite(viewer: Viewer, bodyId: string, bodyName = 'this body'): void {
  if (can.write(viewer, bodyId)) return;
  if (!viewer.userId) throw unauthenticated(`Sign in as a secretary of ${bodyName} to change its meetings.`);
  throw forbidden(`Only the secretariat of ${bodyName} can change its meetings and minutes.`);
}

/** Persons are shared by all bodies: any secretary (or an admin) may record them. */
export function assertSecretaryAnywhere(viewer: Viewer): void {
  if (viewer.isAdmin || [...viewer.roles.values()].includes(BodyRole.SECRETARY)) return;
  if (!viewer.userId) throw unauthenticated('Sign in as a secretary to record persons.');
  throw forbidden('Only a secretariat can record persons.');
}

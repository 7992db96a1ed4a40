import { BodyRole } from '../../schema/enums.js';
import { AppError } from '../errors.js';
import { liveAccess, readsAllOf, readsMeeting, readsMinutes } from './read-policy.js';
import type { Viewer } from './viewer.js';

/**
 * Who may change what. (What a viewer may SEE is decided in read-policy.ts; `can`'s read questions are the same
 * functions, kept here so that a check reads as one sentence.)
 * - admin: everything;
 * - secretary of a body: write agenda, attendance, referat, decisions, versions, approve;
 * - member of a body and the public: write nothing.
 */
export const can = {
  readAllOf: readsAllOf,
  readMeeting: readsMeeting,
  readMinutes: readsMinutes,

  /** Writes agenda, attendance, referat and decisions of the body. */
  write(viewer: Viewer, bodyId: string): boolean {
    return liveAccess(viewer, bodyId) === 'write';
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

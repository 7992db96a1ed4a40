import type { FilterQuery } from '@mikro-orm/core';
import type { Meeting } from '../../schema/entities/index.js';
import { MeetingStatus } from '../../schema/enums.js';
import { can } from '../auth/policies.js';
import type { Viewer } from '../auth/viewer.js';

/** A body id no body has: asks `can` what a viewer may see by status alone, without any role in the body. */
const NO_BODY = { id: '00000000-0000-0000-0000-000000000000' };

/** The meetings a viewer may see: any of `statuses`, or any meeting of `bodies` (those the viewer reads all of). */
export interface MeetingScope {
  statuses: MeetingStatus[];
  bodies: string[];
}

/**
 * `can.readMeeting` as the terms of a database filter, so that a page and its totalCount hold exactly the meetings
 * the viewer may see: every meeting of the bodies the viewer reads all of, and elsewhere the statuses `can` lets
 * anyone see. Derived from `can` (not restated), so a change of the rule changes this too. null: no restriction
 * (admin).
 */
export function readableMeetings(viewer: Viewer): MeetingScope | null {
  const statuses = Object.values(MeetingStatus).filter((status) => can.readMeeting(viewer, { status, body: NO_BODY }));
  if (statuses.length === Object.values(MeetingStatus).length) return null;
  return { statuses, bodies: [...viewer.roles.keys()].filter((bodyId) => can.readAllOf(viewer, bodyId)) };
}

/** readableMeetings as a MikroORM filter. */
export function readableMeetingsWhere(viewer: Viewer): FilterQuery<Meeting> | null {
  const scope = readableMeetings(viewer);
  if (!scope) return null;
  const byStatus: FilterQuery<Meeting> = { status: { $in: scope.statuses } };
  return scope.bodies.length ? { $or: [byStatus, { body: { $in: scope.bodies } }] } : byStatus;
}

/** The statuses whose referat `can.readMinutes` lets a viewer without a role in the body read. */
export function minutesReadableStatuses(viewer: Viewer): MeetingStatus[] {
  return Object.values(MeetingStatus).filter((status) => can.readMinutes(viewer, { status, body: NO_BODY }));
}

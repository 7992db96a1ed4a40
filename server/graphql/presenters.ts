import type { AgendaItem, Attendance, Meeting, SubItem } from '../../schema/entities/index.js';
import { can } from '../auth/policies.js';
import type { Viewer } from '../auth/viewer.js';

/** The title a public register shows for an item handled behind closed doors. */
export const CLOSED_ITEM_TITLE = 'Unntatt offentlighet';

/** A copy with some fields replaced; the loaded entity (shared by the request's identity map) is left alone. */
function redacted<T extends object>(entity: T, changes: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(entity)) as T, entity, changes);
}

/**
 * What a viewer may see of an item: members and secretaries of the body see everything; the public sees the
 * referat's notes and decisions only once the minutes are approved, and of a closed item only its number,
 * its public title and its legal basis.
 */
export function presentItem(viewer: Viewer, meeting: Meeting, item: AgendaItem): AgendaItem {
  if (can.readAllOf(viewer, meeting.body.id)) return item;
  if (!item.public) {
    return redacted(item, {
      title: item.publicTitle ?? CLOSED_ITEM_TITLE,
      introduction: null,
      notes: null,
      proposedDecision: null,
      decision: null,
      archiveCaseNumber: null,
    });
  }
  if (!can.readMinutes(viewer, meeting)) return redacted(item, { notes: null, decision: null });
  return item;
}

export function presentSubItems(viewer: Viewer, meeting: Meeting, item: AgendaItem, subs: SubItem[]): SubItem[] {
  if (can.readAllOf(viewer, meeting.body.id)) return subs;
  if (!item.public) return [];
  if (!can.readMinutes(viewer, meeting)) return subs.map((s) => redacted(s, { notes: null, decision: null }));
  return subs;
}

/** Attendance is part of the referat: the public sees it once the minutes are approved. */
export function presentAttendance(viewer: Viewer, meeting: Meeting, rows: Attendance[]): Attendance[] {
  return can.readMinutes(viewer, meeting) ? rows : [];
}

/** Vedlegg and references belong to the innkalling: shown with the item unless it is closed. */
export function showsNoticeDetails(viewer: Viewer, meeting: Meeting, item: AgendaItem): boolean {
  return can.readAllOf(viewer, meeting.body.id) || item.public;
}

/** Disqualifications and protocol entries belong to the referat. */
export function showsMinutesDetails(viewer: Viewer, meeting: Meeting, item: AgendaItem): boolean {
  return can.readAllOf(viewer, meeting.body.id) || (item.public && can.readMinutes(viewer, meeting));
}

/** The meeting as the viewer may see it: the decision on the notice is part of the referat. */
export function presentMeeting(viewer: Viewer, meeting: Meeting): Meeting {
  return can.readMinutes(viewer, meeting) ? meeting : redacted(meeting, { noticeApproval: null });
}


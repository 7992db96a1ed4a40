/**
 * What the open-data API may publish: exactly what the public may read through GraphQL. Every rule here calls
 * `can` (server/auth/policies.ts) or the GraphQL presenters; none is restated.
 */
import type { AgendaItem, Attachment, Attendance, Meeting, SubItem } from '../../schema/entities/index.js';
import { can } from '../auth/policies.js';
import type { Viewer } from '../auth/viewer.js';
import { presentAttendance, presentItem, presentSubItems, visibleAttachmentIds } from '../auth/read-policy.js';

export { readableMeetingsWhere as publicMeetingsWhere } from '../services/meeting-visibility.js';

/** The meeting exists for the public (its notice has been sent). */
export const meetingVisible = (viewer: Viewer, m: Meeting): boolean => can.readMeeting(viewer, m);

/** The public may read the referat: decisions, notes, attendance, the referat document. */
export const minutesOpen = (viewer: Viewer, m: Meeting): boolean => can.readMinutes(viewer, m);

/** An item and its sub-items as the public may see them (closed items: number, public title, legal basis only). */
export function publicItem(viewer: Viewer, m: Meeting, item: AgendaItem, subs: SubItem[]): { item: AgendaItem; subItems: SubItem[] } {
  return { item: presentItem(viewer, m, item), subItems: presentSubItems(viewer, m, item, subs) };
}

/** Persons in the referat's attendance, once the public may read it. */
export function publicParticipants(viewer: Viewer, m: Meeting, rows: Attendance[]): string[] {
  return [...new Set(presentAttendance(viewer, m, rows).map((a) => a.person.id))];
}

/**
 * The vedlegg the public may see, as server/graphql/visibility.ts decides for GraphQL: one that belongs only to
 * closed items (or their sub-items) is hidden; one shared with an open item, or with none, stays. `links` are the
 * (attachment, item) pairs of the meeting, sub-items counted for their item.
 */
export function publicAttachments(
  viewer: Viewer,
  m: Meeting,
  attachments: Attachment[],
  links: Array<{ attachmentId: string; item: AgendaItem }>,
): Attachment[] {
  const byItem = links.map((l) => ({ public: l.item.public, attachmentIds: [l.attachmentId] }));
  const visible = visibleAttachmentIds(viewer, m, byItem, attachments);
  return attachments.filter((a) => visible.has(a.id));
}

/**
 * What a viewer may see — in one place. GraphQL (queries and subscriptions), documents and their downloads,
 * versions and the live referat all ask this module; nothing else decides what is shown to whom.
 *
 * - admins, and members and secretaries of a body: everything of the body, drafts and closed items included;
 * - the public: meetings whose notice is sent; the referat (notes, vedtak, attendance, the decision on the notice)
 *   once approved, or once held where drafts are published (PUBLISH_DRAFT_MINUTES); of an item handled behind closed
 *   doors (unntatt offentlighet) only its number, its public title ("Unntatt offentlighet" when it has none) and its
 *   legal basis — one redaction, the same in GraphQL, in rendered documents and in events.
 */
import type { AgendaItem, Attendance, Meeting, SubItem } from '../../schema/entities/index.js';
import { BodyRole, MeetingStatus } from '../../schema/enums.js';
import type { MeetingDocument } from '../../schema/meeting-document.js';
import { PUBLIC_VIEWER, type Viewer } from './viewer.js';

/** The title a public register shows for an item handled behind closed doors. */
export const CLOSED_ITEM_TITLE = 'Unntatt offentlighet';

type MeetingFacts = Pick<Meeting, 'status'> & { body: { id: string } };

/** Sees everything of the body, drafts and closed items included. */
export function readsAllOf(viewer: Viewer, bodyId: string): boolean {
  return viewer.isAdmin || viewer.roles.has(bodyId);
}

/** Sees that the meeting exists, with its agenda. */
export function readsMeeting(viewer: Viewer, meeting: MeetingFacts): boolean {
  return readsAllOf(viewer, meeting.body.id) || meeting.status !== MeetingStatus.PLANNED;
}

/** Sees the referat: notes, decisions, attendance. */
export function readsMinutes(viewer: Viewer, meeting: MeetingFacts): boolean {
  if (readsAllOf(viewer, meeting.body.id) || meeting.status === MeetingStatus.MINUTES_APPROVED) return true;
  return Boolean(viewer.seesDraftMinutes) && meeting.status === MeetingStatus.HELD;
}

/** Named versions of the referat are drafts: for the body's members and secretariat. */
export function readsVersions(viewer: Viewer, bodyId: string): boolean {
  return readsAllOf(viewer, bodyId);
}

/** The live referat: secretaries (and admins) write, members read, everybody else is refused. */
export function liveAccess(viewer: Viewer, bodyId: string): 'write' | 'read' | null {
  if (viewer.isAdmin || viewer.roles.get(bodyId) === BodyRole.SECRETARY) return 'write';
  return readsAllOf(viewer, bodyId) ? 'read' : null;
}

/** Which part of a meeting an event tells of. */
export type EventPart = 'meeting' | 'minutes' | 'texts';

/**
 * Whether an event reaches a viewer: only if they may see that part of the meeting (checked per event: status
 * changes). The texts of a closed item reach only those who may read all of the body.
 */
export function receivesEvent(part: EventPart, viewer: Viewer, meeting: MeetingFacts | null, itemPublic: boolean): boolean {
  if (!meeting) return false;
  if (part === 'meeting') return readsMeeting(viewer, meeting);
  if (!readsMinutes(viewer, meeting)) return false;
  return part === 'minutes' || itemPublic || readsAllOf(viewer, meeting.body.id);
}

/** Viewers with the same answers see the same of a meeting: one class for the shared subscription fan-out. */
export function viewerClassOf(viewer: Viewer, meeting: MeetingFacts | null): string {
  if (!meeting) return '';
  return [readsMeeting(viewer, meeting), readsMinutes(viewer, meeting), readsAllOf(viewer, meeting.body.id)].map((b) => (b ? '1' : '0')).join('');
}

/** A copy with some fields replaced; the loaded entity (shared by the request's identity map) is left alone. */
function redacted<T extends object>(entity: T, changes: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(entity)) as T, entity, changes);
}

/** What the public sees of an item: everything, or of a closed item its number, public title and legal basis. */
export function presentItem(viewer: Viewer, meeting: Meeting, item: AgendaItem): AgendaItem {
  if (readsAllOf(viewer, meeting.body.id)) return item;
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
  if (!readsMinutes(viewer, meeting)) return redacted(item, { notes: null, decision: null });
  return item;
}

export function presentSubItems(viewer: Viewer, meeting: Meeting, item: AgendaItem, subs: SubItem[]): SubItem[] {
  if (readsAllOf(viewer, meeting.body.id)) return subs;
  if (!item.public) return [];
  if (!readsMinutes(viewer, meeting)) return subs.map((s) => redacted(s, { notes: null, decision: null }));
  return subs;
}

/** Attendance is part of the referat. */
export function presentAttendance(viewer: Viewer, meeting: Meeting, rows: Attendance[]): Attendance[] {
  return readsMinutes(viewer, meeting) ? rows : [];
}

/** Vedlegg and references belong to the innkalling: shown with the item unless it is closed. */
export function showsNoticeDetails(viewer: Viewer, meeting: Meeting, item: AgendaItem): boolean {
  return readsAllOf(viewer, meeting.body.id) || item.public;
}

/** Disqualifications and protocol entries belong to the referat. */
export function showsMinutesDetails(viewer: Viewer, meeting: Meeting, item: AgendaItem): boolean {
  return readsAllOf(viewer, meeting.body.id) || (item.public && readsMinutes(viewer, meeting));
}

/** The meeting as the viewer may see it: the decision on the notice is part of the referat. */
export function presentMeeting(viewer: Viewer, meeting: Meeting): Meeting {
  return readsMinutes(viewer, meeting) ? meeting : redacted(meeting, { noticeApproval: null });
}

/**
 * The meeting's vedlegg the viewer may see, given which vedlegg each item (with its sub-items) has: for anyone who
 * may not read all of the body, only public vedlegg (not unntatt offentlighet), and not those that belong only to
 * closed items.
 */
export function visibleAttachmentIds(
  viewer: Viewer,
  meeting: Meeting,
  byItem: ReadonlyArray<{ public: boolean; attachmentIds: string[] }>,
  all: ReadonlyArray<{ id: string; public: boolean }>,
): Set<string> {
  if (readsAllOf(viewer, meeting.body.id)) return new Set(all.map((a) => a.id));
  const closed = new Set(byItem.filter((i) => !i.public).flatMap((i) => i.attachmentIds));
  const open = new Set(byItem.filter((i) => i.public).flatMap((i) => i.attachmentIds));
  return new Set(all.filter((a) => a.public && (!closed.has(a.id) || open.has(a.id))).map((a) => a.id));
}

/** The vedlegg of an item the viewer may see (the caller checked showsNoticeDetails): the public's are public ones. */
export function presentAttachments<A extends { public: boolean }>(viewer: Viewer, meeting: MeetingFacts, list: A[]): A[] {
  return readsAllOf(viewer, meeting.body.id) ? list : list.filter((a) => a.public);
}

/**
 * Whether the viewer may download a vedlegg's file: they see the meeting, and the vedlegg is visible to them
 * (visibleAttachmentIds, given the meeting's items).
 */
export function readsAttachmentFile(
  viewer: Viewer,
  meeting: Meeting,
  attachment: { id: string; public: boolean },
  byItem: ReadonlyArray<{ public: boolean; attachmentIds: string[] }>,
): boolean {
  return readsMeeting(viewer, meeting) && visibleAttachmentIds(viewer, meeting, byItem, [attachment]).has(attachment.id);
}

/** The innkalling package: everything the viewer sees ('full'), or what the public sees ('public'). */
export type PackageVariant = 'full' | 'public';

/**
 * Whose view an innkalling package shows. Those who read all of the body get the full package, or the public one when
 * they ask for it (to see what is published); everybody else gets the public one. The caller checked readsMeeting.
 */
export function packageAudience(viewer: Viewer, meeting: Meeting, requested: PackageVariant | undefined): { variant: PackageVariant; viewer: Viewer } {
  if (readsAllOf(viewer, meeting.body.id) && requested !== 'public') return { variant: 'full', viewer };
  return { variant: 'public', viewer: PUBLIC_VIEWER };
}

/**
 * A rendered innkalling or referat as the viewer may see it (the caller checked readsMinutes for a referat): closed
 * items keep their number, public title and legal basis only — the redaction of presentItem.
 */
export function presentDocument(viewer: Viewer, meeting: Meeting, doc: MeetingDocument): MeetingDocument {
  if (readsAllOf(viewer, meeting.body.id)) return doc;
  return {
    ...doc,
    items: doc.items.map((item) =>
      item.closedLegalBasis === null
        ? item
        : {
            ...item,
            title: item.publicTitle ?? CLOSED_ITEM_TITLE,
            attachments: [],
            introduction: null,
            notes: null,
            proposedDecision: null,
            formulatedInMeeting: false,
            decision: null,
            subItems: [],
            protocolEntries: [],
            disqualified: [],
          },
    ),
  };
}

/** The meeting cycle of a body — its template, waiting saker, follow-up of vedtak: for its members and secretariat. */
export function readsCycleOf(viewer: Viewer, bodyId: string): boolean {
  return readsAllOf(viewer, bodyId);
}

/** The innkalling messages and their delivery (addresses included): for the secretariat only. */
export function readsOutbox(viewer: Viewer, bodyId: string): boolean {
  return liveAccess(viewer, bodyId) === 'write';
}

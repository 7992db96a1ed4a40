/**
 * The example meeting: Vestregionen's Rådmannsgruppen, 14 September 2017, exactly as the innkalling and the
 * referat have it (test/fixtures/innkalling-radmannsgruppen-2017-09-14.txt and
 * test/fixtures/referat-radmannsgruppen-2017-09-14.txt). Typos of the documents are kept on purpose.
 *
 * Pure data: no ORM imports. Enum values are spelled as their string values; instants are ISO 8601 strings
 * with the Europe/Oslo offset of the day (summer time, +02:00).
 */

export type ExampleBodyKind = 'EXECUTIVE_GROUP' | 'STEERING_GROUP' | 'GENERAL_ASSEMBLY' | 'OTHER';
export type ExampleMembershipRole = 'MEMBER' | 'LEADER' | 'DEPUTY' | 'SECRETARIAT';
export type ExampleMeetingStatus = 'PLANNED' | 'NOTICE_SENT' | 'HELD' | 'MINUTES_APPROVED';
export type ExampleItemKind = 'DECISION' | 'MINUTES_APPROVAL' | 'ORIENTATION' | 'DISCUSSION' | 'ANY_OTHER_BUSINESS';
export type ExampleAttendanceRole = 'MEMBER' | 'SUBSTITUTE' | 'SECRETARIAT' | 'GUEST';
export type ExampleAttendanceStatus = 'PRESENT' | 'ABSENT_WITH_NOTICE' | 'ABSENT';

export interface ExampleDecision {
  text: string;
  /** ISO instant */
  adoptedAt: string | null;
}

export interface ExampleProposedDecision {
  text: string;
  formulatedInMeeting: boolean;
}

export interface ExampleBody {
  name: string;
  slug: string;
  kind: ExampleBodyKind;
}

export interface ExamplePerson {
  /** Key used by memberships and attendance rows (the name as printed). */
  name: string;
  municipality: string | null;
}

export interface ExampleMembership {
  person: string;
  body: string;
  role: ExampleMembershipRole;
  validFrom: string | null;
  validTo: string | null;
}

export interface ExampleAttachment {
  number: number;
  title: string;
}

export interface ExampleReference {
  kind: 'MEETING';
  /** Key of the referenced meeting. */
  meeting: string;
  citation: string;
}

export interface ExampleSubItem {
  letter: string;
  position: number;
  title: string;
  subtitle: string | null;
  introduction: string | null;
  notes: string | null;
  proposedDecision: ExampleProposedDecision | null;
  decision: ExampleDecision | null;
  attachments: number[];
}

export interface ExampleAgendaItem {
  sequence: number;
  year: number;
  position: number;
  kind: ExampleItemKind;
  title: string;
  introduction: string | null;
  notes: string | null;
  proposedDecision: ExampleProposedDecision | null;
  decision: ExampleDecision | null;
  /** Key of the meeting whose minutes this item approves. */
  approvesMinutesOf: string | null;
  attachments: number[];
  references: ExampleReference[];
  subItems: ExampleSubItem[];
}

export interface ExampleAttendance {
  position: number;
  person: string;
  role: ExampleAttendanceRole;
  status: ExampleAttendanceStatus;
  substituteFor: string | null;
  /** Sequence of the item (same meeting) from which the person was present. */
  fromItem: number | null;
}

export interface ExampleMeeting {
  key: string;
  body: string;
  title: string | null;
  status: ExampleMeetingStatus;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  actualStartsAt: string | null;
  actualEndsAt: string | null;
  actualLocation: string | null;
  noticeSentAt: string | null;
  minutesApprovedAt: string | null;
  noticeApproval: ExampleDecision | null;
  attachments: ExampleAttachment[];
  agendaItems: ExampleAgendaItem[];
  attendance: ExampleAttendance[];
}

export interface ExampleData {
  organisation: { name: string; slug: string };
  bodies: ExampleBody[];
  persons: ExamplePerson[];
  memberships: ExampleMembership[];
  meetings: ExampleMeeting[];
}

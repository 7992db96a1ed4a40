/** The GraphQL operations the editor uses, and the shapes it reads. */

export interface BodySummary {
  id: string;
  slug: string;
  name: string;
  kind: string;
  organisation: { name: string };
}

export interface MeetingSummary {
  id: string;
  title: string | null;
  startsAt: string;
  location: string | null;
  status: string;
  year: number;
  body: { id: string; slug: string; name: string };
}

export interface DecisionInfo {
  text: string;
  adoptedAt: string | null;
  voteOutcome: string | null;
  votesFor: number | null;
  votesAgainst: number | null;
}

export interface SubItemInfo {
  id: string;
  letter: string;
  title: string;
  subtitle: string | null;
  position: number;
  proposedDecision: { text: string; formulatedInMeeting: boolean } | null;
  decision: DecisionInfo | null;
  /** The vedlegg linked to this sub-item (they are listed with the sak's). */
  attachments: Array<Pick<AttachmentInfo, 'id' | 'number' | 'title' | 'name' | 'downloadPath'>>;
}

/** A vedlegg as the editor lists it (name, type, size: of the uploaded file; null without one). */
export interface AttachmentInfo {
  id: string;
  number: number;
  title: string;
  name: string | null;
  type: string | null;
  size: number | null;
  pageCount: number | null;
  public: boolean;
  legalBasis: string | null;
  downloadPath: string | null;
}

export interface AgendaItemInfo {
  id: string;
  number: string;
  title: string;
  kind: string;
  position: number;
  public: boolean;
  publicTitle: string | null;
  introduction: string | null;
  proposedDecision: { text: string; formulatedInMeeting: boolean } | null;
  decision: DecisionInfo | null;
  approvesMinutesOf: { id: string; startsAt: string } | null;
  attachments: AttachmentInfo[];
  subItems: SubItemInfo[];
}

export interface AttendanceInfo {
  id: string;
  person: { id: string; name: string; municipality: string | null };
  municipality: string | null;
  role: string;
  status: string;
  note: string | null;
  substituteFor: { id: string; name: string } | null;
  fromItem: { id: string; number: string } | null;
  untilItem: { id: string; number: string } | null;
}

export interface MeetingDetail extends MeetingSummary {
  endsAt: string | null;
  noticeSentAt: string | null;
  minutesApprovedAt: string | null;
  remote: boolean;
  agendaItems: AgendaItemInfo[];
  attendance: AttendanceInfo[];
  /** Every vedlegg of the meeting, also those linked to no sak: their numbers run 1…n over the meeting. */
  attachments: Array<{ id: string; number: number }>;
}

export interface PersonInfo {
  id: string;
  name: string;
  municipality: string | null;
  position: string | null;
  memberships: Array<{ role: string; body: { id: string } }>;
}

export interface VersionInfo {
  id: string;
  label: string;
  reason: string;
  createdAt: string;
  createdBy: string | null;
  seq: number;
}

export interface VersionText {
  agendaItemId: string;
  itemNumber: string | null;
  subItemLetter: string | null;
  notes: string;
  decision: string;
}

const DECISION = 'text adoptedAt voteOutcome votesFor votesAgainst';
const ATTACHMENT = 'id number title name type size pageCount public legalBasis downloadPath';

export const BODIES = /* GraphQL */ `{ bodies { id slug name kind organisation { name } } }`;

/** How many meetings the body page asks for at a time (newest first; "Vis eldre møter" asks for the next page). */
export const MEETINGS_PAGE_SIZE = 50;

export interface Connection<T> {
  totalCount: number;
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const MEETING_SUMMARY = 'id title startsAt location status year body { id slug name }';

export const BODY_MEETINGS = /* GraphQL */ `
  query BodyMeetings($slug: String!, $first: Int!) {
    body(slug: $slug) { id slug name kind organisation { name } }
    meetingsConnection(filter: { bodySlug: $slug }, first: $first) {
      totalCount edges { cursor node { ${MEETING_SUMMARY} } } pageInfo { hasNextPage endCursor }
    }
  }
`;

export const MORE_MEETINGS = /* GraphQL */ `
  query MoreMeetings($slug: String!, $first: Int!, $after: String!) {
    meetingsConnection(filter: { bodySlug: $slug }, first: $first, after: $after) {
      totalCount edges { cursor node { ${MEETING_SUMMARY} } } pageInfo { hasNextPage endCursor }
    }
  }
`;

export const MEETING = /* GraphQL */ `
  query Meeting($id: ID!) {
    meeting(id: $id) {
      id title startsAt endsAt location status year remote noticeSentAt minutesApprovedAt
      body { id slug name }
      agendaItems {
        id number title kind position public publicTitle introduction
        proposedDecision { text formulatedInMeeting }
        decision { ${DECISION} }
        approvesMinutesOf { id startsAt }
        attachments { ${ATTACHMENT} }
        subItems {
          id letter title subtitle position proposedDecision { text formulatedInMeeting } decision { ${DECISION} }
          attachments { id number title name downloadPath }
        }
      }
      attachments { id number }
      attendance {
        id municipality role status note
        person { id name municipality }
        substituteFor { id name }
        fromItem { id number }
        untilItem { id number }
      }
    }
  }
`;

export const PERSONS = /* GraphQL */ `{ persons { id name municipality position memberships { role body { id } } } }`;

export const CREATE_MEETING = /* GraphQL */ `
  mutation CreateMeeting($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }
`;
export const ADD_ITEM = /* GraphQL */ `
  mutation AddItem($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id number } }
`;
export const MOVE_ITEM = /* GraphQL */ `
  mutation MoveItem($id: ID!, $position: Int!) { moveAgendaItem(id: $id, position: $position) { id number position } }
`;
export const REMOVE_ITEM = /* GraphQL */ `mutation RemoveItem($id: ID!) { removeAgendaItem(id: $id) }`;
export const ADD_SUB_ITEM = /* GraphQL */ `
  mutation AddSubItem($input: AddSubItemInput!) { addSubItem(input: $input) { id letter } }
`;
export const MOVE_SUB_ITEM = /* GraphQL */ `
  mutation MoveSubItem($id: ID!, $position: Int!) { moveSubItem(id: $id, position: $position) { id letter position } }
`;
export const REMOVE_SUB_ITEM = /* GraphQL */ `mutation RemoveSubItem($id: ID!) { removeSubItem(id: $id) }`;
export const SEND_NOTICE = /* GraphQL */ `
  mutation SendNotice($id: ID!) { sendNotice(meetingId: $id) { id status noticeSentAt } }
`;
export const SET_ATTENDANCE = /* GraphQL */ `
  mutation SetAttendance($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }
`;
export const REMOVE_ATTENDANCE = /* GraphQL */ `mutation RemoveAttendance($id: ID!) { removeAttendance(id: $id) }`;
export const ADOPT_DECISION = /* GraphQL */ `
  mutation Adopt($target: MinutesTargetInput!, $vote: VoteInput) {
    adoptDecision(target: $target, vote: $vote) { id decision { ${DECISION} } subItems { letter decision { ${DECISION} } } }
  }
`;
export const SET_ATTACHMENT_PUBLIC = /* GraphQL */ `
  mutation SetAttachmentPublic($input: SetAttachmentPublicInput!) { setAttachmentPublic(input: $input) { id public legalBasis } }
`;
export const REMOVE_ATTACHMENT = /* GraphQL */ `mutation RemoveAttachment($id: ID!) { removeAttachment(id: $id) }`;
export const MOVE_ATTACHMENT = /* GraphQL */ `mutation MoveAttachment($id: ID!, $number: Int!) { moveAttachment(id: $id, number: $number) { id number } }`;
export const VERSIONS = /* GraphQL */ `
  query Versions($id: ID!) { minutesVersions(meetingId: $id) { id label reason createdAt createdBy seq } }
`;
export const VERSION_TEXTS = /* GraphQL */ `
  query VersionTexts($id: ID!) {
    minutesVersion(id: $id) { id label reason createdAt createdBy texts { agendaItemId itemNumber subItemLetter notes decision } }
  }
`;
export const CREATE_VERSION = /* GraphQL */ `
  mutation CreateVersion($id: ID!, $label: String!) { createMinutesVersion(meetingId: $id, label: $label) { id } }
`;

export const AGENDA_CHANGED = /* GraphQL */ `subscription($id: ID!) { agendaChanged(meetingId: $id) { kind at } }`;
export const ATTENDANCE_CHANGED = /* GraphQL */ `subscription($id: ID!) { attendanceChanged(meetingId: $id) { kind at } }`;
export const DECISION_UPDATED = /* GraphQL */ `
  subscription($id: ID!) { decisionUpdated(meetingId: $id) { agendaItemId subItemLetter field adopted at } }
`;

/** A single-use ticket for the live referat's websocket (no token in its URL). */
export const COLLAB_TICKET = /* GraphQL */ `mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket } }`;

/** A short-lived link signed for one document or file (no token in the download's URL). */
export const RESOURCE_LINK = /* GraphQL */ `mutation ($p: String!) { resourceLink(path: $p) { path expiresAt } }`;

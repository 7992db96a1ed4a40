/**
 * motebok's records as OParl 1.1 objects (https://oparl.org/spezifikation/): pure mapping, no I/O. What the public
 * may see has been decided before (oparl-visibility.ts); fields that are null are left out, as OParl asks.
 * The mapping of Norwegian concepts is explained in docs/oparl.md.
 */
import type { AgendaItem, Attachment, Body, Decision, Meeting, Membership, Organisation, Person, SubItem } from '../../schema/entities/index.js';
import { BodyKind, MeetingStatus, MembershipRole, VoteOutcome } from '../../schema/enums.js';
import { formatShortDate as osloDate, osloIsoPrecise as osloIsoString } from '../documents/norwegian-dates.js';
import { type OparlUrls, schemaType } from './oparl-urls.js';

export type OparlObject = Record<string, unknown> & { id: string; type: string };

/** A meeting and what the public may see of it, gathered by the store. */
export interface MeetingBundle {
  meeting: Meeting;
  body: Body;
  /** The agenda, presented (closed items redacted), in order. */
  items: ItemBundle[];
  /** Persons in the referat's attendance; empty while the public may not read the referat. */
  participantIds: string[];
  /** Vedlegg with a stored file that the public may see, with the items they belong to. */
  files: VedleggFile[];
  minutesOpen: boolean;
  modified: Date;
}

export interface ItemBundle {
  item: AgendaItem;
  subItems: SubItem[];
  /** The item's vedlegg with a stored file (of the item or its sub-items). */
  files: VedleggFile[];
  modified: Date;
}

/** A vedlegg with a stored file, and the (visible) items it belongs to. */
export interface VedleggFile {
  attachment: Attachment;
  itemIds: string[];
}

const iso = (d: Date | null | undefined) => (d ? osloIsoString(d) : undefined);

/** Drops null and undefined fields: OParl leaves out what it does not know. */
function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null)) as T;
}

const STATE: Record<MeetingStatus, string> = {
  PLANNED: 'planned',
  NOTICE_SENT: 'notice sent',
  HELD: 'held',
  MINUTES_APPROVED: 'minutes approved',
};

const BODY_KIND: Record<BodyKind, string> = {
  EXECUTIVE_GROUP: 'rådmannsgruppe',
  STEERING_GROUP: 'styringsgruppe',
  GENERAL_ASSEMBLY: 'generalforsamling',
  OTHER: 'utvalg',
};

const ROLE: Record<MembershipRole, string> = {
  MEMBER: 'member',
  LEADER: 'leader',
  DEPUTY: 'deputy',
  SECRETARIAT: 'secretariat',
};

export function systemObject(u: OparlUrls): OparlObject {
  return {
    id: u.system(),
    type: schemaType('System'),
    oparlVersion: 'https://schema.oparl.org/1.1/',
    body: u.bodies(),
    name: 'motebok',
    website: `${u.origin}/`,
  };
}

/** OParl Body (Körperschaft, the legal entity) = our Organisation: the inter-municipal co-operation. */
export function bodyObject(u: OparlUrls, org: Organisation): OparlObject {
  return clean({
    id: u.object('body', org.id),
    type: schemaType('Body'),
    system: u.system(),
    name: org.name,
    shortName: org.slug,
    classification: 'interkommunalt samarbeid',
    organization: u.bodyList(org.id, 'organization'),
    person: u.bodyList(org.id, 'person'),
    membership: u.bodyList(org.id, 'membership'),
    meeting: u.bodyList(org.id, 'meeting'),
    agendaItem: u.bodyList(org.id, 'agendaItem'),
    file: u.bodyList(org.id, 'file'),
    paper: u.bodyList(org.id, 'paper'),
    legislativeTerm: [],
    created: iso(org.createdAt),
    modified: iso(org.updatedAt),
  });
}

/** OParl Organization (Gremium) = our Body: the utvalg that holds meetings (Rådmannsgruppen). */
export function organizationObject(u: OparlUrls, body: Body, membershipIds: string[]): OparlObject {
  return clean({
    id: u.object('organization', body.id),
    type: schemaType('Organization'),
    body: u.object('body', body.organisation.id),
    name: body.name,
    shortName: body.slug,
    organizationType: 'utvalg',
    classification: BODY_KIND[body.kind as BodyKind],
    membership: membershipIds.map((id) => u.object('membership', id)),
    meeting: u.organizationMeetings(body.id),
    created: iso(body.createdAt),
    modified: iso(body.updatedAt),
  });
}

/** When a person last changed as OParl shows it: the person or any of its memberships (the latest of them). */
export function personModified(person: Person, memberships: Membership[]): Date {
  // biome-ignore lint/complexity/useMathMinMax: Dates; Math.max would make a number of them
  return memberships.reduce((d, m) => (m.updatedAt > d ? m.updatedAt : d), person.updatedAt);
}

/** A person; e-mail addresses are not published. `status` holds position and the municipality represented. */
export function personObject(u: OparlUrls, person: Person, memberships: Membership[]): OparlObject {
  const status = [person.position, person.municipality].filter((s): s is string => Boolean(s));
  const modified = personModified(person, memberships);
  return clean({
    id: u.object('person', person.id),
    type: schemaType('Person'),
    name: person.name,
    status: status.length ? status : undefined,
    membership: memberships.map((m) => membershipObject(u, m)),
    created: iso(person.createdAt),
    modified: iso(modified),
  });
}

export function membershipObject(u: OparlUrls, m: Membership): OparlObject {
  return clean({
    id: u.object('membership', m.id),
    type: schemaType('Membership'),
    person: u.object('person', m.person.id),
    organization: u.object('organization', m.body.id),
    role: ROLE[m.role as MembershipRole],
    votingRight: m.role !== MembershipRole.SECRETARIAT,
    startDate: m.validFrom ?? undefined,
    endDate: m.validTo ?? undefined,
    created: iso(m.createdAt),
    modified: iso(m.updatedAt),
  });
}

export const meetingName = (m: Meeting, body: Body) => m.title ?? `Møte i ${body.name}`;

export function meetingObject(u: OparlUrls, b: MeetingBundle): OparlObject {
  const m = b.meeting;
  return clean({
    id: u.object('meeting', m.id),
    type: schemaType('Meeting'),
    name: meetingName(m, b.body),
    meetingState: STATE[m.status as MeetingStatus],
    cancelled: false,
    start: iso(m.startsAt),
    end: iso(m.endsAt),
    location: m.location ? locationObject(u, m) : undefined,
    organization: [u.object('organization', b.body.id)],
    participant: b.participantIds.length ? b.participantIds.map((id) => u.object('person', id)) : undefined,
    invitation: invitationFile(u, b),
    resultsProtocol: b.minutesOpen ? protocolFile(u, b) : undefined,
    auxiliaryFile: b.files.length ? b.files.map((f) => attachmentFile(u, m, f.attachment, f.itemIds)) : undefined,
    agendaItem: b.items.map((i) => agendaItemObject(u, m, i, b.minutesOpen)),
    created: iso(m.createdAt),
    modified: iso(b.modified),
  });
}

/** Where the meeting is held; OParl wants a Location object, served at /location/<meetingId>. */
export function locationObject(u: OparlUrls, m: Meeting): OparlObject {
  return clean({
    id: u.object('location', m.id),
    type: schemaType('Location'),
    description: m.location ?? undefined,
    meetings: [u.object('meeting', m.id)],
    created: iso(m.createdAt),
    modified: iso(m.updatedAt),
  });
}

/** A sak. Sub-items (A–G) have no OParl counterpart: their vedtak follow the item's in resolutionText. */
export function agendaItemObject(u: OparlUrls, m: Meeting, b: ItemBundle, minutesOpen: boolean): OparlObject {
  const i = b.item;
  const subTexts = b.subItems.filter((s) => s.decision?.text).map((s) => `${s.letter}. ${s.title}: ${s.decision!.text}`);
  const resolution = [i.decision?.text, ...subTexts].filter((t): t is string => Boolean(t)).join('\n\n');
  return clean({
    id: u.object('agendaitem', i.id),
    type: schemaType('AgendaItem'),
    meeting: u.object('meeting', m.id),
    number: i.number,
    order: i.position,
    name: i.title,
    public: i.public,
    result: minutesOpen && i.decision ? resultOf(i.decision) : undefined,
    resolutionText: minutesOpen && resolution ? resolution : undefined,
    auxiliaryFile: b.files.length ? b.files.map((f) => attachmentFile(u, m, f.attachment, f.itemIds)) : undefined,
    keyword: [i.kind.toLowerCase().replace(/_/g, ' ')],
    created: iso(i.createdAt),
    modified: iso(b.modified),
  });
}

/** "adopted unanimously", "adopted by majority (5 for, 2 against)", …; nothing until the decision is adopted. */
export function resultOf(d: Decision): string | undefined {
  if (!d.adoptedAt) return undefined;
  const votes = d.votesFor != null ? ` (${d.votesFor} for, ${d.votesAgainst ?? 0} against${d.votesBlank ? `, ${d.votesBlank} blank` : ''})` : '';
  switch (d.voteOutcome) {
    case VoteOutcome.UNANIMOUS:
      return 'adopted unanimously';
    case VoteOutcome.MAJORITY:
      return `adopted by majority${votes}`;
    case VoteOutcome.CASTING_VOTE:
      return `adopted by the chair's casting vote${votes}`;
    case VoteOutcome.REJECTED:
      return `rejected${votes}`;
    default:
      return 'adopted';
  }
}

/** The innkalling as motebok renders it (PDF; also .md, .html, .docx at the same path). */
export function invitationFile(u: OparlUrls, b: MeetingBundle): OparlObject {
  return documentFile(u, b, 'innkalling', `Innkalling til ${meetingName(b.meeting, b.body).replace(/^Møte/, 'møte')} ${osloDate(b.meeting.startsAt)}`);
}

/** The referat, once the public may read it. */
export function protocolFile(u: OparlUrls, b: MeetingBundle): OparlObject {
  return documentFile(u, b, 'referat', `Referat fra ${meetingName(b.meeting, b.body).replace(/^Møte/, 'møte')} ${osloDate(b.meeting.startsAt)}`);
}

function documentFile(u: OparlUrls, b: MeetingBundle, kind: 'innkalling' | 'referat', name: string): OparlObject {
  const url = u.document(b.meeting.id, kind);
  return clean({
    id: u.object('file', `${kind}-${b.meeting.id}`),
    type: schemaType('File'),
    name,
    fileName: `${kind}-${osloIsoString(b.meeting.startsAt).slice(0, 10)}.pdf`,
    mimeType: 'application/pdf',
    accessUrl: url,
    downloadUrl: url,
    meeting: [u.object('meeting', b.meeting.id)],
    created: iso(kind === 'innkalling' ? (b.meeting.noticeSentAt ?? b.meeting.createdAt) : (b.meeting.actualEndsAt ?? b.meeting.startsAt)),
    modified: iso(b.modified),
  });
}

/**
 * A vedlegg with a file: uploaded (downloaded from /attachments/<id>/file) or at its own `url`. Vedlegg known only by
 * their title are not Files (OParl requires accessUrl).
 */
export function attachmentFile(u: OparlUrls, m: Meeting, a: Attachment, itemIds: string[]): OparlObject {
  return clean({
    id: u.object('file', a.id),
    type: schemaType('File'),
    name: `Vedlegg ${a.number}: ${a.title}`,
    fileName: a.fileName ?? undefined,
    mimeType: a.mimeType ?? undefined,
    accessUrl: u.absolute(a.url ?? `/attachments/${a.id}/file`),
    downloadUrl: a.sha256 ? u.absolute(`/attachments/${a.id}/file`) : undefined,
    size: a.size ?? undefined,
    meeting: [u.object('meeting', m.id)],
    agendaItem: itemIds.map((id) => u.object('agendaitem', id)),
    created: iso(a.createdAt),
    modified: iso(a.updatedAt),
  });
}

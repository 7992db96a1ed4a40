/**
 * The meeting API as the API tests drive it: the fully nested meeting query used for before/after snapshots, row
 * counts, ids by name, and the mutations that set up a meeting.
 */
import {
  AgendaItem,
  Attachment,
  Attendance,
  Body,
  Disqualification,
  ItemReference,
  Meeting,
  Membership,
  Person,
  ProtocolEntry,
  SubItem,
} from '../../schema/entities/index.js';
import { type TestServer } from './app.js';

const DECISION = 'decision { text adoptedAt voteOutcome votesFor votesAgainst votesBlank dissenters { id name } }';

/** Everything a meeting has, nested, with timestamps: two equal answers mean nothing changed. */
export const FULL_MEETING = `
  query Full($id: ID!) {
    meeting(id: $id) {
      id title status startsAt endsAt location actualStartsAt actualEndsAt actualLocation remote
      noticeSentAt minutesApprovedAt createdAt updatedAt year
      noticeApproval { text adoptedAt voteOutcome }
      body { id slug name }
      attachments { id number title fileName mimeType url createdAt updatedAt }
      attendance {
        id position role status representing municipality note createdAt updatedAt
        person { id name municipality } substituteFor { id name } fromItem { id number } untilItem { id number }
        absentForItems { id number }
      }
      agendaItems {
        id number sequence year position kind title introduction notes public closedLegalBasis publicTitle
        archiveCaseNumber createdAt updatedAt
        proposedDecision { text formulatedInMeeting }
        ${DECISION}
        approvesMinutesOf { id status }
        attachments { id number }
        references { id kind citation meeting { id } item { id } createdAt updatedAt }
        disqualifications { id legalBasis reason person { id name } createdAt updatedAt }
        protocolEntries { id position text person { id } createdAt updatedAt }
        subItems {
          id letter position title subtitle introduction notes createdAt updatedAt
          proposedDecision { text formulatedInMeeting }
          ${DECISION}
          attachments { id number }
        }
      }
    }
  }`;

export async function fullMeeting(server: TestServer, id: string): Promise<any> {
  return (await server.ok(FULL_MEETING, { id })).meeting;
}

/** Rows per table, through a fresh EntityManager (not through the API). */
export async function rowCounts(server: TestServer): Promise<Record<string, number>> {
  const em = server.app.orm.em.fork();
  const entities = { Meeting, AgendaItem, SubItem, Attachment, Attendance, Disqualification, ItemReference, ProtocolEntry, Person, Membership, Body };
  const out: Record<string, number> = {};
  for (const [name, entity] of Object.entries(entities)) out[name] = await em.count(entity as never, {});
  return out;
}

export async function bodyId(server: TestServer, slug: string): Promise<string> {
  const { body } = await server.ok(`query ($slug: String!) { body(slug: $slug) { id } }`, { slug });
  if (!body) throw new Error(`no body ${slug}`);
  return body.id;
}

export async function personId(server: TestServer, name: string): Promise<string> {
  const { persons } = await server.ok(`{ persons { id name } }`);
  const p = persons.find((x: { name: string }) => x.name === name);
  if (!p) throw new Error(`no person ${name}`);
  return p.id;
}

export const ITEM_FIELDS = 'id number sequence year position kind title';

export async function createMeeting(
  server: TestServer,
  input: { bodyId: string; startsAt: string; endsAt?: string; location?: string; approvePreviousMinutes?: boolean; title?: string },
): Promise<{ id: string; status: string; agendaItems: any[] }> {
  const { createMeeting } = await server.ok(
    `mutation ($input: CreateMeetingInput!) {
      createMeeting(input: $input) { id status agendaItems { ${ITEM_FIELDS} approvesMinutesOf { id } } }
    }`,
    { input },
  );
  return createMeeting;
}

export async function addItem(server: TestServer, input: Record<string, unknown>): Promise<any> {
  const { addAgendaItem } = await server.ok(
    `mutation ($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { ${ITEM_FIELDS} public closedLegalBasis } }`,
    { input },
  );
  return addAgendaItem;
}

export async function agendaOf(server: TestServer, meetingId: string): Promise<any[]> {
  const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { ${ITEM_FIELDS} } } }`, { id: meetingId });
  return meeting.agendaItems;
}

export async function sendNotice(server: TestServer, meetingId: string): Promise<void> {
  await server.ok(`mutation ($id: ID!) { sendNotice(meetingId: $id) { id status } }`, { id: meetingId });
}

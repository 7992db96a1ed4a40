/**
 * Shared pieces of the API tests (not a test file itself): the referat fixture, the fully nested meeting query used
 * for before/after snapshots, and small helpers around the test server.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
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
import type { GqlError, TestServer } from '../helpers/app.js';

export const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** Whitespace (line breaks, no-break spaces) collapsed to single spaces. */
export const squash = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** Every text that follows a "Vedtak:" line of a document (blank lines before it skipped), as one paragraph. */
export function vedtakTexts(doc: string): string[] {
  const lines = doc.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== 'Vedtak:') continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const para: string[] = [];
    while (j < lines.length && lines[j]!.trim() !== '') para.push(lines[j++]!.trim());
    out.push(para.join(' '));
  }
  return out;
}

/** Planned start of the example meeting of 14.09.2017 (09.00 Oslo summer time). */
export const SEPT_14 = '2017-09-14T07:00:00.000Z';

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

/** The id of the example meeting of 14.09.2017. */
export async function sept14Id(server: TestServer): Promise<string> {
  const { meetings } = await server.ok(`{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt } }`);
  const m = meetings.find((x: { startsAt: string }) => x.startsAt === SEPT_14);
  if (!m) throw new Error('the example meeting of 14.09.2017 is missing');
  return m.id;
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

/** Asserts that an answer failed with exactly one error of the given code and a readable message; returns it. */
export function expectCode(res: { data: unknown; errors?: GqlError[] }, code: string): GqlError {
  expect(res.errors, `expected ${code}, got ${JSON.stringify(res)}`).toBeDefined();
  expect(res.errors!.length).toBe(1);
  const err = res.errors![0]!;
  expect(err.extensions.code).toBe(code);
  expect(typeof err.message).toBe('string');
  expect(err.message.trim().length).toBeGreaterThan(0);
  return err;
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

/**
 * Vedlegg and sak numbers, on SQLite and PostgreSQL. Given at the same moment: two secretaries who upload vedlegg, add
 * vedlegg or add saker to the same meeting at once each get the next free number (no CONFLICT, no gap, no duplicate).
 * Moved: a vedlegg given another number renumbers the rest 1…n, and only before the innkalling is sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { makePdf, upload } from '../helpers/files.js';
import { addItem, agendaOf, bodyId, createMeeting, sendNotice } from '../helpers/meeting-api.js';
import { roleTokens, type Tokens } from '../helpers/roles.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';

const AT_ONCE = 8;

describe.each(dbKinds())('vedlegg and sak numbers on %s', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  let meeting: SeedMeeting;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { FILES_DIR: mkdtempSync(join(tmpdir(), 'motebok-numbering-test-')) } });
    tokens = await roleTokens(server);
    meeting = await seedMeeting(server);
  }, 60_000);
  afterAll(async () => server?.close());

  const numbersOf = async (meetingId: string): Promise<number[]> => {
    const { meeting: m } = await server.ok(`query ($id: ID!) { meeting(id: $id) { attachments { number } } }`, { id: meetingId });
    return m.attachments.map((a: { number: number }) => a.number).sort((a: number, b: number) => a - b);
  };

  it('uploads and added vedlegg at once each get their own next number', async () => {
    const before = await numbersOf(meeting.id);
    const first = Math.max(0, ...before) + 1;
    const pdfs = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => makePdf([`Vedlegg levert samtidig nr. ${i}`])));
    const answers = await Promise.all([
      ...pdfs.map((bytes, i) => upload(server.url, meeting.id, [{ name: `samtidig-${i}.pdf`, bytes }], {}, tokens.secretaryRG)),
      ...Array.from({ length: AT_ONCE }, (_, i) =>
        server.gql(`mutation ($input: AddAttachmentInput!) { addAttachment(input: $input) { number } }`, {
          input: { meetingId: meeting.id, title: `Lenke ${i}`, url: `https://example.no/${i}` },
        }, tokens.secretaryRG),
      ),
    ]);
    for (const a of answers) {
      if ('status' in a) expect(a.status, JSON.stringify(a.body)).toBe(201);
      else expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
    }
    const added = Array.from({ length: 2 * AT_ONCE }, (_, i) => first + i);
    expect(await numbersOf(meeting.id)).toEqual([...before, ...added]);
  });

  it('saker added at once to a new meeting are numbered without gaps or duplicates', async () => {
    const created = await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2031-03-04T08:00:00Z' });
    const titles = Array.from({ length: AT_ONCE }, (_, i) => `Sak meldt samtidig ${i}`);
    await Promise.all(titles.map((title) => addItem(server, { meetingId: created.id, title })));
    const agenda = await agendaOf(server, created.id);
    const ours = agenda.filter((i) => titles.includes(i.title));
    expect(ours).toHaveLength(AT_ONCE);
    const sequences = agenda.map((i) => i.sequence).sort((a: number, b: number) => a - b);
    expect(new Set(sequences).size).toBe(agenda.length);
    expect(sequences).toEqual(Array.from({ length: agenda.length }, (_, i) => sequences[0] + i));
  });

  it('moves a vedlegg to another number and renumbers the rest; refuses once the innkalling is sent', async () => {
    const created = await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2031-09-02T08:00:00Z' });
    const add = async (title: string) =>
      (await server.ok(`mutation ($input: AddAttachmentInput!) { addAttachment(input: $input) { id } }`, { input: { meetingId: created.id, title } }, tokens.secretaryRG)).addAttachment.id;
    const ids = [await add('Budsjett'), await add('Regnskap'), await add('Årsmelding')];
    const moved = await server.ok(`mutation ($id: ID!) { moveAttachment(id: $id, number: 1) { number title } }`, { id: ids[2] }, tokens.secretaryRG);
    expect(moved.moveAttachment).toEqual({ number: 1, title: 'Årsmelding' });
    const titles = async () => {
      const { meeting: m } = await server.ok(`query ($id: ID!) { meeting(id: $id) { attachments { number title } } }`, { id: created.id });
      return [...m.attachments].sort((a: any, b: any) => a.number - b.number).map((a: any) => `${a.number} ${a.title}`);
    };
    expect(await titles()).toEqual(['1 Årsmelding', '2 Budsjett', '3 Regnskap']);
    const outOfRange = await server.gql(`mutation ($id: ID!) { moveAttachment(id: $id, number: 4) { number } }`, { id: ids[0] }, tokens.secretaryRG);
    expect(outOfRange.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await sendNotice(server, created.id);
    const frozen = await server.gql(`mutation ($id: ID!) { moveAttachment(id: $id, number: 1) { number } }`, { id: ids[1] }, tokens.secretaryRG);
    expect(frozen.errors?.[0].extensions?.code).toBe('AGENDA_FROZEN');
    expect(await titles()).toEqual(['1 Årsmelding', '2 Budsjett', '3 Regnskap']);
  });
});

/**
 * Acceptance 6: the audit trail tells the secretariat who changed which agenda item, attendance and decision — also
 * when the change was typed in the live referat, attributed to the user whose connection sent it. Members may not
 * read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { userOf } from '../helpers/roles.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

interface Entry {
  action: string;
  entity: string;
  entityId: string;
  summary: string | null;
  userId: string | null;
  userName: string | null;
  via: string | null;
  meetingId: string;
}

const AUDIT = `query ($m: ID!) { auditLog(meetingId: $m) { action entity entityId summary userId userName via meetingId at } }`;

describe('audit trail', () => {
  let server: TestServer;
  let meetingId: string;
  let seed: SeedMeeting;
  let secretaryA: string;
  let secretaryB: string;
  let member: string;
  let live: LiveClient | null = null;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    seed = await seedMeeting(server);
    meetingId = seed.id;
    [secretaryA, secretaryB, member] = await Promise.all([
      server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
      server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
      server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen'),
    ]);
  });

  afterAll(async () => {
    live?.destroy();
    await server?.close();
  });

  it('lists who changed which agenda item, attendance and decision, through the API and in the live referat', async () => {
    const a = await userOf(server, secretaryA);
    const b = await userOf(server, secretaryB);
    expect(a.name).not.toBe(b.name);
    const item24 = seed.item('24/2017').id;
    const item25 = seed.item('25/2017').id;
    const item26 = seed.item('26/2017').id;

    // Secretary A, through GraphQL: an agenda item, an attendance record, a decision.
    await server.ok(`mutation ($i: ID!) { updateAgendaItem(id: $i, input: { archiveCaseNumber: "17/4711" }) { id } }`, { i: item24 }, secretaryA);
    const persons = await server.ok<{ meeting: { attendance: Array<{ id: string; person: { id: string; name: string }; status: string }> } }>(
      `query ($m: ID!) { meeting(id: $m) { attendance { id person { id name } status } } }`,
      { m: meetingId },
    );
    const absent = persons.meeting.attendance.find((x) => x.status === 'ABSENT_WITH_NOTICE')!;
    const attendance = await server.ok<{ setAttendance: { id: string } }>(
      `mutation ($m: ID!, $p: ID!) { setAttendance(input: { meetingId: $m, personId: $p, status: PRESENT, note: "Kom likevel" }) { id } }`,
      { m: meetingId, p: absent.person.id },
      secretaryA,
    );
    await server.ok(
      `mutation ($i: ID!) { recordDecision(input: { target: { agendaItemId: $i }, text: "Tertialrapporten tas til orientering.", vote: { outcome: UNANIMOUS } }) { id } }`,
      { i: item25 },
      secretaryA,
    );

    // Secretary B types in the live referat with their own token.
    live = connectLive(server.url, meetingId, { token: secretaryB });
    await waitSynced([live], [item26], 8_000);
    const text = live.text(item26, 'decision', 'C');
    text.insert(text.length, ' Skrevet i møtet.');

    // After the binding's quiet time the typed text is stored, and the audit trail says who typed it.
    const log = await waitFor(
      async () => {
        const res = await server.gql<{ auditLog: Entry[] }>(AUDIT, { m: meetingId }, secretaryA);
        expect(res.errors).toBeUndefined();
        const entries = res.data.auditLog;
        return entries.some((e) => e.via === 'live' && e.userId === b.id) ? entries : null;
      },
      'the live edit to reach the audit trail',
      5_000,
    );

    const liveEntry = log.find((e) => e.via === 'live')!;
    expect(liveEntry).toMatchObject({ userId: b.id, userName: b.name, action: 'TEXT_SET', entity: 'SubItem', meetingId });
    expect(liveEntry.summary).toMatch(/26\/2017 C/);
    expect(log.filter((e) => e.via === 'live').every((e) => e.userId === b.id)).toBe(true);

    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'AgendaItem', entityId: item24, action: 'ITEM_UPDATED', userId: a.id, userName: a.name, via: 'api' }),
        expect.objectContaining({ entity: 'Attendance', entityId: attendance.setAttendance.id, action: 'ATTENDANCE_SET', userId: a.id, userName: a.name, via: 'api' }),
        expect.objectContaining({ entity: 'AgendaItem', entityId: item25, action: 'DECISION_RECORDED', userId: a.id, userName: a.name, via: 'api' }),
      ]),
    );
    expect(log.find((e) => e.entity === 'Attendance')!.summary).toContain(absent.person.name);
    // Newest first: the live edit was the last change.
    expect(log[0]!.via).toBe('live');
    // Nothing is attributed to a user who did not make it.
    expect(log.every((e) => e.userId === a.id || e.userId === b.id || e.userId === null)).toBe(true);

    // The stored text is the typed one.
    const stored = await server.ok<{ agendaItem: { subItems: Array<{ letter: string; decision: { text: string } | null }> } }>(
      `query ($i: ID!) { agendaItem(id: $i) { subItems { letter decision { text } } } }`,
      { i: item26 },
    );
    expect(stored.agendaItem.subItems.find((s) => s.letter === 'C')!.decision!.text).toMatch(/Skrevet i møtet\.$/);
  });

  it('a member asking gets FORBIDDEN; the public UNAUTHENTICATED', async () => {
    const m = await server.gql(AUDIT, { m: meetingId }, member);
    expect(m.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(m.data).toBeNull();
    const p = await server.gql(AUDIT, { m: meetingId }, 'public');
    expect(p.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    // The secretariat still reads it.
    const s = await server.gql(AUDIT, { m: meetingId }, secretaryA);
    expect(s.errors).toBeUndefined();
    expect(s.data.auditLog.length).toBeGreaterThan(0);
  });
});

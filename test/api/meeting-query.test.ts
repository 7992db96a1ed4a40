import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { fixture, squash, vedtakTexts } from '../helpers/fixtures.js';
import { expectCode } from '../helpers/graphql.js';
import { bodyId } from '../helpers/meeting-api.js';
import { seedMeeting, SEPT_14 } from '../helpers/seed-meeting.js';

const referat = fixture('referat-radmannsgruppen-2017-09-14.txt');
const innkalling = fixture('innkalling-radmannsgruppen-2017-09-14.txt');

/** The text after "<label>:" on its line of the referat. */
function referatLine(label: string): string {
  const line = referat.split('\n').find((l) => l.startsWith(`${label}:`));
  if (!line) throw new Error(`no ${label} line in the referat`);
  return line.slice(label.length + 1).trim();
}

/** "09.00" → the UTC instant of that time on 14.09.2017 in Oslo (summer time, UTC+2). */
function sept14At(hhmm: string): string {
  const [h, m] = hhmm.split('.').map(Number);
  return new Date(Date.UTC(2017, 8, 14, h! - 2, m!)).toISOString();
}

const ACCEPTANCE_1 = `{ meetings { startsAt agendaItems { number title decision { text } subItems { letter title } } } }`;

const ATTENDANCE = `
  query ($id: ID!) {
    meeting(id: $id) {
      attendance { position person { name municipality } municipality role status substituteFor { name } fromItem { number } }
    }
  }`;

interface AttendanceRow {
  position: number;
  person: { name: string; municipality: string | null };
  municipality: string | null;
  role: string;
  status: string;
  substituteFor: { name: string } | null;
  fromItem: { number: string } | null;
}

describe.each(dbKinds())('the example meeting through the API (%s)', (kind) => {
  let server: TestServer;
  let meetingId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    meetingId = (await seedMeeting(server)).id;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('acceptance 1: the meetings query returns 14.09.2017 with items 21/2017…28/2017 in order', async () => {
    const { meetings } = await server.ok(ACCEPTANCE_1);
    const sept = meetings.filter((m: { startsAt: string }) => m.startsAt === SEPT_14);
    expect(sept).toHaveLength(1);
    const items = sept[0].agendaItems;
    expect(items.map((i: { number: string }) => i.number)).toEqual([
      '21/2017', '22/2017', '23/2017', '24/2017', '25/2017', '26/2017', '27/2017', '28/2017',
    ]);
    expect(items.map((i: { title: string }) => i.title)).toEqual([
      'Referat fra møte i Rådmannsgruppen',
      'Referat fra møte i Styringsgruppen',
      'Protokoll fra Vestregionens generalforsamling',
      'Videreføring av Vestregionsamarbeidet etter 2018?',
      'Tertialrapport 2 – 2017',
      'Prosjekter innen prioriterte satsingsområder',
      'Øvrige orienteringer, meldinger og informasjon',
      'Eventuelt',
    ]);
    // Every item title is printed in the referat as it is.
    for (const i of items) expect(referat).toContain(i.title);

    const byNumber = new Map(items.map((i: { number: string }) => [i.number, i]));
    const sub26 = (byNumber.get('26/2017') as { subItems: { letter: string; title: string }[] }).subItems;
    const sub27 = (byNumber.get('27/2017') as { subItems: { letter: string; title: string }[] }).subItems;
    expect(sub26.map((s) => s.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(sub26.map((s) => s.title)).toEqual([
      'Kommnehelsesamarbeidet', 'KomUt', 'BPA', 'Folkehelse', 'Regional utvikling', 'Kunst rett vest', 'Ungdomssymfonikerne',
    ]);
    expect(sub27.map((s) => s.letter)).toEqual(['A', 'B', 'C', 'D']);
    expect(sub27.map((s) => s.title)).toEqual([
      'Fra medlemskommunene + fylkeskommunene', 'Fra delregionene', 'Fra Osloregionen', 'Fra rådmannsgruppens leder/sekretariat',
    ]);
    for (const i of items) {
      if (i.number !== '26/2017' && i.number !== '27/2017') expect(i.subItems).toEqual([]);
    }
  });

  it('acceptance 1: every "Vedtak:" of the referat is in the API verbatim, in the order of the referat', async () => {
    const expected = vedtakTexts(referat);
    // Godkjenning av innkalling, 21–25, 26 B, C, E, F, G.
    expect(expected).toHaveLength(11);
    expect(expected.every((t) => t.length > 0)).toBe(true);

    const { meetings } = await server.ok(ACCEPTANCE_1);
    const items = meetings.find((m: { startsAt: string }) => m.startsAt === SEPT_14).agendaItems;
    const itemTexts = items.flatMap((i: { decision: { text: string } | null }) => (i.decision ? [i.decision.text] : []));
    for (const text of itemTexts) expect(expected).toContain(text);

    const { meeting } = await server.ok(
      `query ($id: ID!) { meeting(id: $id) {
        noticeApproval { text }
        agendaItems { number decision { text } subItems { letter decision { text } } }
      } }`,
      { id: meetingId },
    );
    const inOrder: string[] = [];
    if (meeting.noticeApproval) inOrder.push(meeting.noticeApproval.text);
    for (const i of meeting.agendaItems) {
      if (i.decision) inOrder.push(i.decision.text);
      for (const s of i.subItems) if (s.decision) inOrder.push(s.decision.text);
    }
    expect(inOrder).toEqual(expected);
    expect(meeting.noticeApproval.text).toBe('Godkjent.');
    // Where each vedtak belongs.
    const sub = (n: string, l: string) =>
      meeting.agendaItems.find((i: { number: string }) => i.number === n).subItems.find((s: { letter: string }) => s.letter === l);
    expect(sub('26/2017', 'B').decision.text).toBe('Rådmannsgruppen tar framlagt sak til orientering.');
    expect(sub('26/2017', 'A').decision).toBeNull();
    expect(sub('26/2017', 'D').decision).toBeNull();
    expect(meeting.agendaItems.find((i: { number: string }) => i.number === '28/2017').decision).toBeNull();
  });

  it('attendance: til stede with substitute and partial presence, the secretariat and forfall', async () => {
    const { meeting } = await server.ok(ATTENDANCE, { id: meetingId });
    const rows = meeting.attendance as AttendanceRow[];
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i + 1));

    const present = rows.filter((r) => r.status === 'PRESENT' && r.role !== 'SECRETARIAT');
    const line = (r: AttendanceRow) =>
      `${r.person.name}${r.substituteFor ? ` for ${r.substituteFor.name}` : ''}${r.municipality ? `, ${r.municipality}` : ''}` +
      (r.fromItem ? ` (fra sak ${r.fromItem.number})` : '');
    const lines = present.map(line);
    expect(lines).toContain('Steinar Valstad for Trond Julin, Drammen');
    expect(lines).toContain('Per Morstad, Røyken (fra sak 25/2017)');
    const tilStede = referatLine('Til stede');
    expect(tilStede).toContain('Steinar Valstad for Trond Julin, Drammen');
    expect(tilStede).toContain('Per Morstad, Røyken (fra sak 25/2017)');
    expect(present).toHaveLength(11);
    for (const r of present) expect(tilStede).toContain(r.person.name);

    const valstad = rows.find((r) => r.person.name === 'Steinar Valstad')!;
    expect(valstad).toMatchObject({ role: 'SUBSTITUTE', status: 'PRESENT', municipality: 'Drammen', substituteFor: { name: 'Trond Julin' } });
    const morstad = rows.find((r) => r.person.name === 'Per Morstad')!;
    expect(morstad).toMatchObject({ role: 'MEMBER', status: 'PRESENT', municipality: 'Røyken', fromItem: { number: '25/2017' } });
    expect(present.filter((r) => r.fromItem).map((r) => r.person.name)).toEqual(['Per Morstad']);
    // Trond Julin is named only as the member stood in for.
    expect(rows.some((r) => r.person.name === 'Trond Julin')).toBe(false);

    const secretariat = rows.filter((r) => r.role === 'SECRETARIAT');
    const secretariatNames = referatLine('Sekretariatet').split(/, | og /);
    expect(secretariat.map((r) => r.person.name)).toEqual(secretariatNames);
    expect(secretariat.every((r) => r.status === 'PRESENT')).toBe(true);

    const forfall = rows.filter((r) => r.status === 'ABSENT_WITH_NOTICE');
    expect(forfall.map((r) => `${r.person.name}, ${r.municipality}`).join(', ')).toBe(referatLine('Forfall'));
    expect(forfall.every((r) => r.role === 'MEMBER' && r.fromItem === null && r.substituteFor === null)).toBe(true);

    // The referat's order: til stede, sekretariatet, forfall.
    expect(rows.map((r) => r.person.name)).toEqual([...present, ...secretariat, ...forfall].map((r) => r.person.name));
    expect(rows).toHaveLength(11 + 4 + 7);
  });

  it('meetings(filter) by year and body slug, by body id, and by status', async () => {
    const q = `query ($f: MeetingFilter) { meetings(filter: $f) { id startsAt status year body { slug } } }`;
    const rg2017 = (await server.ok(q, { f: { year: 2017, bodySlug: 'radmannsgruppen' } })).meetings;
    expect(rg2017.map((m: { startsAt: string }) => m.startsAt)).toEqual(['2017-06-01T07:00:00.000Z', SEPT_14]);
    expect(rg2017.map((m: { status: string }) => m.status)).toEqual(['MINUTES_APPROVED', 'HELD']);
    expect(rg2017.every((m: { year: number; body: { slug: string } }) => m.year === 2017 && m.body.slug === 'radmannsgruppen')).toBe(true);

    expect((await server.ok(q, { f: { year: 2016, bodySlug: 'radmannsgruppen' } })).meetings).toEqual([]);
    expect((await server.ok(q, { f: { bodySlug: 'no-such-body' } })).meetings).toEqual([]);

    const rgId = await bodyId(server, 'radmannsgruppen');
    const byId = (await server.ok(q, { f: { bodyId: rgId, year: 2017 } })).meetings;
    expect(byId.map((m: { id: string }) => m.id)).toEqual(rg2017.map((m: { id: string }) => m.id));

    const held = (await server.ok(q, { f: { status: ['HELD'], year: 2017 } })).meetings;
    expect(held.map((m: { body: { slug: string } }) => m.body.slug).sort()).toEqual(['generalforsamling', 'radmannsgruppen', 'styringsgruppen']);
    expect(held.every((m: { status: string }) => m.status === 'HELD')).toBe(true);

    const approved = (await server.ok(q, { f: { status: ['MINUTES_APPROVED'], bodySlug: 'radmannsgruppen' } })).meetings;
    expect(approved.map((m: { startsAt: string }) => m.startsAt)).toEqual(['2017-06-01T07:00:00.000Z']);

    const rgHeld = (await server.ok(q, { f: { status: ['HELD'], bodySlug: 'radmannsgruppen', year: 2017 } })).meetings;
    expect(rgHeld.map((m: { id: string }) => m.id)).toEqual([meetingId]);

    const either = (await server.ok(q, { f: { status: ['HELD', 'MINUTES_APPROVED'], bodySlug: 'radmannsgruppen' } })).meetings;
    expect(either).toHaveLength(2);
    expect((await server.ok(q, { f: { status: ['PLANNED'], year: 2017 } })).meetings).toEqual([]);
  });

  it('meetings(filter: { year }) uses the Norwegian calendar year, and Meeting.year agrees', async () => {
    const gf = await bodyId(server, 'generalforsamling');
    // 23:30 UTC on New Year's Eve is 00:30 on 1 January 2018 in Oslo.
    const { createMeeting } = await server.ok(
      `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id year } }`,
      { input: { bodyId: gf, startsAt: '2017-12-31T23:30:00.000Z', approvePreviousMinutes: false } },
    );
    expect(createMeeting.year).toBe(2018);
    const q = `query ($f: MeetingFilter) { meetings(filter: $f) { id } }`;
    const in2018 = (await server.ok(q, { f: { year: 2018, bodySlug: 'generalforsamling' } })).meetings.map((m: { id: string }) => m.id);
    const in2017 = (await server.ok(q, { f: { year: 2017, bodySlug: 'generalforsamling' } })).meetings.map((m: { id: string }) => m.id);
    expect(in2018).toEqual([createMeeting.id]);
    expect(in2017).not.toContain(createMeeting.id);
    expect(in2017).toHaveLength(1);
  });

  it('meetings(filter: { bodyId }) with a malformed id answers an empty list or a coded user error, never a server error', async () => {
    const res = await server.gql(`{ meetings(filter: { bodyId: "not-a-uuid" }) { id } }`);
    if (res.errors) {
      expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(res.errors[0]!.extensions.code);
    } else {
      expect(res.data.meetings).toEqual([]);
    }
  });

  it('agendaItem(id) returns one item with its meeting, attachments, references and decision', async () => {
    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { id number } } }`, { id: meetingId });
    const id25 = meeting.agendaItems.find((i: { number: string }) => i.number === '25/2017').id;
    const { agendaItem } = await server.ok(
      `query ($id: ID!) { agendaItem(id: $id) {
        id number sequence year position kind title meeting { id startsAt }
        proposedDecision { text formulatedInMeeting } decision { text adoptedAt }
        attachments { number title } references { citation } subItems { letter }
      } }`,
      { id: id25 },
    );
    expect(agendaItem).toMatchObject({
      id: id25,
      number: '25/2017',
      sequence: 25,
      year: 2017,
      position: 5,
      kind: 'DECISION',
      title: 'Tertialrapport 2 – 2017',
      meeting: { id: meetingId, startsAt: SEPT_14 },
      proposedDecision: { formulatedInMeeting: false },
      decision: { text: 'Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport inkl. resultatregnskap pr 30.07.2017.' },
      references: [],
      subItems: [],
    });
    expect(agendaItem.decision.adoptedAt).not.toBeNull();
    expect(agendaItem.attachments.map((a: { number: number }) => a.number)).toEqual([7, 8]);

    const id21 = meeting.agendaItems.find((i: { number: string }) => i.number === '21/2017').id;
    const item21 = (
      await server.ok(
        `query ($id: ID!) { agendaItem(id: $id) { kind approvesMinutesOf { startsAt status } references { kind citation meeting { startsAt } } } }`,
        { id: id21 },
      )
    ).agendaItem;
    expect(item21).toEqual({
      kind: 'MINUTES_APPROVAL',
      approvesMinutesOf: { startsAt: '2017-06-01T07:00:00.000Z', status: 'MINUTES_APPROVED' },
      references: [{ kind: 'MEETING', citation: 'referat fra møte 01.06.2017', meeting: { startsAt: '2017-06-01T07:00:00.000Z' } }],
    });

    expectCode(await server.gql(`{ agendaItem(id: "00000000-0000-4000-8000-000000000000") { id } }`), 'NOT_FOUND');
  });

  it('planned (innkalling) and actual (referat) times and places differ as the documents say', async () => {
    const { meeting } = await server.ok(
      `query ($id: ID!) { meeting(id: $id) {
        status startsAt endsAt location actualStartsAt actualEndsAt actualLocation remote year noticeSentAt minutesApprovedAt
        body { name slug }
      } }`,
      { id: meetingId },
    );
    // Innkalling: "**Tid:** Torsdag 14.09.2017 kl. 09.00 – 12.00", "**Sted:** Rådhuset i Drammen, møterom Åssiden/Konnerud"
    const plannedTid = /\*\*Tid:\*\*.*kl\. (\d\d\.\d\d) – (\d\d\.\d\d)/.exec(innkalling)!;
    const plannedSted = /\*\*Sted:\*\* (.+?)\s*$/m.exec(innkalling)!;
    // Referat: "Tid: Torsdag 14.09.2017 kl. 09.00 – 11.00", "Sted: Drammen rådhus"
    const actualTid = /kl\. (\d\d\.\d\d) – (\d\d\.\d\d)/.exec(referatLine('Tid'))!;
    expect(meeting).toEqual({
      status: 'HELD',
      startsAt: sept14At(plannedTid[1]!),
      endsAt: sept14At(plannedTid[2]!),
      location: squash(plannedSted[1]!),
      actualStartsAt: sept14At(actualTid[1]!),
      actualEndsAt: sept14At(actualTid[2]!),
      actualLocation: referatLine('Sted'),
      remote: false,
      year: 2017,
      noticeSentAt: expect.any(String),
      minutesApprovedAt: null,
      body: { name: 'Rådmannsgruppen', slug: 'radmannsgruppen' },
    });
    expect(meeting.endsAt).toBe('2017-09-14T10:00:00.000Z');
    expect(meeting.actualEndsAt).toBe('2017-09-14T09:00:00.000Z');
    expect(meeting.location).toBe('Rådhuset i Drammen, møterom Åssiden/Konnerud');
    expect(meeting.actualLocation).toBe('Drammen rådhus');
  });

  it('meeting(id) with an unknown or malformed id is NOT_FOUND', async () => {
    expectCode(await server.gql(`{ meeting(id: "00000000-0000-4000-8000-000000000001") { id } }`), 'NOT_FOUND');
    expectCode(await server.gql(`{ meeting(id: "14.09.2017") { id } }`), 'NOT_FOUND');
  });
});

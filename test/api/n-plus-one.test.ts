import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgendaItem,
  Attachment,
  Attendance,
  Body,
  Decision,
  Disqualification,
  ItemReference,
  Meeting,
  Person,
  ProposedDecision,
  ProtocolEntry,
  SubItem,
} from '../../schema/entities/index.js';
import { AttendanceRole, AttendanceStatus, MeetingStatus, ReferenceKind, VoteOutcome } from '../../schema/enums.js';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

/** Everything the API can nest under a meeting, as a client showing the whole møtebok would ask for it. */
const NESTED = `
  query Nested($id: ID!) {
    meeting(id: $id) {
      id status startsAt year
      body { name organisation { name } }
      noticeApproval { text }
      attachments { number title }
      attendance {
        position role status municipality representing
        person { name municipality }
        substituteFor { name }
        fromItem { number }
        untilItem { number }
        absentForItems { number }
      }
      agendaItems {
        id number title kind public
        proposedDecision { text formulatedInMeeting }
        decision { text adoptedAt voteOutcome votesFor votesAgainst dissenters { name } }
        approvesMinutesOf { startsAt }
        attachments { number title }
        references { citation kind meeting { startsAt status } item { number } }
        disqualifications { legalBasis person { name } }
        protocolEntries { position text person { name } }
        subItems {
          letter title
          proposedDecision { text }
          decision { text dissenters { name } }
          attachments { number }
        }
      }
    }
  }`;

function decision(text: string, dissenter: Person | null): Decision {
  const d = new Decision();
  d.text = text;
  d.adoptedAt = new Date('2020-03-01T09:00:00Z');
  d.voteOutcome = dissenter ? VoteOutcome.MAJORITY : VoteOutcome.UNANIMOUS;
  d.votesFor = dissenter ? 7 : null;
  d.votesAgainst = dissenter ? 1 : null;
  d.dissenterIds = dissenter ? [dissenter.id] : null;
  return d;
}

function proposed(text: string): ProposedDecision {
  const p = new ProposedDecision();
  p.text = text;
  return p;
}

describe.each(dbKinds())('the nested meeting query costs the same number of SQL statements for 8 and 80 items (%s)', (kind) => {
  let server: TestServer;
  let sept14: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    sept14 = (await seedMeeting(server)).id;
  });

  afterAll(async () => {
    await server?.close();
  });

  /**
   * A held meeting of Styringsgruppen with n items, each with two sub-items (with decisions and a vedlegg), a vedlegg,
   * a reference to the meeting of 14.09.2017, a protocol entry, a disqualification and a decision with a dissenter;
   * and n attendance rows (every fourth a substitute, every fifth present from an item). Built directly, for speed.
   */
  async function buildMeeting(n: number, year: number): Promise<string> {
    const em = server.app.orm.em.fork();
    const body = await em.findOneOrFail(Body, { slug: 'styringsgruppen' });
    const referenced = await em.findOneOrFail(Meeting, { id: sept14 });
    const meeting = new Meeting();
    meeting.body = body;
    meeting.startsAt = new Date(Date.UTC(year, 2, 1, 8));
    meeting.endsAt = new Date(Date.UTC(year, 2, 1, 11));
    meeting.status = MeetingStatus.HELD;
    meeting.noticeSentAt = new Date(Date.UTC(year, 1, 20));
    em.persist(meeting);

    const people: Person[] = [];
    const members: Person[] = [];
    for (let i = 0; i < n; i++) {
      const p = new Person();
      p.name = `Deltaker ${year}-${i + 1}`;
      p.municipality = `Kommune ${i % 7}`;
      people.push(p);
      const m = new Person();
      m.name = `Medlem ${year}-${i + 1}`;
      m.municipality = `Kommune ${i % 7}`;
      members.push(m);
      em.persist([p, m]);
    }

    const items: AgendaItem[] = [];
    for (let i = 0; i < n; i++) {
      const a = new Attachment();
      a.meeting = meeting;
      a.number = i + 1;
      a.title = `Vedlegg ${i + 1}`;
      em.persist(a);

      const item = new AgendaItem();
      item.meeting = meeting;
      item.body = body;
      item.year = year;
      item.sequence = i + 1;
      item.position = i + 1;
      item.title = `Sak ${i + 1}`;
      item.proposedDecision = proposed(`Forslag ${i + 1}`);
      item.decision = decision(`Vedtak ${i + 1}`, people[(i + 1) % n]!);
      item.attachments.add(a);
      em.persist(item);
      items.push(item);

      for (const [k, letter] of ['A', 'B'].entries()) {
        const s = new SubItem();
        s.agendaItem = item;
        s.letter = letter;
        s.position = k + 1;
        s.title = `Punkt ${i + 1}${letter}`;
        s.proposedDecision = proposed(`Forslag ${i + 1}${letter}`);
        s.decision = decision(`Vedtak ${i + 1}${letter}`, k === 0 ? members[i]! : null);
        s.attachments.add(a);
        em.persist(s);
      }

      const r = new ItemReference();
      r.agendaItem = item;
      r.kind = ReferenceKind.MEETING;
      r.meeting = referenced;
      r.citation = `jf. referat fra møte 14.09.2017 (${i + 1})`;
      em.persist(r);

      const e = new ProtocolEntry();
      e.agendaItem = item;
      e.person = people[i]!;
      e.text = `Protokolltilførsel ${i + 1}`;
      e.position = 1;
      em.persist(e);

      const d = new Disqualification();
      d.agendaItem = item;
      d.person = people[i]!;
      d.legalBasis = 'forvaltningsloven § 6 første ledd bokstav a';
      em.persist(d);
    }
    for (let i = 0; i < n; i++) {
      const row = new Attendance();
      row.meeting = meeting;
      row.person = people[i]!;
      row.position = i + 1;
      row.status = AttendanceStatus.PRESENT;
      if (i % 4 === 1) {
        row.role = AttendanceRole.SUBSTITUTE;
        row.substituteFor = members[i]!;
      }
      if (i % 5 === 2) row.fromItem = items[Math.min(i, n - 1)]!;
      em.persist(row);
    }
    await em.flush();
    return meeting.id;
  }

  /**
   * Waits for the search index (it catches up on the meetings just built in the background; its statements are not
   * the query's), then asks once for nothing: the token's viewer is then read (and, on SQLite, remembered until the
   * database changes: server/auth/viewer-cache.ts), so every measured request pays the same for its viewer.
   */
  async function settle(): Promise<void> {
    await server.app.search.flush();
    expect((await server.gql('{ __typename }')).errors).toBeUndefined();
  }

  /**
   * Runs `ask` and counts the SQL statements it cost; asked again (up to 5 times) when background work (the search
   * index, under load) wrote meanwhile, as that may make the request read its viewer afresh.
   */
  async function counted<T>(ask: () => Promise<T>): Promise<{ statements: number; answer: T }> {
    for (let attempt = 1; ; attempt++) {
      await settle();
      const [before, background] = [server.app.sqlStats.statements, server.app.sqlStats.background];
      const answer = await ask();
      const statements = server.app.sqlStats.statements - before;
      if (server.app.sqlStats.background === background || attempt === 5) return { statements, answer };
    }
  }

  /**
   * A query over HTTP as the administrator, executed: `Cache-Control: no-cache` bypasses the private response cache
   * (server/http/private-cache.ts), which would answer a repeated query without a statement.
   */
  async function executed(query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: unknown }> {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, 'cache-control': 'no-cache' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: unknown };
  }

  /** Runs the nested query over HTTP and counts the SQL statements it cost. */
  async function measure(id: string): Promise<{ statements: number; meeting: any }> {
    const { statements, answer: res } = await counted(() => executed(NESTED, { id }));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return { statements, meeting: res.data.meeting };
  }

  /**
   * Two series of statement counts are "the same cost": exactly, on SQLite and PostgreSQL alike (the request's
   * loaders dispatch and answer their batches in waves, server/graphql/batch-waves.ts, so PostgreSQL's round trips
   * finishing one by one no longer split a level's batch in two); an N+1 would add 72 or more.
   */
  function expectSameCost(a: number[], b: number[]): void {
    expect(b, `${a} vs ${b}`).toEqual(a);
    expect(new Set([...a, ...b]).size).toBe(1);
  }

  function checkShape(meeting: any, n: number): void {
    expect(meeting.agendaItems).toHaveLength(n);
    expect(meeting.attendance).toHaveLength(n);
    expect(meeting.attachments).toHaveLength(n);
    for (const [i, item] of meeting.agendaItems.entries()) {
      expect(item.number).toBe(`${String(i + 1).padStart(2, '0')}/${meeting.year}`);
      expect(item.subItems.map((s: { letter: string }) => s.letter)).toEqual(['A', 'B']);
      expect(item.subItems[0].decision.dissenters).toEqual([{ name: `Medlem ${meeting.year}-${i + 1}` }]);
      expect(item.subItems[1].decision.dissenters).toEqual([]);
      expect(item.subItems[0].attachments).toEqual([{ number: i + 1 }]);
      expect(item.attachments).toEqual([{ number: i + 1, title: `Vedlegg ${i + 1}` }]);
      expect(item.references).toEqual([
        { citation: `jf. referat fra møte 14.09.2017 (${i + 1})`, kind: 'MEETING', meeting: { startsAt: '2017-09-14T07:00:00.000Z', status: 'HELD' }, item: null },
      ]);
      expect(item.disqualifications).toEqual([
        { legalBasis: 'forvaltningsloven § 6 første ledd bokstav a', person: { name: `Deltaker ${meeting.year}-${i + 1}` } },
      ]);
      expect(item.protocolEntries).toEqual([{ position: 1, text: `Protokolltilførsel ${i + 1}`, person: { name: `Deltaker ${meeting.year}-${i + 1}` } }]);
      expect(item.decision.dissenters).toEqual([{ name: `Deltaker ${meeting.year}-${((i + 1) % n) + 1}` }]);
      expect(item.proposedDecision.text).toBe(`Forslag ${i + 1}`);
    }
    for (const [i, row] of meeting.attendance.entries()) {
      expect(row.person.name).toBe(`Deltaker ${meeting.year}-${i + 1}`);
      expect(row.absentForItems).toEqual([{ number: `${String(i + 1).padStart(2, '0')}/${meeting.year}` }]);
      expect(row.substituteFor).toEqual(i % 4 === 1 ? { name: `Medlem ${meeting.year}-${i + 1}` } : null);
      expect(row.fromItem !== null).toBe(i % 5 === 2);
    }
  }

  it('acceptance 4: 8 and 80 items cost the same, small number of statements', async () => {
    const small = await buildMeeting(8, 2030);
    const large = await buildMeeting(80, 2031);

    const s1 = await measure(small);
    const l1 = await measure(large);
    checkShape(s1.meeting, 8);
    checkShape(l1.meeting, 80);
    expect(s1.statements).toBeGreaterThan(0);
    expect(s1.statements).toBeLessThan(30);
    expect(l1.statements).toBeLessThan(30);

    // Asked again, alternately: the answers are the same and so is the cost.
    const counts8 = [s1.statements];
    const counts80 = [l1.statements];
    for (let k = 0; k < 3; k++) {
      counts8.push((await measure(small)).statements);
      const again = await measure(large);
      counts80.push(again.statements);
      if (k === 0) expect(again.meeting).toEqual(l1.meeting);
    }
    expectSameCost(counts8, counts80);
  });

  it('the example meeting of 14.09.2017 costs no more statements than the synthetic ones', async () => {
    const small = await buildMeeting(8, 2032);
    const s = [(await measure(small)).statements, (await measure(small)).statements];
    const first = await measure(sept14);
    expect(first.meeting.agendaItems).toHaveLength(8);
    const ex = [first.statements, (await measure(sept14)).statements];
    expect(Math.max(...ex)).toBeLessThanOrEqual(Math.min(...s));
  });

  it('the meetings list with items and attendance does not grow with the number of meetings', async () => {
    const LIST = `query ($f: MeetingFilter) { meetings(filter: $f) {
      id body { name } agendaItems { number subItems { letter } decision { dissenters { name } } } attendance { person { name } substituteFor { name } }
    } }`;
    const count = async (f: Record<string, unknown>) => {
      const { statements, answer: res } = await counted(() => executed(LIST, { f }));
      expect(res.errors).toBeUndefined();
      return { statements, meetings: res.data.meetings };
    };
    await buildMeeting(8, 2033);
    await buildMeeting(8, 2034);
    const one = await count({ bodySlug: 'styringsgruppen', year: 2033 });
    const many = await count({ bodySlug: 'styringsgruppen' });
    expect(one.meetings).toHaveLength(1);
    expect(one.meetings[0].agendaItems).toHaveLength(8);
    expect(many.meetings.length).toBeGreaterThanOrEqual(3);
    const ones = [one.statements, (await count({ bodySlug: 'styringsgruppen', year: 2033 })).statements];
    const manys = [many.statements, (await count({ bodySlug: 'styringsgruppen' })).statements];
    expectSameCost(ones, manys);
  });
});

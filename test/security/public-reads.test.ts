/**
 * Acceptance 5: what the public reads (PUBLISH_DRAFT_MINUTES=false). Before approval: the agenda, no referat. After
 * approval: the referat (decisions, notes, attendance) — except what was handled behind closed doors, which shows
 * only its number and public title, whichever way it is reached. A planned meeting does not exist for the public.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { subscribe, wsClient } from '../helpers/graphql-ws.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CLOSED_NUMBER = '26/2017';
const PUBLIC_TITLE = 'Prosjektsak (unntatt offentlighet)';
const LEGAL_BASIS = 'offentleglova § 13, jf. forvaltningsloven § 13';

/** Everything a reader could ask about a meeting: the referat as a front-end shows it, and every way to an item. */
const PUBLIC_MEETING = /* GraphQL */ `
  query PublicMeeting($id: ID!) {
    meeting(id: $id) {
      id status minutesApprovedAt
      noticeApproval { text }
      attachments { number title }
      attendance {
        person { name } role status municipality substituteFor { name }
        fromItem { number title introduction notes decision { text } subItems { letter title } attachments { title } }
        untilItem { number title notes }
        absentForItems { number title notes }
      }
      agendaItems {
        id number title public publicTitle closedLegalBasis introduction notes archiveCaseNumber
        proposedDecision { text }
        decision { text }
        attachments { number title }
        references { citation }
        disqualifications { legalBasis person { name } }
        protocolEntries { text }
        subItems { letter title subtitle introduction notes decision { text } attachments { number title } }
      }
    }
  }
`;

interface Item {
  id: string;
  number: string;
  title: string;
  introduction: string | null;
  notes: string | null;
  proposedDecision: { text: string } | null;
  decision: { text: string } | null;
  attachments: Array<{ number: number; title: string }>;
  references: Array<{ citation: string }>;
  protocolEntries: Array<{ text: string }>;
  subItems: Array<{ letter: string; title: string; subtitle: string | null; introduction: string | null; notes: string | null; decision: { text: string } | null; attachments: Array<{ number: number; title: string }> }>;
}

interface MeetingView {
  id: string;
  status: string;
  noticeApproval: { text: string } | null;
  attachments: Array<{ number: number; title: string }>;
  attendance: Array<{ person: { name: string }; fromItem: { number: string } | null }>;
  agendaItems: Item[];
}

describe('public reads with PUBLISH_DRAFT_MINUTES=false', () => {
  let server: TestServer;
  let seedId: string;
  let closedId: string;
  /** The closed item as its secretariat sees it: none of this may reach the public. */
  let secrets: string[];
  let adminView: MeetingView;
  let nextMeeting: string;
  let plannedMeeting: string;
  let plannedItem: string;

  const asPublic = async (query: string, variables: Record<string, unknown> = {}) => server.gql(query, variables, 'public');
  const publicMeeting = async (id: string) => {
    const res = await asPublic(PUBLIC_MEETING, { id });
    expect(res.errors).toBeUndefined();
    return res.data.meeting as MeetingView;
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite', { env: { PUBLISH_DRAFT_MINUTES: 'false' } });
    const seed = await seedMeeting(server);
    seedId = seed.id;
    closedId = seed.item(CLOSED_NUMBER).id;

    // The secretariat marks 26/2017 as handled behind closed doors …
    await server.ok(
      `mutation ($id: ID!, $b: String!, $t: String!) { updateAgendaItem(id: $id, input: { public: false, closedLegalBasis: $b, publicTitle: $t }) { id } }`,
      { id: closedId, b: LEGAL_BASIS, t: PUBLIC_TITLE },
    );
    // … gives it notes, a protocol entry and a reference, and records someone as present from it.
    await server.ok(
      `mutation ($id: ID!) { setMinutesText(input: { target: { agendaItemId: $id }, field: NOTES, text: "Lukket drøfting av leverandørens økonomi." }) { id } }`,
      { id: closedId },
    );
    await server.ok(`mutation ($id: ID!) { addProtocolEntry(input: { agendaItemId: $id, text: "Protokolltilførsel fra lukket behandling." }) { id } }`, { id: closedId });
    await server.ok(`mutation ($id: ID!) { addItemReference(input: { agendaItemId: $id, kind: EXTERNAL, citation: "jf. fortrolig revisjonsrapport" }) { id } }`, { id: closedId });
    const att = await server.ok<{ meeting: { attendance: Array<{ person: { id: string; name: string }; role: string; status: string; fromItem: unknown; substituteFor: unknown }> } }>(
      `query ($id: ID!) { meeting(id: $id) { attendance { person { id name } role status fromItem { id } substituteFor { id } } } }`,
      { id: seedId },
    );
    const [someone, other] = att.meeting.attendance.filter((a) => a.role === 'MEMBER' && a.status === 'PRESENT' && !a.fromItem && !a.substituteFor);
    await server.ok(`mutation ($m: ID!, $p: ID!, $i: ID!) { setAttendance(input: { meetingId: $m, personId: $p, role: MEMBER, fromItemId: $i }) { id } }`, {
      m: seedId,
      p: someone!.person.id,
      i: closedId,
    });
    // … and someone else declared disqualified for it (so their attendance lists it as an item they left for).
    await server.ok(`mutation ($i: ID!, $p: ID!) { declareDisqualification(input: { agendaItemId: $i, personId: $p, legalBasis: "forvaltningsloven § 6 første ledd" }) { id } }`, {
      i: closedId,
      p: other!.person.id,
    });

    adminView = (await server.ok<{ meeting: MeetingView }>(PUBLIC_MEETING, { id: seedId })).meeting;
    const closed = adminView.agendaItems.find((i) => i.id === closedId)!;
    const otherItems = adminView.agendaItems.filter((i) => i.id !== closedId);
    const elsewhere = JSON.stringify(otherItems);
    // Texts of the closed item that do not also occur in a public item (e.g. a vedlegg shared with another item).
    secrets = [
      closed.title,
      closed.introduction,
      closed.notes,
      closed.proposedDecision?.text,
      closed.decision?.text,
      ...closed.subItems.flatMap((s) => [s.title, s.subtitle, s.introduction, s.notes, s.decision?.text]),
      ...closed.subItems.flatMap((s) => s.attachments.map((a) => a.title)),
      ...closed.attachments.map((a) => a.title),
      ...closed.protocolEntries.map((p) => p.text),
      ...closed.references.map((r) => r.citation),
    ].filter((t): t is string => typeof t === 'string' && t.length > 3 && !elsewhere.includes(t));
    expect(secrets.length).toBeGreaterThan(10);
    expect(secrets).toContain('Prosjekter innen prioriterte satsingsområder');
    expect(closed.subItems.length).toBe(7);

    // The next meeting (its first item approves 14.09.2017), and one after it that stays planned.
    const body = (await server.ok<{ body: { id: string } }>(`{ body(slug: "radmannsgruppen") { id } }`)).body.id;
    nextMeeting = (
      await server.ok<{ createMeeting: { id: string } }>(`mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-10-19T07:00:00Z" }) { id } }`, { b: body })
    ).createMeeting.id;
    const planned = await server.ok<{ createMeeting: { id: string; agendaItems: Array<{ id: string }> } }>(
      `mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-11-30T08:00:00Z", title: "Hemmelig planlagt møte" }) { id agendaItems { id } } }`,
      { b: body },
    );
    plannedMeeting = planned.createMeeting.id;
    plannedItem = planned.createMeeting.agendaItems[0]!.id;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('before approval the public sees the agenda, but no decisions, notes or attendance', async () => {
    const view = await publicMeeting(seedId);
    expect(view.status).toBe('HELD');
    expect(view.agendaItems.map((i) => i.number)).toEqual(adminView.agendaItems.map((i) => i.number));
    for (const item of view.agendaItems) {
      expect(item.decision, item.number).toBeNull();
      expect(item.notes, item.number).toBeNull();
      for (const s of item.subItems) {
        expect(s.decision, `${item.number} ${s.letter}`).toBeNull();
        expect(s.notes, `${item.number} ${s.letter}`).toBeNull();
      }
    }
    expect(view.attendance).toEqual([]);
    expect(view.noticeApproval).toBeNull();
    // The agenda itself is public: titles of public items, proposed decisions.
    const item25 = view.agendaItems.find((i) => i.number === '25/2017')!;
    expect(item25.title).toBe('Tertialrapport 2 – 2017');
    expect(item25.proposedDecision?.text).toMatch(/tertialrapport/);
    // The closed item is redacted already.
    const closed = view.agendaItems.find((i) => i.number === CLOSED_NUMBER)!;
    expect(closed.title).toBe(PUBLIC_TITLE);
    const json = JSON.stringify(view.agendaItems);
    for (const secret of secrets) expect(json, `"${secret}" leaked before approval`).not.toContain(secret);
    // The server's draft decisions are real (so their absence above is redaction).
    expect(adminView.agendaItems.find((i) => i.number === '25/2017')!.decision?.text).toBeTruthy();
  });

  it('a PLANNED meeting does not exist for the public', async () => {
    const list = await asPublic(`{ meetings(filter: { bodySlug: "radmannsgruppen" }) { id title } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.meetings.map((m: { id: string }) => m.id)).not.toContain(plannedMeeting);
    expect(list.data.meetings.map((m: { id: string }) => m.id)).toContain(seedId);
    const all = await asPublic(`{ meetings { id } bodies { slug meetings { id } } }`);
    expect(JSON.stringify(all.data)).not.toContain(plannedMeeting);
    const one = await asPublic(`query ($id: ID!) { meeting(id: $id) { id title } }`, { id: plannedMeeting });
    expect(one.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    expect(one.data).toBeNull();
    const item = await asPublic(`query ($id: ID!) { agendaItem(id: $id) { id title } }`, { id: plannedItem });
    expect(item.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    // Same answer as for an id that does not exist at all.
    const none = await asPublic(`query { meeting(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(none.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify([one, item])).not.toContain('Hemmelig planlagt møte');
  });

  it('after approval the public reads the referat — decisions, notes, attendance — without the closed item', async () => {
    // Approve 14.09.2017 the way the secretariat does: the next meeting's first item, adopted.
    const next = await server.ok<{ sendNotice: { agendaItems: Array<{ id: string; kind: string }> } }>(
      `mutation ($m: ID!) { sendNotice(meetingId: $m) { agendaItems { id kind } } }`,
      { m: nextMeeting },
    );
    const approval = next.sendNotice.agendaItems[0]!;
    expect(approval.kind).toBe('MINUTES_APPROVAL');
    await server.ok(`mutation ($i: ID!) { recordDecision(input: { target: { agendaItemId: $i }, text: "Framlagt forslag til referat godkjennes." }) { id } }`, { i: approval.id });
    await server.ok(`mutation ($i: ID!) { adoptDecision(target: { agendaItemId: $i }) { id } }`, { i: approval.id });

    const view = await publicMeeting(seedId);
    expect(view.status).toBe('MINUTES_APPROVED');
    expect(view.noticeApproval).toEqual({ text: 'Godkjent.' });
    // Attendance: all of it.
    expect(view.attendance.length).toBe(adminView.attendance.length);
    expect(view.attendance.length).toBeGreaterThan(5);
    // Decisions and notes of every public item and sub-item, exactly as the secretariat has them.
    for (const item of view.agendaItems.filter((i) => i.number !== CLOSED_NUMBER)) {
      const full = adminView.agendaItems.find((i) => i.id === item.id)!;
      expect(item, item.number).toEqual(full);
    }
    expect(view.agendaItems.find((i) => i.number === '25/2017')!.decision?.text).toMatch(/tertialrapport/i);
    expect(view.agendaItems.find((i) => i.number === '27/2017')!.subItems.some((s) => s.notes || s.decision)).toBe(true);

    // The closed item: its number and public title, nothing else.
    const closed = view.agendaItems.find((i) => i.number === CLOSED_NUMBER)!;
    expect(closed).toMatchObject({
      number: CLOSED_NUMBER,
      title: PUBLIC_TITLE,
      introduction: null,
      notes: null,
      proposedDecision: null,
      decision: null,
      archiveCaseNumber: null,
      subItems: [],
      attachments: [],
      references: [],
      protocolEntries: [],
      disqualifications: [],
    });
    const direct = await asPublic(`query ($id: ID!) { agendaItem(id: $id) { number title introduction notes decision { text } subItems { title } attachments { title } } }`, {
      id: closedId,
    });
    expect(direct.data.agendaItem).toEqual({ number: CLOSED_NUMBER, title: PUBLIC_TITLE, introduction: null, notes: null, decision: null, subItems: [], attachments: [] });
  });

  it("the closed item's vedlegg are not listed among the meeting's vedlegg", async () => {
    const closed = adminView.agendaItems.find((i) => i.id === closedId)!;
    const elsewhere = adminView.agendaItems.filter((i) => i.id !== closedId);
    const publicNumbers = new Set(elsewhere.flatMap((i) => [...i.attachments, ...i.subItems.flatMap((s) => s.attachments)]).map((a) => a.number));
    const closedOnly = [...closed.attachments, ...closed.subItems.flatMap((s) => s.attachments)].filter((a) => !publicNumbers.has(a.number));
    expect(closedOnly.map((a) => a.number).sort()).toEqual([10, 9, 9].sort());
    const view = await publicMeeting(seedId);
    expect(view.attachments.map((a) => a.number).sort((a, b) => a - b)).toEqual([...publicNumbers].sort((a, b) => a - b));
    expect(JSON.stringify(view.attachments)).not.toMatch(/KomUt|Sluttrapport revisjon/);
  });

  it('attendance "present from" / "left for" the closed item shows its number and public title only', async () => {
    const res = await asPublic(
      `query ($id: ID!) { meeting(id: $id) { attendance { person { name } fromItem { number title introduction notes decision { text } subItems { title } attachments { title } } absentForItems { number title notes decision { text } } } } }`,
      { id: seedId },
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data.meeting.attendance as Array<{ fromItem: unknown; absentForItems: unknown[] }>;
    const redacted = { number: CLOSED_NUMBER, title: PUBLIC_TITLE, introduction: null, notes: null, decision: null, subItems: [], attachments: [] };
    const from = rows.map((r) => r.fromItem).filter((i) => (i as { number?: string } | null)?.number === CLOSED_NUMBER);
    expect(from).toEqual([redacted]);
    const left = rows.flatMap((r) => r.absentForItems).filter((i) => (i as { number?: string }).number === CLOSED_NUMBER);
    expect(left).toEqual([{ number: CLOSED_NUMBER, title: PUBLIC_TITLE, notes: null, decision: null }]);
    // And a last sweep over everything the public can read about the meeting.
    const json = JSON.stringify([res.data, await publicMeeting(seedId)]);
    expect(secrets.filter((t) => json.includes(t))).toEqual([]);
  });
});

describe('public subscriptions with PUBLISH_DRAFT_MINUTES=true', () => {
  let server: TestServer;
  let client: Client | null = null;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { env: { PUBLISH_DRAFT_MINUTES: 'true' } });
  });
  afterAll(async () => {
    await client?.dispose();
    await server?.close();
  });

  it("decisionUpdated does not carry a closed item's texts to the public", async () => {
    const seed = await seedMeeting(server);
    const open = seed.item('25/2017').id;
    const closed = seed.item(CLOSED_NUMBER).id;
    await server.ok(`mutation ($id: ID!, $b: String!) { updateAgendaItem(id: $id, input: { public: false, closedLegalBasis: $b }) { id } }`, { id: closed, b: LEGAL_BASIS });
    // The draft referat is public in this deployment …
    const draft = await server.gql(`query ($id: ID!) { agendaItem(id: $id) { decision { text } } }`, { id: open }, 'public');
    expect(draft.data.agendaItem.decision?.text).toBeTruthy();
    // … the closed item is not.
    const hidden = await server.gql(`query ($id: ID!) { agendaItem(id: $id) { notes decision { text } } }`, { id: closed }, 'public');
    expect(hidden.data.agendaItem).toEqual({ notes: null, decision: null });

    client = wsClient(server.url, 'public');
    const sub = subscribe<{ decisionUpdated: { itemNumber: string; text: string } }>(
      client,
      `subscription ($m: ID!) { decisionUpdated(meetingId: $m) { itemNumber subItemLetter field text } }`,
      { m: seed.id },
    );
    let n = 0;
    await waitFor(async () => {
      await server.ok(`mutation ($i: ID!, $t: String!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: $t }) { id } }`, {
        i: open,
        t: `Offentlig notat ${++n}.`,
      });
      await sleep(50);
      return sub.events.length > 0;
    }, 'the public subscription to receive a public item', 8_000);
    await server.ok(`mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "FORTROLIG: lukket drøfting." }) { id } }`, { i: closed });
    await server.ok(`mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "Offentlig notat, siste." }) { id } }`, { i: open });
    await waitFor(() => sub.events.some((e) => e.decisionUpdated.text === 'Offentlig notat, siste.'), 'the last public event', 5_000);
    expect(JSON.stringify(sub.events)).not.toContain('FORTROLIG');
    sub.stop();
  });
});

import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { expectCode } from '../helpers/graphql.js';
import { subscribe, wsClient, type Subscription } from '../helpers/graphql-ws.js';
import { addItem, bodyId, createMeeting, personId, sendNotice } from '../helpers/meeting-api.js';

const RECORD = `mutation ($v: RecordDecisionInput!) {
  recordDecision(input: $v) {
    id number
    decision { text adoptedAt voteOutcome votesFor votesAgainst votesBlank dissenters { id name } }
    subItems { letter decision { text adoptedAt voteOutcome dissenters { name } } }
  }
}`;
const ADOPT = `mutation ($t: MinutesTargetInput!, $vote: VoteInput) {
  adoptDecision(target: $t, vote: $vote) {
    id decision { text adoptedAt voteOutcome votesFor dissenters { name } } subItems { letter decision { text adoptedAt } }
  }
}`;
const SET_TEXT = `mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id notes decision { text } subItems { letter notes decision { text } } } }`;
const SET_ATTENDANCE = `mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id status role } }`;

describe.each(dbKinds())('decisions, records and subscriptions (%s)', (kind) => {
  let server: TestServer;
  let gf: string;
  let year = 2040;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    gf = await bodyId(server, 'generalforsamling');
  });

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.close();
  });

  /** A Generalforsamling meeting of its own year, with one item; notified unless told otherwise. */
  async function meetingWithItem(opts: { notify?: boolean; subItems?: number } = {}) {
    const m = await createMeeting(server, { bodyId: gf, startsAt: `${year++}-05-10T08:00:00.000Z`, approvePreviousMinutes: false });
    const item = await addItem(server, { meetingId: m.id, title: 'Vedtakssak' });
    for (let i = 0; i < (opts.subItems ?? 0); i++) {
      await server.ok(`mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id } }`, { v: { agendaItemId: item.id, title: `Punkt ${i + 1}` } });
    }
    if (opts.notify !== false) await sendNotice(server, m.id);
    return { meetingId: m.id as string, itemId: item.id as string, number: item.number as string };
  }

  it('recordDecision with a vote returns the voting result and the dissenters', async () => {
    const { itemId } = await meetingWithItem();
    const a = await personId(server, 'Lars Bjerke');
    const b = await personId(server, 'Per Kierulf');
    const { recordDecision } = await server.ok(RECORD, {
      v: {
        target: { agendaItemId: itemId },
        text: 'Generalforsamlingen vedtar budsjettet.',
        vote: { outcome: 'MAJORITY', votesFor: 9, votesAgainst: 2, votesBlank: 1, dissenterIds: [a, b] },
      },
    });
    expect(recordDecision.decision).toEqual({
      text: 'Generalforsamlingen vedtar budsjettet.',
      adoptedAt: null,
      voteOutcome: 'MAJORITY',
      votesFor: 9,
      votesAgainst: 2,
      votesBlank: 1,
      dissenters: [
        { id: a, name: 'Lars Bjerke' },
        { id: b, name: 'Per Kierulf' },
      ],
    });
    // Stored, not only echoed.
    const { agendaItem } = await server.ok(
      `query ($id: ID!) { agendaItem(id: $id) { decision { text voteOutcome votesFor votesAgainst votesBlank dissenters { name } } } }`,
      { id: itemId },
    );
    expect(agendaItem.decision).toEqual({
      text: 'Generalforsamlingen vedtar budsjettet.',
      voteOutcome: 'MAJORITY',
      votesFor: 9,
      votesAgainst: 2,
      votesBlank: 1,
      dissenters: [{ name: 'Lars Bjerke' }, { name: 'Per Kierulf' }],
    });

    // Adopting keeps the text and vote and stamps the time.
    const adopted = (await server.ok(ADOPT, { t: { agendaItemId: itemId } })).adoptDecision;
    expect(adopted.decision).toMatchObject({ text: 'Generalforsamlingen vedtar budsjettet.', voteOutcome: 'MAJORITY', votesFor: 9 });
    expect(Number.isNaN(Date.parse(adopted.decision.adoptedAt))).toBe(false);

  });

  it('recordDecision with adopt: true on a sub-item, unanimous', async () => {
    const { itemId } = await meetingWithItem({ subItems: 2 });
    const { recordDecision } = await server.ok(RECORD, {
      v: { target: { agendaItemId: itemId, subItemLetter: 'B' }, text: 'Tatt til orientering.', vote: { outcome: 'UNANIMOUS' }, adopt: true },
    });
    const [subA, subB] = recordDecision.subItems;
    expect(subA).toEqual({ letter: 'A', decision: null });
    expect(subB.decision).toMatchObject({ text: 'Tatt til orientering.', voteOutcome: 'UNANIMOUS', dissenters: [] });
    expect(subB.decision.adoptedAt).not.toBeNull();
    expect(recordDecision.decision).toBeNull();
  });

  it('adoptDecision of an empty decision is BAD_USER_INPUT; before the notice it is INVALID_STATE', async () => {
    const { itemId } = await meetingWithItem({ subItems: 1 });
    expectCode(await server.gql(ADOPT, { t: { agendaItemId: itemId } }), 'BAD_USER_INPUT');
    expectCode(await server.gql(ADOPT, { t: { agendaItemId: itemId, subItemLetter: 'A' } }), 'BAD_USER_INPUT');
    // Whitespace is no decision either.
    await server.ok(SET_TEXT, { v: { target: { agendaItemId: itemId }, field: 'DECISION', text: '   ' } });
    expectCode(await server.gql(ADOPT, { t: { agendaItemId: itemId } }), 'BAD_USER_INPUT');
    const { agendaItem } = await server.ok(`query ($id: ID!) { agendaItem(id: $id) { decision { adoptedAt } subItems { decision { adoptedAt } } } }`, { id: itemId });
    expect(agendaItem.decision?.adoptedAt ?? null).toBeNull();
    expect(agendaItem.subItems[0].decision).toBeNull();

    const planned = await meetingWithItem({ notify: false });
    await server.ok(SET_TEXT, { v: { target: { agendaItemId: planned.itemId }, field: 'DECISION', text: 'Vedtatt.' } });
    expectCode(await server.gql(ADOPT, { t: { agendaItemId: planned.itemId } }), 'INVALID_STATE');
  });

  it('setMinutesText sets and clears notes and decision text of items and sub-items', async () => {
    const { itemId } = await meetingWithItem({ subItems: 1 });
    let r = (await server.ok(SET_TEXT, { v: { target: { agendaItemId: itemId, subItemLetter: 'A' }, field: 'NOTES', text: 'Orientert.\nLinje 2' } })).setMinutesText;
    expect(r.subItems[0]).toEqual({ letter: 'A', notes: 'Orientert.\nLinje 2', decision: null });
    r = (await server.ok(SET_TEXT, { v: { target: { agendaItemId: itemId }, field: 'DECISION', text: 'Utkast.' } })).setMinutesText;
    expect(r.decision).toEqual({ text: 'Utkast.' });
    expect(r.notes).toBeNull();
    // An empty text removes a decision that is neither adopted nor voted on.
    r = (await server.ok(SET_TEXT, { v: { target: { agendaItemId: itemId }, field: 'DECISION', text: '' } })).setMinutesText;
    expect(r.decision).toBeNull();
    r = (await server.ok(SET_TEXT, { v: { target: { agendaItemId: itemId, subItemLetter: 'A' }, field: 'NOTES', text: '' } })).setMinutesText;
    expect(r.subItems[0].notes).toBeNull();
  });

  it('declareDisqualification shows in AgendaItem.disqualifications and in Attendance.absentForItems', async () => {
    const { meetingId, itemId, number } = await meetingWithItem({ notify: false });
    const other = await addItem(server, { meetingId, title: 'Annen sak' });
    const p = await personId(server, 'Trude Andresen');
    const q = await personId(server, 'Erik Kjeldstadli');
    await server.ok(SET_ATTENDANCE, { v: { meetingId, personId: p } });
    await server.ok(SET_ATTENDANCE, { v: { meetingId, personId: q } });
    const { declareDisqualification } = await server.ok(
      `mutation ($v: DeclareDisqualificationInput!) { declareDisqualification(input: $v) { id legalBasis reason person { name } } }`,
      { v: { agendaItemId: itemId, personId: p, legalBasis: ' forvaltningsloven § 6 første ledd bokstav a ', reason: 'Styreleder i søkerorganisasjonen' } },
    );
    expect(declareDisqualification).toMatchObject({
      legalBasis: 'forvaltningsloven § 6 første ledd bokstav a',
      reason: 'Styreleder i søkerorganisasjonen',
      person: { name: 'Trude Andresen' },
    });
    const { meeting } = await server.ok(
      `query ($id: ID!) { meeting(id: $id) {
        agendaItems { id disqualifications { id legalBasis person { name } } }
        attendance { person { name } absentForItems { id number } }
      } }`,
      { id: meetingId },
    );
    const [first, second] = meeting.agendaItems;
    expect(first.disqualifications).toEqual([
      { id: declareDisqualification.id, legalBasis: 'forvaltningsloven § 6 første ledd bokstav a', person: { name: 'Trude Andresen' } },
    ]);
    expect(second.id).toBe(other.id);
    expect(second.disqualifications).toEqual([]);
    const absent = Object.fromEntries(meeting.attendance.map((a: { person: { name: string }; absentForItems: unknown }) => [a.person.name, a.absentForItems]));
    expect(absent).toEqual({ 'Trude Andresen': [{ id: itemId, number }], 'Erik Kjeldstadli': [] });

    // Declaring twice is a conflict.
    expectCode(
      await server.gql(`mutation ($v: DeclareDisqualificationInput!) { declareDisqualification(input: $v) { id } }`, {
        v: { agendaItemId: itemId, personId: p, legalBasis: 'forvaltningsloven § 6' },
      }),
      'CONFLICT',
    );
    // Removing it takes it off both lists.
    expect((await server.ok(`mutation ($id: ID!) { removeDisqualification(id: $id) }`, { id: declareDisqualification.id })).removeDisqualification).toBe(true);
    const after = (await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { disqualifications { id } } attendance { absentForItems { id } } } }`, { id: meetingId })).meeting;
    expect(after.agendaItems.flatMap((i: { disqualifications: unknown[] }) => i.disqualifications)).toEqual([]);
    expect(after.attendance.flatMap((a: { absentForItems: unknown[] }) => a.absentForItems)).toEqual([]);
  });

  it('addProtocolEntry adds protokolltilførsler in order, with or without a person', async () => {
    const { itemId } = await meetingWithItem();
    const p = await personId(server, 'Per Kierulf');
    const ADD = `mutation ($v: AddProtocolEntryInput!) { addProtocolEntry(input: $v) { id position text person { name } } }`;
    const e1 = (await server.ok(ADD, { v: { agendaItemId: itemId, personId: p, text: '  Akershus tar forbehold om fylkestingets behandling.  ' } })).addProtocolEntry;
    const e2 = (await server.ok(ADD, { v: { agendaItemId: itemId, text: 'Sekretariatet følger opp.' } })).addProtocolEntry;
    expect(e1).toMatchObject({ position: 1, text: 'Akershus tar forbehold om fylkestingets behandling.', person: { name: 'Per Kierulf' } });
    expect(e2).toMatchObject({ position: 2, text: 'Sekretariatet følger opp.', person: null });
    const { agendaItem } = await server.ok(`query ($id: ID!) { agendaItem(id: $id) { protocolEntries { id position text } } }`, { id: itemId });
    expect(agendaItem.protocolEntries.map((e: { id: string }) => e.id)).toEqual([e1.id, e2.id]);
    expectCode(await server.gql(ADD, { v: { agendaItemId: itemId, text: '   ' } }), 'BAD_USER_INPUT');
  });

  it('an item behind closed doors carries its legal basis and public title', async () => {
    const m = await createMeeting(server, { bodyId: gf, startsAt: `${year++}-05-10T08:00:00.000Z`, approvePreviousMinutes: false });
    const closed = await server.ok(
      `mutation ($v: AddAgendaItemInput!) { addAgendaItem(input: $v) { id public closedLegalBasis publicTitle title } }`,
      { v: { meetingId: m.id, title: 'Ansettelse av daglig leder', public: false, closedLegalBasis: 'offentleglova § 25', publicTitle: 'Personalsak' } },
    );
    expect(closed.addAgendaItem).toMatchObject({
      public: false,
      closedLegalBasis: 'offentleglova § 25',
      publicTitle: 'Personalsak',
      title: 'Ansettelse av daglig leder',
    });
    // Opening it again is allowed; closing an open item needs the basis.
    const open = await addItem(server, { meetingId: m.id, title: 'Åpen sak' });
    expect(open).toMatchObject({ public: true, closedLegalBasis: null });
    const upd = await server.ok(
      `mutation ($id: ID!) { updateAgendaItem(id: $id, input: { public: false, closedLegalBasis: "kommuneloven § 11-5 andre ledd" }) { public closedLegalBasis } }`,
      { id: open.id },
    );
    expect(upd.updateAgendaItem).toEqual({ public: false, closedLegalBasis: 'kommuneloven § 11-5 andre ledd' });
  });

  describe('subscriptions over graphql-ws', () => {
    function client(): Client {
      const c = wsClient(server.url, server.adminToken);
      clients.push(c);
      return c;
    }

    /** The server starts listening a moment after the subscribe message: repeat a harmless trigger until one arrives. */
    async function warmUp(sub: Subscription<any>, trigger: () => Promise<unknown>, pred: (e: any) => boolean): Promise<void> {
      for (let i = 0; i < 50; i++) {
        await trigger();
        if (await sub.find(pred, 100)) {
          sub.events.length = 0;
          return;
        }
      }
      throw new Error(`subscription never delivered: ${JSON.stringify(sub.errors)}`);
    }

    const DECISIONS = `subscription ($id: ID!) { decisionUpdated(meetingId: $id) { meetingId agendaItemId itemNumber subItemLetter field text adopted } }`;

    it('decisionUpdated delivers { itemNumber subItemLetter field text } after setMinutesText on a sub-item, only for its meeting', async () => {
      const a = await meetingWithItem({ subItems: 2 });
      const b = await meetingWithItem({ subItems: 1 });
      const c = client();
      const subA = subscribe(c, DECISIONS, { id: a.meetingId });
      const subB = subscribe(c, DECISIONS, { id: b.meetingId });
      // A text equal to the stored one changes nothing and fires no event: each try writes a new one.
      let tries = 0;
      const warm = (m: { itemId: string }) => () =>
        server.ok(SET_TEXT, { v: { target: { agendaItemId: m.itemId }, field: 'NOTES', text: `oppvarming ${++tries}` } });
      await warmUp(subA, warm(a), (e) => e.decisionUpdated.text.startsWith('oppvarming'));
      await warmUp(subB, warm(b), (e) => e.decisionUpdated.text.startsWith('oppvarming'));
      subA.events.length = 0;
      subB.events.length = 0;

      await server.ok(SET_TEXT, { v: { target: { agendaItemId: a.itemId, subItemLetter: 'B' }, field: 'DECISION', text: 'Framlagt sak tas til orientering.' } });
      const got = await subA.find((e) => e.decisionUpdated.field === 'DECISION', 5000);
      expect(got?.decisionUpdated).toEqual({
        meetingId: a.meetingId,
        agendaItemId: a.itemId,
        itemNumber: a.number,
        subItemLetter: 'B',
        field: 'DECISION',
        text: 'Framlagt sak tas til orientering.',
        adopted: false,
      });

      // B hears only B: its first event after A's change is its own.
      await server.ok(SET_TEXT, { v: { target: { agendaItemId: b.itemId, subItemLetter: 'A' }, field: 'NOTES', text: 'Bare for B.' } });
      const gotB = await subB.find((e) => e.decisionUpdated.text === 'Bare for B.', 5000);
      expect(gotB?.decisionUpdated).toMatchObject({ meetingId: b.meetingId, itemNumber: b.number, subItemLetter: 'A', field: 'NOTES' });
      expect(subB.events.map((e) => e.decisionUpdated.meetingId).filter((id) => id !== b.meetingId)).toEqual([]);
      expect(subB.events.some((e) => e.decisionUpdated.text === 'Framlagt sak tas til orientering.')).toBe(false);
      expect(subA.events.map((e) => e.decisionUpdated.meetingId).filter((id) => id !== a.meetingId)).toEqual([]);
      expect(subA.events.some((e) => e.decisionUpdated.text === 'Bare for B.')).toBe(false);

      // Adopting is announced too, with adopted: true.
      await server.ok(ADOPT, { t: { agendaItemId: a.itemId, subItemLetter: 'B' } });
      const adopted = await subA.find((e) => e.decisionUpdated.adopted, 5000);
      expect(adopted?.decisionUpdated).toMatchObject({ subItemLetter: 'B', field: 'DECISION', text: 'Framlagt sak tas til orientering.', adopted: true });
      expect(subA.errors).toEqual([]);
      expect(subB.errors).toEqual([]);
      subA.stop();
      subB.stop();
    });

    it('agendaChanged delivers ITEM_ADDED after addAgendaItem, only for its meeting', async () => {
      const a = await meetingWithItem({ notify: false });
      const b = await meetingWithItem({ notify: false });
      const c = client();
      const AGENDA = `subscription ($id: ID!) { agendaChanged(meetingId: $id) { meetingId kind agendaItemId at } }`;
      const subA = subscribe(c, AGENDA, { id: a.meetingId });
      const subB = subscribe(c, AGENDA, { id: b.meetingId });
      const touch = (id: string) => () => server.ok(`mutation ($id: ID!) { updateMeeting(id: $id, input: { remote: false }) { id } }`, { id });
      await warmUp(subA, touch(a.meetingId), (e) => e.agendaChanged.kind === 'MEETING_UPDATED');
      await warmUp(subB, touch(b.meetingId), (e) => e.agendaChanged.kind === 'MEETING_UPDATED');
      subA.events.length = 0;
      subB.events.length = 0;

      const added = await addItem(server, { meetingId: a.meetingId, title: 'Ny sak' });
      const got = await subA.find((e) => e.agendaChanged.kind === 'ITEM_ADDED', 5000);
      expect(got?.agendaChanged).toMatchObject({ meetingId: a.meetingId, kind: 'ITEM_ADDED', agendaItemId: added.id });
      expect(Number.isNaN(Date.parse(got.agendaChanged.at))).toBe(false);

      await server.ok(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 1) { id } }`, { id: added.id });
      expect((await subA.find((e) => e.agendaChanged.kind === 'ITEM_MOVED', 5000))?.agendaChanged.agendaItemId).toBe(added.id);

      await touch(b.meetingId)();
      await subB.find((e) => e.agendaChanged.kind === 'MEETING_UPDATED', 5000);
      expect(subB.events.length).toBeGreaterThan(0);
      expect(subB.events.filter((e) => e.agendaChanged.kind !== 'MEETING_UPDATED')).toEqual([]);
      expect(subB.events.every((e) => e.agendaChanged.meetingId === b.meetingId)).toBe(true);
      subA.stop();
      subB.stop();
    });

    it('attendanceChanged delivers the change after setAttendance', async () => {
      const a = await meetingWithItem({ notify: false });
      const c = client();
      const sub = subscribe(c, `subscription ($id: ID!) { attendanceChanged(meetingId: $id) { meetingId kind attendanceId } }`, { id: a.meetingId });
      const warmPerson = await personId(server, 'Nina Solberg');
      await warmUp(sub, () => server.ok(SET_ATTENDANCE, { v: { meetingId: a.meetingId, personId: warmPerson, role: 'SECRETARIAT' } }), () => true);

      const p = await personId(server, 'Georg N. Smedhus');
      const row = (await server.ok(SET_ATTENDANCE, { v: { meetingId: a.meetingId, personId: p, status: 'ABSENT_WITH_NOTICE' } })).setAttendance;
      expect(row).toMatchObject({ status: 'ABSENT_WITH_NOTICE', role: 'MEMBER' });
      const got = await sub.find((e) => e.attendanceChanged.attendanceId === row.id, 5000);
      expect(got?.attendanceChanged).toMatchObject({ meetingId: a.meetingId, attendanceId: row.id });
      expect(['ADDED', 'UPDATED']).toContain(got.attendanceChanged.kind);

      // Changing the same person's record updates the same row.
      const again = (await server.ok(SET_ATTENDANCE, { v: { meetingId: a.meetingId, personId: p } })).setAttendance;
      expect(again).toMatchObject({ id: row.id, status: 'PRESENT' });
      const updated = await sub.find((e) => e.attendanceChanged.attendanceId === row.id && e !== got, 5000);
      expect(updated?.attendanceChanged).toMatchObject({ kind: 'UPDATED', attendanceId: row.id });

      await server.ok(`mutation ($id: ID!) { removeAttendance(id: $id) }`, { id: row.id });
      const removed = await sub.find((e) => e.attendanceChanged.kind === 'REMOVED', 5000);
      expect(removed?.attendanceChanged).toMatchObject({ meetingId: a.meetingId, attendanceId: row.id });
      expect(sub.errors).toEqual([]);
      sub.stop();
    });

    it('attendanceChanged says ADDED for a new attendance record (as the schema documents: ADDED, UPDATED or REMOVED)', async () => {
      const a = await meetingWithItem({ notify: false });
      const c = client();
      const sub = subscribe(c, `subscription ($id: ID!) { attendanceChanged(meetingId: $id) { kind attendanceId } }`, { id: a.meetingId });
      const warmPerson = await personId(server, 'Lena Hansson');
      await warmUp(sub, () => server.ok(SET_ATTENDANCE, { v: { meetingId: a.meetingId, personId: warmPerson } }), () => true);
      const p = await personId(server, 'Lars J. Tveit');
      const row = (await server.ok(SET_ATTENDANCE, { v: { meetingId: a.meetingId, personId: p } })).setAttendance;
      const got = await sub.find((e) => e.attendanceChanged.attendanceId === row.id, 5000);
      expect(got?.attendanceChanged.kind).toBe('ADDED');
      sub.stop();
    });
  });
});

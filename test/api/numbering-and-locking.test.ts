import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { expectCode } from '../helpers/graphql.js';
import { addItem, agendaOf, bodyId, createMeeting, fullMeeting, ITEM_FIELDS, personId, rowCounts, sendNotice } from '../helpers/meeting-api.js';
import { seedMeeting, SEPT_14 } from '../helpers/seed-meeting.js';

const numbers = (items: { number: string }[]) => items.map((i) => i.number);
const titles = (items: { title: string }[]) => items.map((i) => i.title);

describe.each(dbKinds())('item numbering (%s)', (kind) => {
  let server: TestServer;
  let rg: string;
  let sept14: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    rg = await bodyId(server, 'radmannsgruppen');
    sept14 = (await seedMeeting(server)).id;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('acceptance 3: a new Rådmannsgruppen meeting in 2017 starts with 29/2017 approving the minutes of 14.09.2017', async () => {
    const m = await createMeeting(server, { bodyId: rg, startsAt: '2017-10-19T07:00:00.000Z', endsAt: '2017-10-19T10:00:00.000Z' });
    expect(m.status).toBe('PLANNED');
    expect(m.agendaItems).toHaveLength(1);
    const first = m.agendaItems[0];
    expect(first).toMatchObject({ number: '29/2017', sequence: 29, year: 2017, position: 1, kind: 'MINUTES_APPROVAL' });
    expect(first.approvesMinutesOf).toEqual({ id: sept14 });
    const { agendaItem } = await server.ok(
      `query ($id: ID!) { agendaItem(id: $id) {
        title introduction proposedDecision { text } approvesMinutesOf { startsAt status }
        references { kind citation meeting { id } }
      } }`,
      { id: first.id },
    );
    expect(agendaItem).toEqual({
      title: 'Referat fra møte i Rådmannsgruppen',
      introduction: 'Til behandling foreligger referat fra møte 14.09.2017',
      proposedDecision: { text: 'Framlagt forslag til referat godkjennes.' },
      approvesMinutesOf: { startsAt: SEPT_14, status: 'HELD' },
      references: [{ kind: 'MEETING', citation: 'referat fra møte 14.09.2017', meeting: { id: sept14 } }],
    });

    // Items added get the next numbers.
    const a = await addItem(server, { meetingId: m.id, title: 'Sak A' });
    const b = await addItem(server, { meetingId: m.id, title: 'Sak B' });
    const c = await addItem(server, { meetingId: m.id, title: 'Sak C', kind: 'ORIENTATION' });
    expect([a.number, b.number, c.number]).toEqual(['30/2017', '31/2017', '32/2017']);
    expect([a.position, b.position, c.position]).toEqual([2, 3, 4]);
    expect(c.kind).toBe('ORIENTATION');
    expect(a.kind).toBe('DECISION');

    // Inserting at a position renumbers the items after it.
    const ins = await addItem(server, { meetingId: m.id, title: 'Innskutt', position: 2 });
    expect(ins).toMatchObject({ number: '30/2017', position: 2 });
    let agenda = await agendaOf(server, m.id);
    expect(titles(agenda)).toEqual(['Referat fra møte i Rådmannsgruppen', 'Innskutt', 'Sak A', 'Sak B', 'Sak C']);
    expect(numbers(agenda)).toEqual(['29/2017', '30/2017', '31/2017', '32/2017', '33/2017']);
    expect(agenda.map((i) => i.position)).toEqual([1, 2, 3, 4, 5]);

    // Moving renumbers: positions and numbers follow the order.
    const moved = (
      await server.ok(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 2) { ${ITEM_FIELDS} } }`, { id: c.id })
    ).moveAgendaItem;
    expect(moved).toMatchObject({ id: c.id, number: '30/2017', position: 2 });
    agenda = await agendaOf(server, m.id);
    expect(titles(agenda)).toEqual(['Referat fra møte i Rådmannsgruppen', 'Sak C', 'Innskutt', 'Sak A', 'Sak B']);
    expect(numbers(agenda)).toEqual(['29/2017', '30/2017', '31/2017', '32/2017', '33/2017']);
    expect(agenda.map((i) => i.position)).toEqual([1, 2, 3, 4, 5]);
    expect(agenda.map((i) => i.sequence)).toEqual([29, 30, 31, 32, 33]);

    await server.ok(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 5) { id } }`, { id: ins.id });
    agenda = await agendaOf(server, m.id);
    expect(titles(agenda)).toEqual(['Referat fra møte i Rådmannsgruppen', 'Sak C', 'Sak A', 'Sak B', 'Innskutt']);
    expect(numbers(agenda)).toEqual(['29/2017', '30/2017', '31/2017', '32/2017', '33/2017']);

    // Removing closes the gap while the agenda is open.
    expect((await server.ok(`mutation ($id: ID!) { removeAgendaItem(id: $id) }`, { id: a.id })).removeAgendaItem).toBe(true);
    agenda = await agendaOf(server, m.id);
    expect(titles(agenda)).toEqual(['Referat fra møte i Rådmannsgruppen', 'Sak C', 'Sak B', 'Innskutt']);
    expect(numbers(agenda)).toEqual(['29/2017', '30/2017', '31/2017', '32/2017']);
    expectCode(await server.gql(`query ($id: ID!) { agendaItem(id: $id) { id } }`, { id: a.id }), 'NOT_FOUND');

    // A position out of range is refused.
    expectCode(await server.gql(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 9) { id } }`, { id: b.id }), 'BAD_USER_INPUT');

    // The notice freezes the numbers.
    await sendNotice(server, m.id);
    const before = await agendaOf(server, m.id);
    const frozenMove = expectCode(
      await server.gql(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 2) { id } }`, { id: b.id }),
      'AGENDA_FROZEN',
    );
    expect(frozenMove.message).toMatch(/Rådmannsgruppen 19\.10\.2017/);
    expectCode(await server.gql(`mutation ($id: ID!) { removeAgendaItem(id: $id) }`, { id: b.id }), 'AGENDA_FROZEN');
    expectCode(await server.gql(`mutation ($id: ID!) { removeAgendaItem(id: $id) }`, { id: first.id }), 'AGENDA_FROZEN');
    expect(await agendaOf(server, m.id)).toEqual(before);

    // A late item gets the next free number, at the end.
    const late = await addItem(server, { meetingId: m.id, title: 'Sent meldt sak' });
    expect(late).toMatchObject({ number: '33/2017', position: 5 });
    // A late item cannot be put in front of the frozen items.
    expectCode(await server.gql(
      `mutation ($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id } }`,
      { input: { meetingId: m.id, title: 'Foran', position: 1 } },
    ), 'BAD_USER_INPUT');
    agenda = await agendaOf(server, m.id);
    expect(agenda.slice(0, 4)).toEqual(before);
    expect(numbers(agenda)).toEqual(['29/2017', '30/2017', '31/2017', '32/2017', '33/2017']);
    expect(titles(agenda).at(-1)).toBe('Sent meldt sak');
  });

  it('a meeting in 2018 starts at 01/2018, and the next item is 02/2018', async () => {
    const m = await createMeeting(server, { bodyId: rg, startsAt: '2018-02-08T08:00:00.000Z' });
    expect(m.agendaItems).toHaveLength(1);
    expect(m.agendaItems[0]).toMatchObject({ number: '01/2018', sequence: 1, year: 2018, position: 1, kind: 'MINUTES_APPROVAL' });
    expect(m.agendaItems[0].approvesMinutesOf).not.toBeNull();
    const next = await addItem(server, { meetingId: m.id, title: 'Budsjett 2018' });
    expect(next).toMatchObject({ number: '02/2018', year: 2018, position: 2 });
  });

  it('numbers run per body: without an approval item a new Styringsgruppen meeting starts at its own 01', async () => {
    const sg = await bodyId(server, 'styringsgruppen');
    const m = await createMeeting(server, { bodyId: sg, startsAt: '2019-03-07T08:00:00.000Z', approvePreviousMinutes: false });
    expect(m.agendaItems).toEqual([]);
    const first = await addItem(server, { meetingId: m.id, title: 'Første sak' });
    expect(first).toMatchObject({ number: '01/2019', position: 1 });
    // A second meeting of the same body and year continues the sequence.
    const m2 = await createMeeting(server, { bodyId: sg, startsAt: '2019-06-13T08:00:00.000Z', approvePreviousMinutes: false });
    const second = await addItem(server, { meetingId: m2.id, title: 'Neste møte' });
    expect(second.number).toBe('02/2019');
  });

  it('moving an open meeting into another year renumbers its items; a notified one cannot change year', async () => {
    const gf = await bodyId(server, 'generalforsamling');
    const m = await createMeeting(server, { bodyId: gf, startsAt: '2021-04-15T08:00:00.000Z' });
    // Approves the Generalforsamling of 15.06.2017, the last one not yet approved.
    expect(m.agendaItems.map((i) => i.number)).toEqual(['01/2021']);
    await addItem(server, { meetingId: m.id, title: 'Årsregnskap' });
    await server.ok(`mutation ($id: ID!) { updateMeeting(id: $id, input: { startsAt: "2022-04-21T08:00:00.000Z" }) { id year } }`, { id: m.id });
    expect(numbers(await agendaOf(server, m.id))).toEqual(['01/2022', '02/2022']);

    await sendNotice(server, m.id);
    expectCode(
      await server.gql(`mutation ($id: ID!) { updateMeeting(id: $id, input: { startsAt: "2023-04-20T08:00:00.000Z" }) { id } }`, { id: m.id }),
      'INVALID_STATE',
    );
    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { startsAt agendaItems { number } } }`, { id: m.id });
    expect(meeting.startsAt).toBe('2022-04-21T08:00:00.000Z');
    expect(numbers(meeting.agendaItems)).toEqual(['01/2022', '02/2022']);
  });
});

describe.each(dbKinds())('approving and locking the minutes of 14.09.2017 (%s)', (kind) => {
  let server: TestServer;
  let sept14: string;
  let approving: { id: string; status: string; agendaItems: any[] };
  const results: Record<string, any> = {};

  const q = {
    item: (n: string) => async () => {
      const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { id number } } }`, { id: sept14 });
      return meeting.agendaItems.find((i: { number: string }) => i.number === n).id as string;
    },
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    sept14 = (await seedMeeting(server)).id;
    const rg = await bodyId(server, 'radmannsgruppen');
    approving = await createMeeting(server, { bodyId: rg, startsAt: '2017-10-19T07:00:00.000Z' });
    const target = { agendaItemId: approving.agendaItems[0].id };
    const ADOPT = `mutation ($t: MinutesTargetInput!) { adoptDecision(target: $t) { id decision { text adoptedAt } } }`;
    // Decisions are adopted in the meeting: not before the notice is sent.
    results.beforeNotice = await server.gql(ADOPT, { t: target });
    await sendNotice(server, approving.id);
    // Nothing to adopt yet.
    results.withoutText = await server.gql(ADOPT, { t: target });
    results.statusBetween = (await server.ok(`query ($id: ID!) { meeting(id: $id) { status } }`, { id: sept14 })).meeting.status;
    await server.ok(
      `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`,
      { input: { target, text: 'Framlagt forslag til referat godkjennes.' } },
    );
    results.adopted = await server.gql(ADOPT, { t: target });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('adopting the decision of the approval item approves the minutes of 14.09.2017', async () => {
    expectCode(results.beforeNotice, 'INVALID_STATE');
    expectCode(results.withoutText, 'BAD_USER_INPUT');
    expect(results.statusBetween).toBe('HELD');
    expect(results.adopted.errors).toBeUndefined();
    expect(results.adopted.data.adoptDecision.decision.text).toBe('Framlagt forslag til referat godkjennes.');
    expect(results.adopted.data.adoptDecision.decision.adoptedAt).not.toBeNull();

    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { status minutesApprovedAt } }`, { id: sept14 });
    expect(meeting.status).toBe('MINUTES_APPROVED');
    expect(meeting.minutesApprovedAt).not.toBeNull();
    const approved = (await server.ok(`{ meetings(filter: { status: [MINUTES_APPROVED], bodySlug: "radmannsgruppen" }) { startsAt } }`)).meetings;
    expect(approved.map((m: { startsAt: string }) => m.startsAt)).toEqual(['2017-06-01T07:00:00.000Z', SEPT_14]);
    // Adopting again changes nothing and is no error.
    const again = await server.ok(
      `mutation ($t: MinutesTargetInput!) { adoptDecision(target: $t) { decision { adoptedAt } } }`,
      { t: { agendaItemId: approving.agendaItems[0].id } },
    );
    expect(again.adoptDecision.decision.adoptedAt).toBe(results.adopted.data.adoptDecision.decision.adoptedAt);
  });

  it('every change to the approved minutes is MINUTES_LOCKED and nothing changes', async () => {
    const before = await fullMeeting(server, sept14);
    const countsBefore = await rowCounts(server);
    expect(before.status).toBe('MINUTES_APPROVED');

    const item26 = await q.item('26/2017')();
    const item27 = await q.item('27/2017')();
    const item28 = await q.item('28/2017')();
    const item21 = await q.item('21/2017')();
    const sub26B = before.agendaItems.find((i: { number: string }) => i.number === '26/2017').subItems[1];
    expect(sub26B.letter).toBe('B');
    const attachment1 = before.attachments[0];
    const morstad = await personId(server, 'Per Morstad');
    const morstadRow = before.attendance.find((a: { person: { name: string } }) => a.person.name === 'Per Morstad');
    const reference21 = before.agendaItems[0].references[0];

    const attempts: [string, string, Record<string, unknown>][] = [
      ['setMinutesText', `mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }`,
        { v: { target: { agendaItemId: item26, subItemLetter: 'B' }, field: 'NOTES', text: 'Endret referat.' } }],
      ['setMinutesText (decision)', `mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }`,
        { v: { target: { agendaItemId: item28 }, field: 'DECISION', text: 'Nytt vedtak.' } }],
      ['recordDecision', `mutation ($v: RecordDecisionInput!) { recordDecision(input: $v) { id } }`,
        { v: { target: { agendaItemId: item28 }, text: 'Tatt til orientering.', vote: { outcome: 'UNANIMOUS' } } }],
      ['updateAgendaItem', `mutation ($id: ID!) { updateAgendaItem(id: $id, input: { title: "Ny tittel" }) { id } }`, { id: item26 }],
      ['setAttendance', `mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id } }`,
        { v: { meetingId: sept14, personId: morstad, status: 'ABSENT_WITH_NOTICE' } }],
      ['addSubItem', `mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id } }`, { v: { agendaItemId: item27, title: 'E Nytt punkt' } }],
      ['updateMeeting', `mutation ($id: ID!) { updateMeeting(id: $id, input: { actualLocation: "Asker rådhus" }) { id } }`, { id: sept14 }],
      ['addAttachment', `mutation ($v: AddAttachmentInput!) { addAttachment(input: $v) { id } }`,
        { v: { meetingId: sept14, title: 'Ettersendt vedlegg', agendaItemIds: [item26] } }],
      ['updateSubItem', `mutation ($id: ID!) { updateSubItem(id: $id, input: { notes: "x" }) { id } }`, { id: sub26B.id }],
      ['adoptDecision', `mutation ($t: MinutesTargetInput!) { adoptDecision(target: $t) { id } }`, { t: { agendaItemId: item21 } }],
      ['setNoticeApproval', `mutation ($id: ID!) { setNoticeApproval(meetingId: $id, text: "Godkjent med endringer.") { id } }`, { id: sept14 }],
      ['addAgendaItem', `mutation ($v: AddAgendaItemInput!) { addAgendaItem(input: $v) { id } }`, { v: { meetingId: sept14, title: 'Ny sak' } }],
      ['moveAgendaItem', `mutation ($id: ID!) { moveAgendaItem(id: $id, position: 1) { id } }`, { id: item28 }],
      ['removeAgendaItem', `mutation ($id: ID!) { removeAgendaItem(id: $id) }`, { id: item28 }],
      ['moveSubItem', `mutation ($id: ID!) { moveSubItem(id: $id, position: 1) { id } }`, { id: sub26B.id }],
      ['removeSubItem', `mutation ($id: ID!) { removeSubItem(id: $id) }`, { id: sub26B.id }],
      ['declareDisqualification', `mutation ($v: DeclareDisqualificationInput!) { declareDisqualification(input: $v) { id } }`,
        { v: { agendaItemId: item26, personId: morstad, legalBasis: 'forvaltningsloven § 6' } }],
      ['addProtocolEntry', `mutation ($v: AddProtocolEntryInput!) { addProtocolEntry(input: $v) { id } }`,
        { v: { agendaItemId: item26, personId: morstad, text: 'Protokolltilførsel.' } }],
      ['addItemReference', `mutation ($v: AddItemReferenceInput!) { addItemReference(input: $v) { id } }`,
        { v: { agendaItemId: item26, kind: 'EXTERNAL', citation: 'jf. noe' } }],
      ['removeItemReference', `mutation ($id: ID!) { removeItemReference(id: $id) }`, { id: reference21.id }],
      ['linkAttachment', `mutation ($v: AttachmentLinkInput!) { linkAttachment(input: $v) { id } }`,
        { v: { attachmentId: attachment1.id, agendaItemId: item28 } }],
      ['unlinkAttachment', `mutation ($v: AttachmentLinkInput!) { unlinkAttachment(input: $v) { id } }`,
        { v: { attachmentId: attachment1.id, agendaItemId: item21 } }],
      ['removeAttachment', `mutation ($id: ID!) { removeAttachment(id: $id) }`, { id: attachment1.id }],
      ['removeAttendance', `mutation ($id: ID!) { removeAttendance(id: $id) }`, { id: morstadRow.id }],
      ['markMeetingHeld', `mutation ($id: ID!) { markMeetingHeld(meetingId: $id) { id } }`, { id: sept14 }],
      ['approveMinutes', `mutation ($id: ID!) { approveMinutes(meetingId: $id) { id } }`, { id: sept14 }],
      ['sendMinutesForApproval', `mutation ($id: ID!) { sendMinutesForApproval(meetingId: $id) { id } }`, { id: sept14 }],
    ];
    for (const [name, mutation, variables] of attempts) {
      const res = await server.gql(mutation, variables);
      expect(res.errors?.[0]?.extensions.code, `${name}: ${JSON.stringify(res)}`).toBe('MINUTES_LOCKED');
      const err = expectCode(res, 'MINUTES_LOCKED');
      expect(err.message).toContain('Rådmannsgruppen 14.09.2017');
    }
    // deleteMeeting is refused too (a held meeting can never be deleted).
    const del = await server.gql(`mutation ($id: ID!) { deleteMeeting(id: $id) }`, { id: sept14 });
    expect(['MINUTES_LOCKED', 'INVALID_STATE']).toContain(del.errors?.[0]?.extensions.code);

    expect(await fullMeeting(server, sept14)).toEqual(before);
    expect(await rowCounts(server)).toEqual(countsBefore);
  });

  it('the approving meeting itself stays editable', async () => {
    const item = approving.agendaItems[0].id;
    const { setMinutesText } = await server.ok(
      `mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id notes } }`,
      { v: { target: { agendaItemId: item }, field: 'NOTES', text: 'Referatet ble gjennomgått.' } },
    );
    expect(setMinutesText).toEqual({ id: item, notes: 'Referatet ble gjennomgått.' });
  });

  it('adopting an approval item whose meeting has not been held fails and adopts nothing', async () => {
    const rg = await bodyId(server, 'radmannsgruppen');
    // The latest Rådmannsgruppen meeting not yet approved is the one of 19.10.2017 (notice sent, not held).
    const m = await createMeeting(server, { bodyId: rg, startsAt: '2017-11-23T08:00:00.000Z' });
    expect(m.agendaItems[0].approvesMinutesOf).toEqual({ id: approving.id });
    expect(m.agendaItems[0].number).toBe('30/2017');
    await sendNotice(server, m.id);
    const target = { agendaItemId: m.agendaItems[0].id };
    await server.ok(`mutation ($v: RecordDecisionInput!) { recordDecision(input: $v) { id } }`, { v: { target, text: 'Godkjent.' } });
    const countsBefore = await rowCounts(server);
    expectCode(await server.gql(`mutation ($t: MinutesTargetInput!) { adoptDecision(target: $t) { id } }`, { t: target }), 'INVALID_STATE');
    const { agendaItem } = await server.ok(`query ($id: ID!) { agendaItem(id: $id) { decision { text adoptedAt } } }`, { id: target.agendaItemId });
    expect(agendaItem.decision).toEqual({ text: 'Godkjent.', adoptedAt: null });
    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { status minutesApprovedAt } }`, { id: approving.id });
    expect(meeting).toEqual({ status: 'NOTICE_SENT', minutesApprovedAt: null });
    expect(await rowCounts(server)).toEqual(countsBefore);
  });
});

/**
 * The meeting cycle (issue 16), acceptance 1: a body's template applied to a new meeting; the year's plan for 2018
 * with one meeting moved and one cancelled; a waiting sak placed on an agenda with the next number; an action point of
 * 25/2017 on the next meeting's follow-up list until marked done, and in the body's report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { expectCode } from '../helpers/graphql.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';

const TEMPLATE = `mutation ($input: MeetingTemplateInput!) { setMeetingTemplate(input: $input) { id standingItems { title placement } } }`;
const CREATE = `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id startsAt endsAt location agendaItems { id number title kind } } }`;
const AGENDA = `query ($id: ID!) { meeting(id: $id) { id status cancelledAt movedFrom agendaItems { id number title kind position } followUpList { id description } } }`;

interface Item { id: string; number: string; title: string; kind: string }

describe.each(dbKinds())('the meeting cycle (%s)', (kind) => {
  let server: TestServer;
  let bodyId: string;
  let sept14: SeedMeeting;

  beforeAll(async () => {
    server = await startTestServer(kind);
    bodyId = (await server.ok(`{ body(slug: "radmannsgruppen") { id } }`)).body.id;
    sept14 = await seedMeeting(server);
    await server.ok(TEMPLATE, {
      input: {
        bodyId,
        defaultStartTime: '09:00',
        durationMinutes: 180,
        location: 'Rådhuset i Drammen',
        standingItems: [
          { title: 'Godkjenning av innkalling og dagsorden', kind: 'DECISION', placement: 'START', proposedDecision: 'Innkalling og dagsorden godkjennes.' },
          { title: 'Orienteringssaker', placement: 'END' },
          { title: 'Eventuelt', kind: 'ANY_OTHER_BUSINESS', placement: 'END' },
        ],
      },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('an action point of 25/2017 is on the next meeting\'s follow-up list until done, and in the report', async () => {
    const item25 = sept14.item('25/2017');
    const { addActionPoint: point } = await server.ok(
      `mutation ($input: ActionPointInput!) { addActionPoint(input: $input) { id status overdue dueDate } }`,
      { input: { agendaItemId: item25.id, description: 'Tertialrapporten sendes styringsgruppen', responsible: 'Sekretariatet', dueDate: '2017-10-01' } },
    );
    expect(point).toMatchObject({ status: 'OPEN', overdue: true, dueDate: '2017-10-01' });

    // The next meeting: template (place, duration, standing items) plus the follow-up item, numbered as usual.
    const { createMeeting: oct } = await server.ok(CREATE, { input: { bodyId, startsAt: '2017-10-12T07:00:00.000Z' } });
    expect(oct.location).toBe('Rådhuset i Drammen');
    expect(new Date(oct.endsAt).getTime() - new Date(oct.startsAt).getTime()).toBe(180 * 60_000);
    expect(oct.agendaItems.map((i: Item) => `${i.number} ${i.title}`)).toEqual([
      '29/2017 Referat fra møte i Rådmannsgruppen',
      '30/2017 Godkjenning av innkalling og dagsorden',
      '31/2017 Oppfølgingsliste',
      '32/2017 Orienteringssaker',
      '33/2017 Eventuelt',
    ]);
    expect(oct.agendaItems[2].kind).toBe('ORIENTATION');
    const before = (await server.ok(AGENDA, { id: oct.id })).meeting;
    expect(before.followUpList.map((p: { id: string }) => p.id)).toEqual([point.id]);

    // A comment keeps it open; marking it done takes it off the list.
    await server.ok(`mutation ($id: ID!) { updateActionPoint(id: $id, input: { status: IN_PROGRESS, comment: "Sendt på høring" }) { id } }`, { id: point.id });
    expect((await server.ok(AGENDA, { id: oct.id })).meeting.followUpList).toHaveLength(1);
    const done = await server.ok(`mutation ($id: ID!) { updateActionPoint(id: $id, input: { status: DONE, comment: "Behandlet i styringsgruppen" }) { status overdue } }`, { id: point.id });
    expect(done.updateActionPoint).toEqual({ status: 'DONE', overdue: false });
    expect((await server.ok(AGENDA, { id: oct.id })).meeting.followUpList).toEqual([]);

    // A later meeting has no follow-up item any more.
    const { createMeeting: nov } = await server.ok(CREATE, { input: { bodyId, startsAt: '2017-11-09T08:00:00.000Z' } });
    expect(nov.agendaItems.map((i: Item) => i.title)).not.toContain('Oppfølgingsliste');

    // The report: the point, its vedtak, its history.
    const { followUpReport } = await server.ok(
      `query ($b: ID!) { followUpReport(bodyId: $b) { id status description responsible agendaItem { number } history { text status } } }`,
      { b: bodyId },
    );
    expect(followUpReport).toEqual([
      {
        id: point.id,
        status: 'DONE',
        description: 'Tertialrapporten sendes styringsgruppen',
        responsible: 'Sekretariatet',
        agendaItem: { number: '25/2017' },
        history: [
          { text: 'Registrert', status: 'OPEN' },
          { text: 'Sendt på høring', status: 'IN_PROGRESS' },
          { text: 'Behandlet i styringsgruppen', status: 'DONE' },
        ],
      },
    ]);
    expect((await server.ok(`query ($b: ID!) { followUpReport(bodyId: $b, openOnly: true) { id } }`, { b: bodyId })).followUpReport).toEqual([]);
  });

  it('a waiting sak placed on an agenda gets the next number, before the closing standing items, and keeps its record', async () => {
    const { registerPendingCase: sak } = await server.ok(
      `mutation ($input: PendingCaseInput!) { registerPendingCase(input: $input) { id status agendaItem { id } } }`,
      { input: { bodyId, title: 'Felles innkjøpsordning', background: 'Saken gjelder …', proposedDecision: 'Saken tas til orientering.', archiveCaseNumber: '17/4711' } },
    );
    expect(sak).toMatchObject({ status: 'WAITING', agendaItem: null });
    const waiting = await server.ok(`query ($b: ID!) { pendingCases(bodyId: $b) { id title } }`, { b: bodyId });
    expect(waiting.pendingCases.map((c: { id: string }) => c.id)).toContain(sak.id);

    const { createMeeting: dec } = await server.ok(CREATE, { input: { bodyId, startsAt: '2017-12-07T08:00:00.000Z' } });
    const placed = await server.ok(
      `mutation ($id: ID!, $m: ID!) { placePendingCase(id: $id, meetingId: $m) { status placedAt agendaItem { number title archiveCaseNumber introduction proposedDecision { text } } } }`,
      { id: sak.id, m: dec.id },
    );
    expect(placed.placePendingCase).toMatchObject({
      status: 'PLACED',
      agendaItem: { title: 'Felles innkjøpsordning', archiveCaseNumber: '17/4711', introduction: 'Saken gjelder …', proposedDecision: { text: 'Saken tas til orientering.' } },
    });
    const agenda = (await server.ok(AGENDA, { id: dec.id })).meeting.agendaItems.map((i: Item) => `${i.number} ${i.title}`);
    const first = Number(agenda[0].split('/')[0]);
    expect(agenda).toEqual([
      `${first}/2017 Referat fra møte i Rådmannsgruppen`,
      `${first + 1}/2017 Godkjenning av innkalling og dagsorden`,
      `${first + 2}/2017 Felles innkjøpsordning`,
      `${first + 3}/2017 Orienteringssaker`,
      `${first + 4}/2017 Eventuelt`,
    ]);
    expect((await server.ok(`query ($b: ID!) { pendingCases(bodyId: $b) { id } }`, { b: bodyId })).pendingCases.map((c: { id: string }) => c.id)).not.toContain(sak.id);
    expectCode(await server.gql(`mutation ($id: ID!, $m: ID!) { placePendingCase(id: $id, meetingId: $m) { id } }`, { id: sak.id, m: dec.id }), 'INVALID_STATE');

    // On a meeting whose notice is sent, a waiting sak is a late item with the next free number.
    const { registerPendingCase: late } = await server.ok(`mutation ($input: PendingCaseInput!) { registerPendingCase(input: $input) { id } }`, { input: { bodyId, title: 'Sen sak' } });
    await server.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`, { m: dec.id });
    const lateItem = await server.ok(`mutation ($id: ID!, $m: ID!) { placePendingCase(id: $id, meetingId: $m) { agendaItem { number position } } }`, { id: late.id, m: dec.id });
    expect(lateItem.placePendingCase.agendaItem).toEqual({ number: `${first + 5}/2017`, position: 6 });
  });

  it('the plan for 2018: a series from the template, one meeting moved and one cancelled, both recorded', async () => {
    const { createMeetingSeries: series } = await server.ok(
      `mutation ($input: MeetingSeriesInput!) { createMeetingSeries(input: $input) { id startsAt location agendaItems { number title } } }`,
      { input: { bodyId, dates: ['2018-03-15', '2018-01-18', '2018-05-24'] } },
    );
    expect(series.map((m: { startsAt: string }) => m.startsAt)).toEqual(['2018-01-18T08:00:00.000Z', '2018-03-15T08:00:00.000Z', '2018-05-24T07:00:00.000Z']);
    expect(series[0].agendaItems.map((i: Item) => i.number)).toEqual(['01/2018', '02/2018', '03/2018', '04/2018']);
    expect(series[0].agendaItems[0].title).toBe('Referat fra møte i Rådmannsgruppen');
    expect(series[1].agendaItems.map((i: Item) => `${i.number} ${i.title}`)).toEqual([
      '05/2018 Referat fra møte i Rådmannsgruppen',
      '06/2018 Godkjenning av innkalling og dagsorden',
      '07/2018 Orienteringssaker',
      '08/2018 Eventuelt',
    ]);

    const moved = await server.ok(
      `mutation ($m: ID!) { moveMeeting(meetingId: $m, startsAt: "2018-03-22T08:00:00.000Z", reason: "Kollisjon med KS-konferansen") { startsAt endsAt movedFrom } }`,
      { m: series[1].id },
    );
    expect(moved.moveMeeting).toEqual({ startsAt: '2018-03-22T08:00:00.000Z', endsAt: '2018-03-22T11:00:00.000Z', movedFrom: '2018-03-15T08:00:00.000Z' });
    const cancelled = await server.ok(`mutation ($m: ID!) { cancelMeeting(meetingId: $m, reason: "Ingen saker") { cancelledAt cancellationReason } }`, { m: series[2].id });
    expect(cancelled.cancelMeeting.cancellationReason).toBe('Ingen saker');

    const { meetingPlan } = await server.ok(`query ($b: ID!) { meetingPlan(bodyId: $b, year: 2018) { id startsAt cancelledAt movedFrom } }`, { b: bodyId });
    expect(meetingPlan.map((m: { id: string }) => m.id)).toEqual(series.map((m: { id: string }) => m.id));
    expect(meetingPlan[2].cancelledAt).not.toBeNull();
    expect(meetingPlan[1].movedFrom).toBe('2018-03-15T08:00:00.000Z');

    const log = await server.ok(`query ($m: ID!) { auditLog(meetingId: $m) { action summary } }`, { m: series[1].id });
    expect(log.auditLog).toContainEqual({ action: 'MEETING_MOVED', summary: '15.03.2018 09.00 → 22.03.2018 09.00: Kollisjon med KS-konferansen' });
    const log3 = await server.ok(`query ($m: ID!) { auditLog(meetingId: $m) { action summary } }`, { m: series[2].id });
    expect(log3.auditLog).toContainEqual({ action: 'MEETING_CANCELLED', summary: 'Ingen saker' });

    // A cancelled meeting stays as it was.
    expectCode(await server.gql(`mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`, { m: series[2].id }), 'INVALID_STATE');
    expectCode(await server.gql(`mutation ($m: ID!) { addAgendaItem(input: { meetingId: $m, title: "Ny" }) { id } }`, { m: series[2].id }), 'INVALID_STATE');
    expectCode(await server.gql(`mutation ($m: ID!) { cancelMeeting(meetingId: $m) { id } }`, { m: series[2].id }), 'INVALID_STATE');
    // A meeting created after the cancelled one approves the minutes of the last meeting not cancelled.
    const { createMeeting: june } = await server.ok(
      `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { agendaItems { title approvesMinutesOf { id } } } }`,
      { input: { bodyId, startsAt: '2018-06-14T07:00:00.000Z' } },
    );
    expect(june.agendaItems[0].approvesMinutesOf.id).toBe(series[1].id);
  });

  it('bad input is refused with a code and changes nothing', async () => {
    expectCode(await server.gql(TEMPLATE, { input: { bodyId, defaultStartTime: '25:00', standingItems: [] } }), 'BAD_USER_INPUT');
    expectCode(await server.gql(`mutation ($input: MeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`, { input: { bodyId, dates: [] } }), 'BAD_USER_INPUT');
    const item21 = sept14.item('21/2017');
    expectCode(await server.gql(`mutation ($id: ID!) { updateActionPoint(id: $id, input: { comment: "x" }) { id } }`, { id: item21.id }), 'NOT_FOUND');
  });
});

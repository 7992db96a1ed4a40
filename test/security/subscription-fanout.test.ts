/**
 * The shared subscription fan-out (server/graphql/subscription-fanout.ts) executes an event's selection once per
 * group of subscribers: these check that every subscriber still gets exactly its own selection, under its own
 * operation id, and only the events it may see — subscribers of different roles and selections on one event, several
 * operations on one socket, operations the fan-out leaves to graphql's subscribe, and another meeting.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { subscribe, wsClient, type Subscription } from '../helpers/graphql-ws.js';
import { roleTokens, type Tokens } from '../helpers/roles.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CLOSED_NUMBER = '26/2017';
const OPEN_NUMBER = '25/2017';
const LEGAL_BASIS = 'offentleglova § 13, jf. forvaltningsloven § 13';

const SEL_A = `subscription ($m: ID!) { decisionUpdated(meetingId: $m) { itemNumber field text } }`;
const SEL_B = `subscription Named($m: ID!) { d: decisionUpdated(meetingId: $m) { meetingId text adopted } }`;
/** Not taken by the fan-out (a fragment at the root; a directive on the root field): graphql's subscribe serves them. */
const SEL_FRAGMENT = `subscription ($m: ID!) { ...F } fragment F on Subscription { decisionUpdated(meetingId: $m) { itemNumber text } }`;
const SEL_INCLUDE = `subscription ($m: ID!) { decisionUpdated(meetingId: $m) @include(if: true) { text } }`;

const SET_NOTES = `mutation ($i: ID!, $t: String!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: $t }) { id } }`;

describe.each(dbKinds())('shared subscription fan-out (%s; PUBLISH_DRAFT_MINUTES=true: the held meeting’s public texts are public)', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'true' } });
    tokens = await roleTokens(server);
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.close();
  });

  const client = (token: string) => {
    const c = wsClient(server.url, token);
    clients.push(c);
    return c;
  };

  it('gives each subscriber its own selection of each event it may see, and nothing else', async () => {
    const seed = await seedMeeting(server);
    const open = seed.item(OPEN_NUMBER).id;
    const closed = seed.item(CLOSED_NUMBER).id;
    await server.ok(`mutation ($id: ID!, $b: String!) { updateAgendaItem(id: $id, input: { public: false, closedLegalBasis: $b }) { id } }`, {
      id: closed,
      b: LEGAL_BASIS,
    });
    const other = await server.ok<{ meetings: Array<{ id: string }> }>(`{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id } }`);
    const otherMeeting = other.meetings.find((m) => m.id !== seed.id)!.id;

    const admin = client(tokens.admin);
    const member = client(tokens.memberRG);
    const foreignSecretary = client(tokens.secretarySG);
    const public1 = client('public');
    const public2 = client('public');
    const m = seed.id;
    type Sub = Subscription<Record<string, Record<string, unknown>>>;
    const subs: Record<string, Sub> = {
      adminA: subscribe(admin, SEL_A, { m }),
      adminB: subscribe(admin, SEL_B, { m }), // a second operation on the same socket
      memberA: subscribe(member, SEL_A, { m }),
      memberInclude: subscribe(member, SEL_INCLUDE, { m }),
      foreignA: subscribe(foreignSecretary, SEL_A, { m }),
      public1A: subscribe(public1, SEL_A, { m }),
      public2A: subscribe(public2, SEL_A, { m }),
      public2B: subscribe(public2, SEL_B, { m }),
      publicFragment: subscribe(public1, SEL_FRAGMENT, { m }),
    };
    const elsewhere = subscribe(admin, SEL_A, { m: otherMeeting });

    // Subscriptions start asynchronously: change the open item until every subscriber has heard of it.
    let n = 0;
    await waitFor(async () => {
      await server.ok(SET_NOTES, { i: open, t: `Oppvarming ${++n}.` });
      await sleep(50);
      return Object.values(subs).every((s) => s.events.length > 0);
    }, 'every subscriber to receive a public event', 8_000);
    // Eight operations are the fan-out's (the fragment and the @include ones are not), on two meetings.
    expect(server.app.subscriptionStats()).toEqual({ channels: 2, subscribers: 8 });

    for (const s of Object.values(subs)) s.events.length = 0;
    await server.ok(SET_NOTES, { i: closed, t: 'FORTROLIG: lukket drøfting.' });
    await server.ok(SET_NOTES, { i: open, t: 'Offentlig notat, siste.' });
    const last = (s: Sub) => JSON.stringify(s.events).includes('Offentlig notat, siste.');
    await waitFor(() => Object.values(subs).every(last), 'every subscriber to receive the last public event', 5_000);

    const openA = { decisionUpdated: { itemNumber: OPEN_NUMBER, field: 'NOTES', text: 'Offentlig notat, siste.' } };
    const closedA = { decisionUpdated: { itemNumber: CLOSED_NUMBER, field: 'NOTES', text: 'FORTROLIG: lukket drøfting.' } };
    const openB = { d: { meetingId: m, text: 'Offentlig notat, siste.', adopted: expect.any(Boolean) } };
    const closedB = { d: { meetingId: m, text: 'FORTROLIG: lukket drøfting.', adopted: expect.any(Boolean) } };
    // Those who may read all of Rådmannsgruppen get the closed item's texts too, in order, each in its own shape.
    expect(subs.adminA!.events).toEqual([closedA, openA]);
    expect(subs.adminB!.events).toEqual([closedB, openB]);
    expect(subs.memberA!.events).toEqual([closedA, openA]);
    expect(subs.memberInclude!.events).toEqual([
      { decisionUpdated: { text: 'FORTROLIG: lukket drøfting.' } },
      { decisionUpdated: { text: 'Offentlig notat, siste.' } },
    ]);
    // The secretary of another body and the public see the draft referat of this deployment, not the closed item.
    expect(subs.foreignA!.events).toEqual([openA]);
    expect(subs.public1A!.events).toEqual([openA]);
    expect(subs.public2A!.events).toEqual([openA]);
    expect(subs.public2B!.events).toEqual([openB]);
    expect(subs.publicFragment!.events).toEqual([{ decisionUpdated: { itemNumber: OPEN_NUMBER, text: 'Offentlig notat, siste.' } }]);
    expect(elsewhere.events).toEqual([]);
    for (const s of [...Object.values(subs), elsewhere]) expect(s.errors).toEqual([]);

    // Completing an operation stops its deliveries only; the last one of a meeting closes the shared channel.
    subs.adminB!.stop();
    subs.public2A!.stop();
    await waitFor(() => server.app.subscriptionStats().subscribers === 6, 'two operations to leave', 3_000);
    await server.ok(SET_NOTES, { i: open, t: 'Etter avmelding.' });
    await waitFor(() => JSON.stringify(subs.public2B!.events).includes('Etter avmelding.'), 'the remaining operation on the socket', 5_000);
    await waitFor(() => JSON.stringify(subs.adminA!.events).includes('Etter avmelding.'), 'the remaining operation of the admin', 5_000);
    await sleep(100);
    expect(JSON.stringify(subs.adminB!.events)).not.toContain('Etter avmelding.');
    expect(JSON.stringify(subs.public2A!.events)).not.toContain('Etter avmelding.');
    elsewhere.stop();
    for (const s of Object.values(subs)) s.stop();
    await waitFor(() => server.app.subscriptionStats().channels === 0, 'the channels to close', 3_000);
    expect(server.app.subscriptionStats()).toEqual({ channels: 0, subscribers: 0 });
  });

  it('follows a change of status: agendaChanged of a planned meeting reaches the public only once it is no longer planned', async () => {
    const bodyId = (await server.ok<{ body: { id: string } }>(`{ body(slug: "radmannsgruppen") { id } }`)).body.id;
    const planned = await server.ok<{ createMeeting: { id: string } }>(
      `mutation ($i: CreateMeetingInput!) { createMeeting(input: $i) { id } }`,
      { i: { bodyId, startsAt: '2031-03-01T08:00:00.000Z', approvePreviousMinutes: false } },
    );
    const id = planned.createMeeting.id;
    const AGENDA = `subscription ($m: ID!) { agendaChanged(meetingId: $m) { meetingId kind } }`;
    const pub = subscribe<{ agendaChanged: { kind: string } }>(client('public'), AGENDA, { m: id });
    const sec = subscribe<{ agendaChanged: { kind: string } }>(client(tokens.secretaryRG), AGENDA, { m: id });
    let k = 0;
    await waitFor(async () => {
      await server.ok(`mutation ($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`, { i: { meetingId: id, title: `Sak ${++k}` } });
      await sleep(50);
      return sec.events.length > 0;
    }, 'the secretary to hear of the planned meeting', 8_000);
    expect(pub.events).toEqual([]);
    await server.ok(`mutation ($id: ID!) { sendNotice(meetingId: $id) { id } }`, { id });
    await server.ok(`mutation ($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`, { i: { meetingId: id, title: 'Etter innkalling' } });
    await waitFor(() => pub.events.length > 0, 'the public to hear of the noticed meeting', 5_000);
    expect(pub.events.every((e) => e.agendaChanged.kind !== undefined)).toBe(true);
    expect(pub.errors).toEqual([]);
    pub.stop();
    sec.stop();
  });
});

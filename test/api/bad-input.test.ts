import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { expectCode } from '../helpers/graphql.js';
import { addItem, bodyId, createMeeting, fullMeeting, personId, rowCounts, sendNotice } from '../helpers/meeting-api.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

const UNKNOWN = '6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f';
const MALFORMED = ["not-a-uuid", "42", "'; drop table meeting; --", "6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6fff"];

describe.each(dbKinds())('bad input is refused with a coded error and changes nothing (%s)', (kind) => {
  let server: TestServer;
  let open: string; // a planned meeting: agenda open
  let notified: string; // notice sent: agenda frozen
  let sept14: string;
  let item1: string;
  let item2: string;
  let frozenItem: string;
  let subA: string;
  let person: string;

  /** Runs the attempts and checks that the meetings involved and every table are exactly as before. */
  async function unchanged(attempts: () => Promise<void>): Promise<void> {
    const before = await Promise.all([open, notified, sept14].map((id) => fullMeeting(server, id)));
    const counts = await rowCounts(server);
    await attempts();
    const after = await Promise.all([open, notified, sept14].map((id) => fullMeeting(server, id)));
    expect(after).toEqual(before);
    expect(await rowCounts(server)).toEqual(counts);
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    sept14 = (await seedMeeting(server)).id;
    person = await personId(server, 'Lars Bjerke');
    const sg = await bodyId(server, 'styringsgruppen');
    const m = await createMeeting(server, {
      bodyId: sg,
      startsAt: '2020-03-05T08:00:00.000Z',
      endsAt: '2020-03-05T11:00:00.000Z',
      approvePreviousMinutes: false,
    });
    open = m.id;
    item1 = (await addItem(server, { meetingId: open, title: 'Første sak' })).id;
    item2 = (await addItem(server, { meetingId: open, title: 'Andre sak' })).id;
    const sub = await server.ok(`mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id letter } }`, {
      v: { agendaItemId: item1, title: 'Underpunkt' },
    });
    expect(sub.addSubItem.letter).toBe('A');
    subA = sub.addSubItem.id;
    await server.ok(`mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id } }`, { v: { agendaItemId: item1, title: 'Underpunkt 2' } });

    const n = await createMeeting(server, { bodyId: sg, startsAt: '2020-06-04T08:00:00.000Z', approvePreviousMinutes: false });
    notified = n.id;
    frozenItem = (await addItem(server, { meetingId: notified, title: 'Frosset sak' })).id;
    await addItem(server, { meetingId: notified, title: 'Frosset sak 2' });
    await sendNotice(server, notified);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('unknown ids are NOT_FOUND', async () => {
    await unchanged(async () => {
      expectCode(await server.gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: UNKNOWN }), 'NOT_FOUND');
      expectCode(await server.gql(`query ($id: ID!) { agendaItem(id: $id) { id } }`, { id: UNKNOWN }), 'NOT_FOUND');
      expectCode(await server.gql(`mutation ($id: ID!) { updateAgendaItem(id: $id, input: { title: "x" }) { id } }`, { id: UNKNOWN }), 'NOT_FOUND');
      expectCode(await server.gql(`mutation ($id: ID!) { removeAgendaItem(id: $id) }`, { id: UNKNOWN }), 'NOT_FOUND');
      expectCode(await server.gql(`mutation ($id: ID!) { updateMeeting(id: $id, input: { location: "x" }) { id } }`, { id: UNKNOWN }), 'NOT_FOUND');
      expectCode(
        await server.gql(`mutation ($v: AddAgendaItemInput!) { addAgendaItem(input: $v) { id } }`, { v: { meetingId: UNKNOWN, title: 'Sak' } }),
        'NOT_FOUND',
      );
      expectCode(
        await server.gql(`mutation ($v: CreateMeetingInput!) { createMeeting(input: $v) { id } }`, {
          v: { bodyId: UNKNOWN, startsAt: '2020-09-01T08:00:00.000Z' },
        }),
        'NOT_FOUND',
      );
      expectCode(
        await server.gql(`mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id } }`, { v: { meetingId: open, personId: UNKNOWN } }),
        'NOT_FOUND',
      );
      expectCode(
        await server.gql(`mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id } }`, {
          v: { meetingId: open, personId: person, substituteForId: UNKNOWN },
        }),
        'NOT_FOUND',
      );
      // A sub-item letter that does not exist.
      expectCode(
        await server.gql(`mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }`, {
          v: { target: { agendaItemId: item1, subItemLetter: 'Q' }, field: 'NOTES', text: 'x' },
        }),
        'NOT_FOUND',
      );
      // An unknown dissenter: the decision text given with it is not stored either.
      expectCode(
        await server.gql(`mutation ($v: RecordDecisionInput!) { recordDecision(input: $v) { id } }`, {
          v: { target: { agendaItemId: item2 }, text: 'Vedtatt.', vote: { outcome: 'MAJORITY', dissenterIds: [person, UNKNOWN] } },
        }),
        'NOT_FOUND',
      );
      expectCode(
        await server.gql(`mutation ($v: AddAttachmentInput!) { addAttachment(input: $v) { id } }`, {
          v: { meetingId: open, title: 'Vedlegg', agendaItemIds: [item1, UNKNOWN] },
        }),
        'NOT_FOUND',
      );
      expectCode(
        await server.gql(`mutation ($v: DeclareDisqualificationInput!) { declareDisqualification(input: $v) { id } }`, {
          v: { agendaItemId: item1, personId: UNKNOWN, legalBasis: 'forvaltningsloven § 6' },
        }),
        'NOT_FOUND',
      );
      expectCode(await server.gql(`mutation ($id: ID!) { removeAttendance(id: $id) }`, { id: UNKNOWN }), 'NOT_FOUND');
      expectCode(await server.gql(`mutation ($id: ID!) { removeProtocolEntry(id: $id) }`, { id: UNKNOWN }), 'NOT_FOUND');
    });
  });

  it('an empty or whitespace-only title is BAD_USER_INPUT', async () => {
    await unchanged(async () => {
      for (const title of ['', '   ', ' \n\t ']) {
        const add = await server.gql(`mutation ($v: AddAgendaItemInput!) { addAgendaItem(input: $v) { id } }`, { v: { meetingId: open, title } });
        expectCode(add, 'BAD_USER_INPUT');
        const upd = await server.gql(`mutation ($id: ID!, $t: String!) { updateAgendaItem(id: $id, input: { title: $t }) { id } }`, { id: item1, t: title });
        expectCode(upd, 'BAD_USER_INPUT');
        const sub = await server.gql(`mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id } }`, { v: { agendaItemId: item1, title } });
        expectCode(sub, 'BAD_USER_INPUT');
        const updSub = await server.gql(`mutation ($id: ID!, $t: String!) { updateSubItem(id: $id, input: { title: $t }) { id } }`, { id: subA, t: title });
        expectCode(updSub, 'BAD_USER_INPUT');
        const att = await server.gql(`mutation ($v: AddAttachmentInput!) { addAttachment(input: $v) { id } }`, { v: { meetingId: open, title } });
        expectCode(att, 'BAD_USER_INPUT');
        const p = await server.gql(`mutation ($v: CreatePersonInput!) { createPerson(input: $v) { id } }`, { v: { name: title } });
        expectCode(p, 'BAD_USER_INPUT');
      }
    });
  });

  it('a duplicate sub-item letter is CONFLICT', async () => {
    await unchanged(async () => {
      const err = expectCode(
        await server.gql(`mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id } }`, { v: { agendaItemId: item1, letter: 'A', title: 'Dobbel' } }),
        'CONFLICT',
      );
      expect(err.message).toContain('A');
      // Renaming B to A collides too.
      const { agendaItem } = await server.ok(`query ($id: ID!) { agendaItem(id: $id) { subItems { id letter } } }`, { id: item1 });
      const subB = agendaItem.subItems.find((s: { letter: string }) => s.letter === 'B').id;
      expectCode(await server.gql(`mutation ($id: ID!) { updateSubItem(id: $id, input: { letter: "A", title: "Ny" }) { id } }`, { id: subB }), 'CONFLICT');
    });
    // The same letter under another item is fine.
    const ok = await server.ok(`mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { letter } }`, { v: { agendaItemId: item2, letter: 'A', title: 'Annet' } });
    expect(ok.addSubItem.letter).toBe('A');
  });

  it('a meeting that ends before it starts is BAD_USER_INPUT, on createMeeting and on updateMeeting', async () => {
    const sg = await bodyId(server, 'styringsgruppen');
    await unchanged(async () => {
      const create = (endsAt: string) =>
        server.gql(`mutation ($v: CreateMeetingInput!) { createMeeting(input: $v) { id } }`, {
          v: { bodyId: sg, startsAt: '2020-10-01T10:00:00.000Z', endsAt },
        });
      expectCode(await create('2020-10-01T09:00:00.000Z'), 'BAD_USER_INPUT');
      expectCode(await create('2020-10-01T10:00:00.000Z'), 'BAD_USER_INPUT');
      const update = (input: Record<string, unknown>) =>
        server.gql(`mutation ($id: ID!, $v: UpdateMeetingInput!) { updateMeeting(id: $id, input: $v) { id } }`, { id: open, v: input });
      // The meeting runs 08:00–11:00 UTC.
      expectCode(await update({ endsAt: '2020-03-05T07:00:00.000Z' }), 'BAD_USER_INPUT');
      expectCode(await update({ startsAt: '2020-03-05T12:00:00.000Z' }), 'BAD_USER_INPUT');
      expectCode(await update({ startsAt: '2020-03-05T12:00:00.000Z', endsAt: '2020-03-05T09:00:00.000Z', location: 'Asker' }), 'BAD_USER_INPUT');
      expectCode(await update({ actualStartsAt: '2020-03-05T09:00:00.000Z', actualEndsAt: '2020-03-05T08:30:00.000Z' }), 'BAD_USER_INPUT');
      // A malformed date never reaches the service.
      const bad = await update({ startsAt: 'den 5. mars' });
      expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  it('moving or removing an item of a meeting whose notice is sent is AGENDA_FROZEN', async () => {
    await unchanged(async () => {
      expectCode(await server.gql(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 2) { id } }`, { id: frozenItem }), 'AGENDA_FROZEN');
      expectCode(await server.gql(`mutation ($id: ID!) { removeAgendaItem(id: $id) }`, { id: frozenItem }), 'AGENDA_FROZEN');
      // And the example meeting of 14.09.2017 (held) is frozen too.
      const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { id } } }`, { id: sept14 });
      expectCode(await server.gql(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 1) { id } }`, { id: meeting.agendaItems[7].id }), 'AGENDA_FROZEN');
    });
  });

  it('an item behind closed doors without its legal basis is BAD_USER_INPUT', async () => {
    await unchanged(async () => {
      const add = (v: Record<string, unknown>) =>
        server.gql(`mutation ($v: AddAgendaItemInput!) { addAgendaItem(input: $v) { id } }`, { v: { meetingId: open, title: 'Lukket sak', ...v } });
      const e1 = expectCode(await add({ public: false }), 'BAD_USER_INPUT');
      expect(e1.extensions.field).toBe('closedLegalBasis');
      expectCode(await add({ public: false, closedLegalBasis: '   ' }), 'BAD_USER_INPUT');
      expectCode(await server.gql(`mutation ($id: ID!) { updateAgendaItem(id: $id, input: { public: false, title: "Endret" }) { id } }`, { id: item2 }), 'BAD_USER_INPUT');
    });
    // With the basis it is accepted; clearing the basis of a closed item is refused.
    const closed = await addItem(server, { meetingId: open, title: 'Personalsak', public: false, closedLegalBasis: 'offentleglova § 13' });
    expect(closed).toMatchObject({ public: false, closedLegalBasis: 'offentleglova § 13' });
    await unchanged(async () => {
      expectCode(await server.gql(`mutation ($id: ID!) { updateAgendaItem(id: $id, input: { closedLegalBasis: "" }) { id } }`, { id: closed.id }), 'BAD_USER_INPUT');
    });
  });

  it('a malformed id is NOT_FOUND (or null where the field is nullable), never a server error', async () => {
    const ops: [string, string, (id: string) => Record<string, unknown>][] = [
      ['meeting', `query ($id: ID!) { meeting(id: $id) { id } }`, (id) => ({ id })],
      ['agendaItem', `query ($id: ID!) { agendaItem(id: $id) { id } }`, (id) => ({ id })],
      ['updateAgendaItem', `mutation ($id: ID!) { updateAgendaItem(id: $id, input: { title: "x" }) { id } }`, (id) => ({ id })],
      ['moveAgendaItem', `mutation ($id: ID!) { moveAgendaItem(id: $id, position: 1) { id } }`, (id) => ({ id })],
      ['updateMeeting', `mutation ($id: ID!) { updateMeeting(id: $id, input: { location: "x" }) { id } }`, (id) => ({ id })],
      ['addSubItem', `mutation ($v: AddSubItemInput!) { addSubItem(input: $v) { id } }`, (id) => ({ v: { agendaItemId: id, title: 'x' } })],
      ['setAttendance', `mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id } }`, (id) => ({ v: { meetingId: open, personId: id } })],
      ['recordDecision (dissenter)', `mutation ($v: RecordDecisionInput!) { recordDecision(input: $v) { id } }`,
        (id) => ({ v: { target: { agendaItemId: item2 }, text: 'Vedtatt.', vote: { outcome: 'MAJORITY', dissenterIds: [id] } } })],
      ['removeAttendance', `mutation ($id: ID!) { removeAttendance(id: $id) }`, (id) => ({ id })],
      ['removeDisqualification', `mutation ($id: ID!) { removeDisqualification(id: $id) }`, (id) => ({ id })],
      ['removeProtocolEntry', `mutation ($id: ID!) { removeProtocolEntry(id: $id) }`, (id) => ({ id })],
      ['removeItemReference', `mutation ($id: ID!) { removeItemReference(id: $id) }`, (id) => ({ id })],
      ['endMembership', `mutation ($id: ID!) { endMembership(id: $id, validTo: "2020-01-01") { id } }`, (id) => ({ id })],
    ];
    const wrong: string[] = [];
    await unchanged(async () => {
      for (const id of MALFORMED) {
        for (const [name, op, vars] of ops) {
          const res = await server.gql(op, vars(id));
          const code = res.errors?.[0]?.extensions.code;
          if (code !== 'NOT_FOUND' || !res.errors?.[0]?.message.trim()) wrong.push(`${name}(${JSON.stringify(id)}): ${code ?? 'no error'}`);
        }
        // person(id) is nullable: an id that cannot exist is simply no person.
        const p = await server.gql(`query ($id: ID!) { person(id: $id) { id } }`, { id });
        if (p.errors || p.data?.person !== null) wrong.push(`person(${JSON.stringify(id)}): ${JSON.stringify(p.errors?.[0]?.extensions.code)}`);
      }
    });
    expect(wrong).toEqual([]);
  });

  it('nested inputs are validated too: a negative vote count, an over-long proposed decision, a bad sub-item letter, a bad e-mail', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['recordDecision vote.votesFor = -1', `mutation ($v: RecordDecisionInput!) { recordDecision(input: $v) { id } }`,
        { v: { target: { agendaItemId: item2 }, text: 'Vedtatt.', vote: { outcome: 'MAJORITY', votesFor: -1, votesAgainst: 2 } } }],
      ['addAgendaItem proposedDecision.text of 20 001 characters', `mutation ($v: AddAgendaItemInput!) { addAgendaItem(input: $v) { id } }`,
        { v: { meetingId: open, title: 'Lang sak', proposedDecision: { text: 'x'.repeat(20_001) } } }],
      ['setMinutesText target.subItemLetter = "a-b"', `mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }`,
        { v: { target: { agendaItemId: item1, subItemLetter: 'a-b' }, field: 'NOTES', text: 'x' } }],
      // class-validator's decorators on the input class (server/graphql/build-schema.ts validates with them)
      ['createPerson email = "ikke-en-adresse"', `mutation ($v: CreatePersonInput!) { createPerson(input: $v) { id } }`,
        { v: { name: 'Kari Nordmann', email: 'ikke-en-adresse' } }],
      ['createPerson name of 201 characters', `mutation ($v: CreatePersonInput!) { createPerson(input: $v) { id } }`,
        { v: { name: 'x'.repeat(201) } }],
    ];
    const wrong: string[] = [];
    await unchanged(async () => {
      for (const [name, op, vars] of cases) {
        const res = await server.gql(op, vars);
        const code = res.errors?.[0]?.extensions.code;
        if (code !== 'BAD_USER_INPUT') wrong.push(`${name}: ${code ?? 'accepted'}`);
      }
    }).catch((e: Error) => wrong.push(`database changed: ${e.message.split('\n')[0]}`));
    expect(wrong).toEqual([]);
  });

  it('other refusals: out-of-range positions, a person standing in for themself', async () => {
    await unchanged(async () => {
      expectCode(await server.gql(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 0) { id } }`, { id: item1 }), 'BAD_USER_INPUT');
      expectCode(await server.gql(`mutation ($id: ID!) { moveAgendaItem(id: $id, position: 99) { id } }`, { id: item1 }), 'BAD_USER_INPUT');
      expectCode(
        await server.gql(`mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id } }`, {
          v: { meetingId: open, personId: person, substituteForId: person },
        }),
        'BAD_USER_INPUT',
      );
      // An item of another meeting as "present from".
      expectCode(
        await server.gql(`mutation ($v: SetAttendanceInput!) { setAttendance(input: $v) { id } }`, {
          v: { meetingId: open, personId: person, fromItemId: frozenItem },
        }),
        'BAD_USER_INPUT',
      );
      expectCode(
        await server.gql(`mutation ($v: DeclareDisqualificationInput!) { declareDisqualification(input: $v) { id } }`, {
          v: { agendaItemId: item1, personId: person, legalBasis: '  ' },
        }),
        'BAD_USER_INPUT',
      );
    });
  });
});

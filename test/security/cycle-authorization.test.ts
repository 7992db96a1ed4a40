/**
 * The authorisation matrix of the meeting cycle (issue 16): every new mutation and the non-public cycle queries, for
 * the six callers of the main matrix. Each allowed cell gets targets of its own; a denied cell proves that nothing
 * changed by counting every row the cycle can write (and the audit trail).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionPoint, ActionPointComment, AgendaItem, AuditEntry, Meeting, MeetingTemplate, NoticeDelivery, PendingCase } from '../../schema/entities/index.js';
import { DeliveryStatus } from '../../schema/cycle-enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { CYCLE_MUTATIONS } from './cycle-operations.js';
import { ROLES, roleTokens, type Role, type Tokens } from '../helpers/roles.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

type Cell = 'allow' | 'FORBIDDEN' | 'UNAUTHENTICATED';
const A: Cell = 'allow';
const F: Cell = 'FORBIDDEN';
const U: Cell = 'UNAUTHENTICATED';
/** admin, secretary RG, secretary SG, member RG, public, invalid token — targets belong to Rådmannsgruppen. */
const WRITERS: Cell[] = [A, A, F, F, U, U];

interface Fx {
  bodyId: string;
  meeting(): Promise<string>;
  sak(): Promise<string>;
  point(): Promise<string>;
  /** A meeting whose notice is sent, with one recipient whose delivery failed (and is due again). */
  notified(): Promise<string>;
}

const CASES: Record<string, { setup: (fx: Fx) => Promise<Record<string, unknown>>; mutation: string }> = {
  setMeetingTemplate: {
    setup: async (fx) => ({ b: fx.bodyId }),
    mutation: `mutation ($b: ID!) { setMeetingTemplate(input: { bodyId: $b, standingItems: [{ title: "Eventuelt", placement: END }] }) { id } }`,
  },
  createMeetingSeries: {
    setup: async (fx) => ({ b: fx.bodyId, d: [`2031-0${1 + (++day % 9)}-1${day % 10}`] }),
    mutation: `mutation ($b: ID!, $d: [LocalDate!]!) { createMeetingSeries(input: { bodyId: $b, dates: $d }) { id } }`,
  },
  moveMeeting: {
    setup: async (fx) => ({ m: await fx.meeting() }),
    mutation: `mutation ($m: ID!) { moveMeeting(meetingId: $m, startsAt: "2030-12-01T08:00:00.000Z") { id } }`,
  },
  cancelMeeting: {
    setup: async (fx) => ({ m: await fx.meeting() }),
    mutation: `mutation ($m: ID!) { cancelMeeting(meetingId: $m, reason: "Avlyst") { id } }`,
  },
  registerPendingCase: {
    setup: async (fx) => ({ b: fx.bodyId }),
    mutation: `mutation ($b: ID!) { registerPendingCase(input: { bodyId: $b, title: "Ny sak" }) { id } }`,
  },
  placePendingCase: {
    setup: async (fx) => ({ c: await fx.sak(), m: await fx.meeting() }),
    mutation: `mutation ($c: ID!, $m: ID!) { placePendingCase(id: $c, meetingId: $m) { id } }`,
  },
  withdrawPendingCase: {
    setup: async (fx) => ({ c: await fx.sak() }),
    mutation: `mutation ($c: ID!) { withdrawPendingCase(id: $c) { id } }`,
  },
  addActionPoint: {
    setup: async () => ({ i: item25 }),
    mutation: `mutation ($i: ID!) { addActionPoint(input: { agendaItemId: $i, description: "Følges opp" }) { id } }`,
  },
  retryNoticeDeliveries: {
    setup: async (fx) => ({ m: await fx.notified() }),
    mutation: `mutation ($m: ID!) { retryNoticeDeliveries(meetingId: $m) { id } }`,
  },
  updateActionPoint: {
    setup: async (fx) => ({ p: await fx.point() }),
    mutation: `mutation ($p: ID!) { updateActionPoint(id: $p, input: { status: DONE }) { id } }`,
  },
};

describe('the cycle matrix covers every cycle mutation', () => {
  it('each listed mutation exists in schema/schema.graphql and has a case here (replyAbsence: its own test)', () => {
    const sdl = readFileSync(fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), 'utf8');
    const mutations = Object.keys(buildSchema(sdl).getMutationType()!.getFields());
    for (const m of CYCLE_MUTATIONS) expect(mutations, m).toContain(m);
    expect([...Object.keys(CASES), 'replyAbsence'].sort()).toEqual([...CYCLE_MUTATIONS].sort());
  });
});

let day = 0;
let item25 = '';

describe.each(dbKinds())('authorisation of the meeting cycle (%s)', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  let fx: Fx;
  let minutes = 0;

  const counts = async () => {
    const em = server.app.orm.em.fork();
    return Promise.all([Meeting, MeetingTemplate, PendingCase, ActionPoint, ActionPointComment, AgendaItem, AuditEntry].map((e) => em.count(e as never)).concat(
      em.count(NoticeDelivery, { status: DeliveryStatus.FAILED }),
    ));
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'false' } });
    tokens = await roleTokens(server);
    item25 = (await seedMeeting(server)).item('25/2017').id;
    const { body } = await server.ok(`{ body(slug: "radmannsgruppen") { id memberships { role person { id name } } } }`);
    const bodyId = body.id as string;
    const member = body.memberships.find((x: { role: string }) => x.role === 'MEMBER').person;
    await server.ok(`mutation ($id: ID!, $n: String!) { updatePerson(id: $id, input: { name: $n, email: "medlem@kommune.example" }) { id } }`, { id: member.id, n: member.name });
    fx = {
      bodyId,
      meeting: async () =>
        (await server.ok(`mutation ($b: ID!, $s: DateTimeISO!) { createMeeting(input: { bodyId: $b, startsAt: $s, approvePreviousMinutes: false }) { id } }`, {
          b: bodyId,
          s: new Date(Date.UTC(2030, 0, 1, 8, ++minutes)).toISOString(),
        })).createMeeting.id,
      sak: async () => (await server.ok(`mutation ($b: ID!) { registerPendingCase(input: { bodyId: $b, title: "Ventende sak" }) { id } }`, { b: bodyId })).registerPendingCase.id,
      notified: async () => {
        const m = await fx.meeting();
        await server.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`, { m });
        const em = server.app.orm.em.fork();
        await em.nativeUpdate(NoticeDelivery, { meeting: m }, { status: DeliveryStatus.FAILED });
        return m;
      },
      point: async () => (await server.ok(`mutation ($i: ID!) { addActionPoint(input: { agendaItemId: $i, description: "Punkt" }) { id } }`, { i: item25 })).addActionPoint.id,
    };
  });

  afterAll(async () => {
    await server?.close();
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: the secretariat of the body (and an admin) only`, async () => {
      for (const [i, role] of ROLES.entries()) {
        const vars = await c.setup(fx);
        const before = await counts();
        const res = await server.gql(c.mutation, vars, tokens[role]);
        const cell = WRITERS[i]!;
        if (cell === 'allow') {
          expect(res.errors, `${name} as ${role}`).toBeUndefined();
          expect(await counts(), `${name} as ${role} writes`).not.toEqual(before);
        } else {
          expect(res.errors?.map((e) => e.extensions.code), `${name} as ${role}`).toEqual([cell]);
          expect(await counts(), `${name} as ${role} changed nothing`).toEqual(before);
        }
      }
    });
  }

  it('replyAbsence: the token decides, not the caller; a forged token changes nothing for anyone', async () => {
    for (const role of ROLES) {
      const before = await counts();
      const res = await server.gql(`mutation { replyAbsence(token: "eyJhbGciOiJIUzI1NiJ9.e30.x") }`, {}, tokens[role]);
      expect(res.errors?.map((e) => e.extensions.code), role).toEqual([role === 'invalidToken' ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT']);
      expect(await counts()).toEqual(before);
    }
  });

  it('noticeDeliveries (addresses, the outbox): the secretariat of the body only', async () => {
    const m = await fx.notified();
    const expected: Record<Role, string | null> = { admin: null, secretaryRG: null, secretarySG: 'NOT_FOUND', memberRG: 'NOT_FOUND', public: 'NOT_FOUND', invalidToken: 'UNAUTHENTICATED' };
    for (const role of ROLES) {
      const res = await server.gql(`query ($m: ID!) { noticeDeliveries(meetingId: $m) { email } }`, { m }, tokens[role]);
      if (expected[role]) expect(res.errors?.map((e) => e.extensions.code), role).toEqual([expected[role]]);
      else expect(res.errors, role).toBeUndefined();
    }
  });

  it('the cycle queries: the body\'s members and secretariat see them, others see nothing', async () => {
    await server.ok(`mutation ($b: ID!) { setMeetingTemplate(input: { bodyId: $b, standingItems: [{ title: "Eventuelt", placement: END }] }) { id } }`, { b: fx.bodyId });
    await fx.sak();
    await fx.point();
    const sees: Record<Role, boolean> = { admin: true, secretaryRG: true, secretarySG: false, memberRG: true, public: false, invalidToken: false };
    for (const role of ROLES) {
      const q = await server.gql(
        `query ($b: ID!) { pendingCases(bodyId: $b) { id } followUpReport(bodyId: $b) { id } }`,
        { b: fx.bodyId },
        tokens[role],
      );
      if (role === 'invalidToken') {
        expect(q.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
        continue;
      }
      expect(q.data.pendingCases.length > 0, `pendingCases as ${role}`).toBe(sees[role]);
      expect(q.data.followUpReport.length > 0, `followUpReport as ${role}`).toBe(sees[role]);
      const t = await server.gql(`query ($b: ID!) { meetingTemplate(bodyId: $b) { id } }`, { b: fx.bodyId }, tokens[role]);
      if (sees[role]) expect(t.data.meetingTemplate).not.toBeNull();
      else expect(t.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    }
  });
});

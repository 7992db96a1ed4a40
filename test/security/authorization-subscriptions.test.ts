/**
 * Acceptance 1, the authorisation matrix: every subscription for every role (see authorization-matrix.ts): an allowed
 * subscriber receives the events of a change, the others receive nothing.
 */
import type { Client } from 'graphql-ws';
import { afterAll, expect, it } from 'vitest';
import { subscribe, wsClient, type Subscription } from '../helpers/graphql-ws.js';
import { ROLES, type Role } from '../helpers/roles.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { describeMatrix } from './authorization-fixtures.js';
import { cellOf, rowTitle, SUBSCRIPTIONS } from './authorization-matrix.js';

describeMatrix('subscriptions', (ctx) => {
  const clients: Client[] = [];
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });

  interface SubCase {
    status: 'PLANNED' | 'HELD';
    query: string;
    /** Makes one change the subscription reports (as the administrator). */
    trigger(ctx: { m: string; i: string; p: string; n: number }): Promise<void>;
  }
  const subCases: Record<string, SubCase> = {
    decisionUpdated: {
      status: 'HELD',
      query: `subscription ($m: ID!) { decisionUpdated(meetingId: $m) { meetingId itemNumber field text } }`,
      trigger: async ({ i, n }) => {
        await ctx.server.ok(`mutation ($i: ID!, $t: String!) { setMinutesText(input: { target: { agendaItemId: $i }, field: DECISION, text: $t }) { id } }`, { i, t: `Utkast ${n}` });
      },
    },
    agendaChanged: {
      status: 'PLANNED',
      query: `subscription ($m: ID!) { agendaChanged(meetingId: $m) { meetingId kind agendaItemId } }`,
      trigger: async ({ i, n }) => {
        await ctx.server.ok(`mutation ($i: ID!, $t: String!) { updateAgendaItem(id: $i, input: { title: $t }) { id } }`, { i, t: `Tittel ${n}` });
      },
    },
    attendanceChanged: {
      status: 'HELD',
      query: `subscription ($m: ID!) { attendanceChanged(meetingId: $m) { meetingId kind attendanceId } }`,
      trigger: async ({ m, p, n }) => {
        await ctx.server.ok(`mutation ($m: ID!, $p: ID!, $s: AttendanceStatus!) { setAttendance(input: { meetingId: $m, personId: $p, status: $s }) { id } }`, {
          m,
          p,
          s: n % 2 ? 'PRESENT' : 'ABSENT_WITH_NOTICE',
        });
      },
    },
  };

  for (const row of SUBSCRIPTIONS) {
    it(rowTitle(row, (cell) => (cell === 'allow' ? 'receives' : 'receives nothing')), async () => {
      const name = row[0].split(' ')[0]!;
      const c = subCases[name]!;
      const status = row[0].includes('HELD') ? 'HELD' : row[0].includes('PLANNED') ? 'PLANNED' : c.status;
      const fx = ctx.f.next();
      const { m, items } = await ctx.f.meeting(fx, status, ['Sak']);
      const i = items[0]!;
      const p = await ctx.f.person(fx);
      const subs = new Map<Role, Subscription<Record<string, unknown>>>();
      for (const role of ROLES) {
        const client = wsClient(ctx.server.url, ctx.tokens[role]);
        clients.push(client);
        subs.set(role, subscribe(client, c.query, { m }));
      }
      const receivers = ROLES.filter((r) => cellOf(row, r) === 'allow');
      let n = 0;
      // Subscriptions start asynchronously: change until every allowed subscriber has heard of it …
      await waitFor(async () => {
        await c.trigger({ m, i, p, n: ++n });
        await sleep(50);
        return receivers.every((r) => subs.get(r)!.events.length > 0);
      }, `${name}: allowed subscribers to receive an event`, 8_000);
      // … then once more, and give the others a window to (wrongly) receive something.
      const counts = new Map(receivers.map((r) => [r, subs.get(r)!.events.length]));
      await c.trigger({ m, i, p, n: ++n });
      await waitFor(() => receivers.every((r) => subs.get(r)!.events.length > counts.get(r)!), 'the last event', 5_000);
      await sleep(400);
      for (const role of ROLES) {
        const sub = subs.get(role)!;
        if (cellOf(row, role) === 'allow') {
          expect(sub.events.length, `${name} as ${role}`).toBeGreaterThanOrEqual(2);
          expect(sub.events.every((e) => (e[name] as { meetingId: string }).meetingId === m)).toBe(true);
          expect(sub.errors, `${name} as ${role}`).toEqual([]);
        } else {
          expect(sub.events, `${name} as ${role} receives nothing`).toEqual([]);
        }
      }
      // An invalid token does not even get a connection.
      expect(subs.get('invalidToken')!.errors.length).toBeGreaterThan(0);
      for (const sub of subs.values()) sub.stop();
    });
  }
});

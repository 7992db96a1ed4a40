/**
 * Acceptance 1, the authorisation matrix: the queries of non-public data for every role (see
 * authorization-matrix.ts): allowed, redacted to the public's view, or refused (NOT_FOUND where existence is hidden).
 */
import { beforeAll, expect, it } from 'vitest';
import { errorCodes } from '../helpers/graphql.js';
import type { Role } from '../helpers/roles.js';
import { describeMatrix } from './authorization-fixtures.js';
import { checkEveryRole, QUERIES, rowTitle, type Cell } from './authorization-matrix.js';

describeMatrix('queries of non-public data', (ctx) => {
  let held: string;
  let planned: string;
  let closedItem: string;
  let publicItem: string;
  let version: string;

  beforeAll(async () => {
    const fx = ctx.f.next();
    planned = (await ctx.f.meeting(fx, 'PLANNED', ['Planlagt sak'])).m;
    const fx2 = ctx.f.next();
    held = (await ctx.f.meeting(fx2)).m;
    closedItem = await ctx.f.item(held, 'Ansettelse av ny daglig leder', {
      public: false,
      closedLegalBasis: 'offentleglova § 25',
      publicTitle: 'Personalsak',
      introduction: 'Innstilling fra rådmannen.',
    });
    publicItem = await ctx.f.item(held, 'Budsjett 2102');
    await ctx.server.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`, { m: held });
    await ctx.server.ok(`mutation ($m: ID!) { markMeetingHeld(meetingId: $m) { id } }`, { m: held });
    await ctx.server.ok(`mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "HEMMELIG: kandidatene ble drøftet." }) { id } }`, { i: closedItem });
    await ctx.server.ok(`mutation ($i: ID!) { recordDecision(input: { target: { agendaItemId: $i }, text: "UTKAST: budsjettet vedtas." }) { id } }`, { i: publicItem });
    const p = await ctx.f.person(fx2, 'Møtedeltaker');
    await ctx.server.ok(`mutation ($m: ID!, $p: ID!) { setAttendance(input: { meetingId: $m, personId: $p }) { id } }`, { m: held, p });
    version = (await ctx.server.ok<{ minutesVersions: Array<{ id: string }> }>(`query ($m: ID!) { minutesVersions(meetingId: $m) { id } }`, { m: held })).minutesVersions[0]!.id;
  });

  const checks: Record<string, (role: Role, expected: Cell) => Promise<void>> = {
    'meeting(id) of a PLANNED meeting': async (role, expected) => {
      const res = await ctx.gql(`query ($m: ID!) { meeting(id: $m) { id status agendaItems { title } } }`, { m: planned }, ctx.tokens[role]);
      const list = await ctx.gql(`{ meetings(filter: { bodySlug: "radmannsgruppen" }) { id } }`, {}, ctx.tokens[role]);
      // The paged list holds exactly what the whole list holds, and counts it.
      const page = await ctx.gql(`{ meetingsConnection(filter: { bodySlug: "radmannsgruppen" }, first: 100) { totalCount edges { node { id } } } }`, {}, ctx.tokens[role]);
      if (!list.errors) {
        expect(page.data.meetingsConnection.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(list.data.meetings.map((m: { id: string }) => m.id).sort());
        expect(page.data.meetingsConnection.totalCount).toBe(list.data.meetings.length);
      }
      if (expected === 'allow') {
        expect(res.errors).toBeUndefined();
        expect(res.data.meeting).toMatchObject({ id: planned, status: 'PLANNED', agendaItems: [{ title: 'Planlagt sak' }] });
        expect(list.data.meetings.map((m: { id: string }) => m.id)).toContain(planned);
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
        expect(res.data ?? null).toBeNull();
        if (expected === 'deny:NOT_FOUND') {
          expect(list.errors).toBeUndefined();
          expect(list.data.meetings.map((m: { id: string }) => m.id)).not.toContain(planned);
        } else {
          expect(errorCodes(list.errors)).toEqual([expected.slice(5)]);
        }
      }
    },
    'agendaItem(id) of a non-public item': async (role, expected) => {
      const res = await ctx.gql(`query ($i: ID!) { agendaItem(id: $i) { number title introduction notes closedLegalBasis subItems { id } attachments { id } } }`, { i: closedItem }, ctx.tokens[role]);
      if (expected === 'allow') {
        expect(res.errors).toBeUndefined();
        expect(res.data.agendaItem).toMatchObject({
          title: 'Ansettelse av ny daglig leder',
          introduction: 'Innstilling fra rådmannen.',
          notes: 'HEMMELIG: kandidatene ble drøftet.',
        });
      } else if (expected === 'redacted') {
        expect(res.errors).toBeUndefined();
        expect(res.data.agendaItem).toMatchObject({ title: 'Personalsak', introduction: null, notes: null, subItems: [], attachments: [] });
        expect(JSON.stringify(res.data)).not.toMatch(/HEMMELIG|Ansettelse|Innstilling/);
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
        expect(res.data ?? null).toBeNull();
      }
    },
    'draft referat: decision text and attendance': async (role, expected) => {
      const res = await ctx.gql(`query ($m: ID!) { meeting(id: $m) { status agendaItems { id notes decision { text } } attendance { id } } }`, { m: held }, ctx.tokens[role]);
      if (expected === 'allow' || expected === 'redacted') {
        expect(res.errors).toBeUndefined();
        expect(res.data.meeting.status).toBe('HELD');
        const item = res.data.meeting.agendaItems.find((i: { id: string }) => i.id === publicItem);
        if (expected === 'allow') {
          expect(item.decision).toEqual({ text: 'UTKAST: budsjettet vedtas.' });
          expect(res.data.meeting.attendance).toHaveLength(1);
        } else {
          expect(item.decision).toBeNull();
          expect(res.data.meeting.attendance).toEqual([]);
          expect(JSON.stringify(res.data)).not.toMatch(/UTKAST|HEMMELIG/);
        }
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
      }
    },
    'minutesVersions(meetingId)': async (role, expected) => {
      const res = await ctx.gql(`query ($m: ID!) { minutesVersions(meetingId: $m) { id label texts { decision } } }`, { m: held }, ctx.tokens[role]);
      if (expected === 'allow') {
        expect(res.errors).toBeUndefined();
        expect(res.data.minutesVersions.map((v: { id: string }) => v.id)).toContain(version);
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
        expect(res.data ?? null).toBeNull();
      }
    },
    'minutesVersion(id)': async (role, expected) => {
      const res = await ctx.gql(`query ($v: ID!) { minutesVersion(id: $v) { id label texts { notes } } }`, { v: version }, ctx.tokens[role]);
      if (expected === 'allow') {
        expect(res.errors).toBeUndefined();
        expect(res.data.minutesVersion.id).toBe(version);
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
        expect(res.data ?? null).toBeNull();
      }
    },
    'auditLogConnection(meetingId)': async (role, expected) => {
      const res = await ctx.gql(`query ($m: ID!) { auditLogConnection(meetingId: $m, first: 100) { totalCount edges { node { action } } } }`, { m: held }, ctx.tokens[role]);
      if (expected === 'allow') {
        expect(res.errors).toBeUndefined();
        expect(res.data.auditLogConnection.edges.map((e: { node: { action: string } }) => e.node.action)).toContain('TEXT_SET');
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
        expect(res.data ?? null).toBeNull();
      }
    },
    'auditLog(meetingId)': async (role, expected) => {
      const res = await ctx.gql(`query ($m: ID!) { auditLog(meetingId: $m) { action entity userName } }`, { m: held }, ctx.tokens[role]);
      if (expected === 'allow') {
        expect(res.errors).toBeUndefined();
        expect(res.data.auditLog.map((e: { action: string }) => e.action)).toContain('TEXT_SET');
      } else {
        expect(errorCodes(res.errors)).toEqual([expected.slice(5)]);
        expect(res.data ?? null).toBeNull();
      }
    },
  };

  for (const row of QUERIES) {
    it(rowTitle(row), () => checkEveryRole(row, checks[row[0]]!));
  }
});

/**
 * Acceptance 1: the authorisation matrix.
 *
 * Every mutation of schema/schema.graphql, the queries of non-public data, every subscription and every collab
 * connection mode, for six callers: an administrator, a secretary of Rådmannsgruppen (the body the targets belong to),
 * a secretary of Styringsgruppen (another body), a member of Rådmannsgruppen, the public (no token) and an invalid
 * token (a well-formed JWT signed with another key). Every row builds fresh targets in a year of its own (every
 * allowed cell gets a set of its own; the denied cells of a row share one), and a denied cell proves that nothing
 * changed by re-reading from the database everything the targets are part of.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrap } from '@mikro-orm/core';
import { AuditEntry, Body, DocumentUpdate, Meeting, MinutesVersion, Person } from '../../schema/entities/index.js';
import { MembershipRole, ReferenceKind } from '../../schema/enums.js';
import type { AddAgendaItemInput } from '../../schema/inputs/index.js';
import { SYSTEM_VIEWER } from '../../server/auth/viewer.js';
import { createEvents } from '../../server/pubsub.js';
import { createServices, noMinutesSync } from '../../server/services/index.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { type GqlError } from '../helpers/graphql.js';
import { subscribe, wsClient, type Subscription } from '../helpers/graphql-ws.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { ROLES, roleTokens, userOf, type Role, type Tokens } from '../helpers/roles.js';
import { sleep, waitFor } from '../helpers/wait.js';

// ---------------------------------------------------------------------------------------------------------------
// The matrix

type Cell = 'allow' | 'deny:UNAUTHENTICATED' | 'deny:FORBIDDEN' | 'deny:NOT_FOUND' | 'redacted';
const ALLOW: Cell = 'allow';
const UNAUTH: Cell = 'deny:UNAUTHENTICATED';
const FORBID: Cell = 'deny:FORBIDDEN';
const HIDDEN: Cell = 'deny:NOT_FOUND';
/** The query answers, but without the non-public parts (the public's view). */
const REDACT: Cell = 'redacted';

type Row = [operation: string, admin: Cell, secretaryRG: Cell, secretarySG: Cell, memberRG: Cell, anonymous: Cell, invalidToken: Cell];

/** Mutations, on targets that belong to Rådmannsgruppen. */
const MUTATIONS: Row[] = [
  // operation                admin   secr.RG  secr.SG  memberRG  public  invalid token
  ['addAgendaItem',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['addAttachment',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['addItemReference',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['addMembership',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['addProtocolEntry',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['addSubItem',              ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['adoptDecision',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['approveMinutes',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['createMeeting',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['createMinutesVersion',    ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  // Persons are shared by all bodies: any secretary records them (policies.ts, assertSecretaryAnywhere).
  ['createPerson',            ALLOW,  ALLOW,   ALLOW,   FORBID,   UNAUTH, UNAUTH],
  ['declareDisqualification', ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['deleteMeeting',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['endMembership',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  // A dry run changes nothing and needs a secretary of any body; applying needs the secretariat of the named body.
  ['importDocument (dry run)', ALLOW, ALLOW,   ALLOW,   FORBID,   UNAUTH, UNAUTH],
  ['importDocument (apply)',  ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['linkAttachment',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['markMeetingHeld',         ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['moveAgendaItem',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['moveSubItem',             ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['recordDecision',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeAgendaItem',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeAttachment',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeAttendance',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeDisqualification',  ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeItemReference',     ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeProtocolEntry',     ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['removeSubItem',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['sendMinutesForApproval',  ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['sendNotice',              ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['setAttendance',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['setMinutesText',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['setNoticeApproval',       ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['unlinkAttachment',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['updateAgendaItem',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['updateMeeting',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['updatePerson',            ALLOW,  ALLOW,   ALLOW,   FORBID,   UNAUTH, UNAUTH],
  ['updateSubItem',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
];

/** Queries of non-public data (PUBLISH_DRAFT_MINUTES=false). NOT_FOUND where existence is hidden. */
const QUERIES: Row[] = [
  // operation                                         admin   secr.RG  secr.SG  memberRG  public  invalid token
  ['meeting(id) of a PLANNED meeting',                 ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['agendaItem(id) of a non-public item',              ALLOW,  ALLOW,   REDACT,  ALLOW,    REDACT, UNAUTH],
  ['draft referat: decision text and attendance',      ALLOW,  ALLOW,   REDACT,  ALLOW,    REDACT, UNAUTH],
  ['minutesVersions(meetingId)',                       ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['minutesVersion(id)',                               ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['auditLog(meetingId)',                              ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
];

/** Subscriptions: 'allow' receives the event after a mutation, 'deny' receives nothing. */
const SUBSCRIPTIONS: Row[] = [
  // operation                                         admin   secr.RG  secr.SG  memberRG  public  invalid token
  ['decisionUpdated (HELD meeting, draft referat)',    ALLOW,  ALLOW,   FORBID,  ALLOW,    UNAUTH, UNAUTH],
  ['agendaChanged (PLANNED meeting)',                  ALLOW,  ALLOW,   FORBID,  ALLOW,    UNAUTH, UNAUTH],
  ['agendaChanged (HELD meeting: the agenda is public)', ALLOW, ALLOW,  ALLOW,   ALLOW,    ALLOW,  UNAUTH],
  ['attendanceChanged (HELD meeting, draft referat)',  ALLOW,  ALLOW,   FORBID,  ALLOW,    UNAUTH, UNAUTH],
];

/** Live referat connections (ws /collab/minutes:<id>). */
type CollabMode = 'read-write' | 'read-only' | 'refused';
const COLLAB: Array<[role: Role, mode: CollabMode]> = [
  ['admin', 'read-write'],
  ['secretaryRG', 'read-write'],
  ['secretarySG', 'refused'],
  ['memberRG', 'read-only'],
  ['public', 'refused'],
  ['invalidToken', 'refused'],
];

const cellOf = (row: Row, role: Role): Cell => row[1 + ROLES.indexOf(role)] as Cell;

// ---------------------------------------------------------------------------------------------------------------
// Fixtures and snapshots

interface Fixture {
  /** Year of the cell's meetings: nothing else lives in it. */
  year: number;
  /** Name prefix of the cell's persons. */
  prefix: string;
}

type Gql = TestServer['gql'];

/**
 * Everything a mutation could change about a cell's targets, read straight from the database: the meetings of the
 * cell's year with all they hold, the cell's persons and memberships, versions, audit entries and live-document log.
 */
async function snapshot(server: TestServer, fx: Fixture): Promise<unknown> {
  const em = server.app.orm.em.fork();
  const meetings = await em.find(
    Meeting,
    { startsAt: { $gte: new Date(Date.UTC(fx.year, 0, 1)), $lt: new Date(Date.UTC(fx.year + 1, 0, 1)) } },
    {
      orderBy: { id: 'asc' },
      populate: [
        'attachments',
        'attendance',
        'agendaItems',
        'agendaItems.attachments',
        'agendaItems.subItems',
        'agendaItems.subItems.attachments',
        'agendaItems.references',
        'agendaItems.disqualifications',
        'agendaItems.protocolEntries',
      ],
    },
  );
  const ids = meetings.map((m) => m.id);
  const persons = await em.find(Person, { name: { $like: `${fx.prefix}%` } }, { orderBy: { id: 'asc' }, populate: ['memberships'] });
  const versions = await em.find(MinutesVersion, { meeting: { $in: ids } }, { orderBy: { id: 'asc' } });
  const audit = await em.find(AuditEntry, { meetingId: { $in: ids } }, { orderBy: { id: 'asc' } });
  const logged = await em.count(DocumentUpdate, { docName: { $in: ids.map(minutesDocName) } });
  return JSON.parse(
    JSON.stringify({
      meetings: meetings.map((m) => wrap(m).toObject()),
      persons: persons.map((p) => wrap(p).toObject()),
      versions: versions.map((v) => ({ id: v.id, label: v.label, reason: v.reason, seq: v.seq })),
      audit: audit.map((a) => wrap(a).toObject()),
      logged,
    }),
  );
}

/**
 * Builds targets through the services themselves (the same rules as the API), as the system and without the live
 * referat: quick, and nothing the cell under test does is involved.
 */
function fixtures(server: TestServer) {
  let cells = 0;
  let rg = '';
  const events = createEvents();
  const svc = () => createServices({ em: server.app.orm.em.fork(), events, sync: noMinutesSync, viewer: SYSTEM_VIEWER });
  return {
    svc,
    async init() {
      rg = (await server.app.orm.em.fork().findOneOrFail(Body, { slug: 'radmannsgruppen' })).id;
    },
    get bodyId() {
      return rg;
    },
    next(): Fixture {
      cells++;
      return { year: 2100 + cells, prefix: `Celle ${cells}:` };
    },
    async meeting(fx: Fixture, status: 'PLANNED' | 'NOTICE_SENT' | 'HELD' = 'PLANNED', items: string[] = []): Promise<{ m: string; items: string[] }> {
      const m = (
        await svc().meetings.create({ bodyId: rg, startsAt: new Date(Date.UTC(fx.year, 2, 1, 9)), approvePreviousMinutes: false, location: 'Rådhuset' })
      ).id;
      const ids: string[] = [];
      for (const title of items) ids.push(await this.item(m, title));
      if (status !== 'PLANNED') await svc().meetings.sendNotice(m);
      if (status === 'HELD') await svc().meetings.markHeld(m);
      return { m, items: ids };
    },
    async item(meetingId: string, title = 'Sak', extra: Partial<AddAgendaItemInput> = {}): Promise<string> {
      return (await svc().agenda.addItem({ meetingId, title, ...extra })).id;
    },
    async subItem(agendaItemId: string, title = 'Undersak'): Promise<string> {
      return (await svc().agenda.addSubItem({ agendaItemId, title })).id;
    },
    async person(fx: Fixture, name = 'Person'): Promise<string> {
      return (await svc().people.create({ name: `${fx.prefix} ${name}`, municipality: 'Asker' })).id;
    },
    async attachment(meetingId: string, agendaItemIds: string[] = []): Promise<string> {
      return (await svc().attachments.add({ meetingId, title: 'Vedlegg', agendaItemIds })).id;
    },
  };
}

type Fixtures = ReturnType<typeof fixtures>;

interface MutationCase {
  /** Builds the cell's targets (as the administrator) and returns the mutation's variables. */
  setup(f: Fixtures, fx: Fixture): Promise<Record<string, unknown>>;
  mutation: string;
  /** An allowed call that by design changes nothing (a dry run). */
  changesNothing?: boolean;
}

/** A minimal innkalling of Rådmannsgruppen in the cell's year (importing it creates the meeting). */
const innkalling = (year: number) => `## Innkalling til møte i Rådmannsgruppen 1. mars ${year}

**Tid:** 01.03.${year} kl. 09.00 – 12.00  
**Sted:** Rådhuset i Drammen  

### Saker til behandling:

**Sak 1/${year} Budsjett for samarbeidet**

Til behandling foreligger forslag til budsjett.

*Forslag til vedtak:*  
Budsjettet vedtas.
`;

const CASES: Record<string, MutationCase> = {
  addAgendaItem: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx)).m }),
    mutation: `mutation ($m: ID!) { addAgendaItem(input: { meetingId: $m, title: "Ny sak" }) { id } }`,
  },
  addAttachment: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx)).m }),
    mutation: `mutation ($m: ID!) { addAttachment(input: { meetingId: $m, title: "Nytt vedlegg" }) { id } }`,
  },
  addItemReference: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'PLANNED', ['Sak'])).items[0] }),
    mutation: `mutation ($i: ID!) { addItemReference(input: { agendaItemId: $i, kind: EXTERNAL, citation: "jf. kommuneloven § 11-4" }) { id } }`,
  },
  addMembership: {
    setup: async (f, fx) => ({ p: await f.person(fx), b: f.bodyId }),
    mutation: `mutation ($p: ID!, $b: ID!) { addMembership(input: { bodyId: $b, personId: $p, role: MEMBER }) { id } }`,
  },
  addProtocolEntry: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'HELD', ['Sak'])).items[0] }),
    mutation: `mutation ($i: ID!) { addProtocolEntry(input: { agendaItemId: $i, text: "Protokolltilførsel." }) { id } }`,
  },
  addSubItem: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'PLANNED', ['Sak'])).items[0] }),
    mutation: `mutation ($i: ID!) { addSubItem(input: { agendaItemId: $i, title: "Ny undersak" }) { id } }`,
  },
  adoptDecision: {
    setup: async (f, fx) => {
      const i = (await f.meeting(fx, 'NOTICE_SENT', ['Sak'])).items[0]!;
      await f.svc().decisions.record({ target: { agendaItemId: i }, text: 'Saken tas til orientering.' });
      return { i };
    },
    mutation: `mutation ($i: ID!) { adoptDecision(target: { agendaItemId: $i }) { id } }`,
  },
  approveMinutes: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'HELD', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { approveMinutes(meetingId: $m) { id } }`,
  },
  createMeeting: {
    setup: async (f, fx) => ({ b: f.bodyId, s: `${fx.year}-05-01T09:00:00Z` }),
    mutation: `mutation ($b: ID!, $s: DateTimeISO!) { createMeeting(input: { bodyId: $b, startsAt: $s, approvePreviousMinutes: false }) { id } }`,
  },
  createMinutesVersion: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'HELD', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { createMinutesVersion(meetingId: $m, label: "Manuell versjon") { id } }`,
  },
  createPerson: {
    setup: async (_f, fx) => ({ n: `${fx.prefix} Ny person` }),
    mutation: `mutation ($n: String!) { createPerson(input: { name: $n }) { id } }`,
  },
  declareDisqualification: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'HELD', ['Sak'])).items[0], p: await f.person(fx) }),
    mutation: `mutation ($i: ID!, $p: ID!) { declareDisqualification(input: { agendaItemId: $i, personId: $p, legalBasis: "forvaltningsloven § 6" }) { id } }`,
  },
  deleteMeeting: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'PLANNED', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { deleteMeeting(id: $m) }`,
  },
  endMembership: {
    setup: async (f, fx) => {
      const personId = await f.person(fx);
      const ms = await f.svc().people.addMembership({ bodyId: f.bodyId, personId, role: MembershipRole.MEMBER, validFrom: `${fx.year}-01-01` });
      return { ms: ms.id, to: `${fx.year}-12-31` };
    },
    mutation: `mutation ($ms: ID!, $to: LocalDate!) { endMembership(id: $ms, validTo: $to) { id } }`,
  },
  'importDocument (dry run)': {
    setup: async (_f, fx) => ({ t: innkalling(fx.year) }),
    mutation: `mutation ($t: String!) { importDocument(text: $t, apply: false) { applied created } }`,
    changesNothing: true,
  },
  'importDocument (apply)': {
    setup: async (_f, fx) => ({ t: innkalling(fx.year) }),
    mutation: `mutation ($t: String!) { importDocument(text: $t, apply: true) { applied created } }`,
  },
  linkAttachment: {
    setup: async (f, fx) => {
      const { m, items } = await f.meeting(fx, 'PLANNED', ['Sak']);
      return { i: items[0], a: await f.attachment(m) };
    },
    mutation: `mutation ($i: ID!, $a: ID!) { linkAttachment(input: { agendaItemId: $i, attachmentId: $a }) { id } }`,
  },
  markMeetingHeld: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'NOTICE_SENT', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { markMeetingHeld(meetingId: $m) { id } }`,
  },
  moveAgendaItem: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'PLANNED', ['Første', 'Andre'])).items[1] }),
    mutation: `mutation ($i: ID!) { moveAgendaItem(id: $i, position: 1) { id } }`,
  },
  moveSubItem: {
    setup: async (f, fx) => {
      const i = (await f.meeting(fx, 'PLANNED', ['Sak'])).items[0]!;
      await f.subItem(i, 'Første');
      return { s: await f.subItem(i, 'Andre') };
    },
    mutation: `mutation ($s: ID!) { moveSubItem(id: $s, position: 1) { id } }`,
  },
  recordDecision: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'HELD', ['Sak'])).items[0] }),
    mutation: `mutation ($i: ID!) { recordDecision(input: { target: { agendaItemId: $i }, text: "Vedtatt.", vote: { outcome: UNANIMOUS } }) { id } }`,
  },
  removeAgendaItem: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'PLANNED', ['Sak', 'Sak to'])).items[0] }),
    mutation: `mutation ($i: ID!) { removeAgendaItem(id: $i) }`,
  },
  removeAttachment: {
    setup: async (f, fx) => {
      const { m, items } = await f.meeting(fx, 'PLANNED', ['Sak']);
      return { a: await f.attachment(m, items) };
    },
    mutation: `mutation ($a: ID!) { removeAttachment(id: $a) }`,
  },
  removeAttendance: {
    setup: async (f, fx) => {
      const { m } = await f.meeting(fx, 'HELD', ['Sak']);
      const personId = await f.person(fx);
      return { a: (await f.svc().attendance.set({ meetingId: m, personId })).id };
    },
    mutation: `mutation ($a: ID!) { removeAttendance(id: $a) }`,
  },
  removeDisqualification: {
    setup: async (f, fx) => {
      const agendaItemId = (await f.meeting(fx, 'HELD', ['Sak'])).items[0]!;
      const personId = await f.person(fx);
      const d = await f.svc().records.declareDisqualification({ agendaItemId, personId, legalBasis: 'forvaltningsloven § 6' });
      return { d: d.id };
    },
    mutation: `mutation ($d: ID!) { removeDisqualification(id: $d) }`,
  },
  removeItemReference: {
    setup: async (f, fx) => {
      const agendaItemId = (await f.meeting(fx, 'PLANNED', ['Sak'])).items[0]!;
      return { r: (await f.svc().records.addReference({ agendaItemId, kind: ReferenceKind.EXTERNAL, citation: 'jf. sak 1/2017' })).id };
    },
    mutation: `mutation ($r: ID!) { removeItemReference(id: $r) }`,
  },
  removeProtocolEntry: {
    setup: async (f, fx) => {
      const agendaItemId = (await f.meeting(fx, 'HELD', ['Sak'])).items[0]!;
      return { e: (await f.svc().records.addProtocolEntry({ agendaItemId, text: 'Tilførsel.' })).id };
    },
    mutation: `mutation ($e: ID!) { removeProtocolEntry(id: $e) }`,
  },
  removeSubItem: {
    setup: async (f, fx) => ({ s: await f.subItem((await f.meeting(fx, 'PLANNED', ['Sak'])).items[0]!) }),
    mutation: `mutation ($s: ID!) { removeSubItem(id: $s) }`,
  },
  sendMinutesForApproval: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'HELD', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { sendMinutesForApproval(meetingId: $m) { id } }`,
  },
  sendNotice: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'PLANNED', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`,
  },
  setAttendance: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'HELD', ['Sak'])).m, p: await f.person(fx) }),
    mutation: `mutation ($m: ID!, $p: ID!) { setAttendance(input: { meetingId: $m, personId: $p, status: ABSENT_WITH_NOTICE }) { id } }`,
  },
  setMinutesText: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'HELD', ['Sak'])).items[0] }),
    mutation: `mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "Orientering gitt." }) { id } }`,
  },
  setNoticeApproval: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'HELD', ['Sak'])).m }),
    mutation: `mutation ($m: ID!) { setNoticeApproval(meetingId: $m, text: "Godkjent.") { id } }`,
  },
  unlinkAttachment: {
    setup: async (f, fx) => {
      const { m, items } = await f.meeting(fx, 'PLANNED', ['Sak']);
      return { i: items[0], a: await f.attachment(m, items) };
    },
    mutation: `mutation ($i: ID!, $a: ID!) { unlinkAttachment(input: { agendaItemId: $i, attachmentId: $a }) { id } }`,
  },
  updateAgendaItem: {
    setup: async (f, fx) => ({ i: (await f.meeting(fx, 'PLANNED', ['Sak'])).items[0] }),
    mutation: `mutation ($i: ID!) { updateAgendaItem(id: $i, input: { title: "Endret tittel", public: false, closedLegalBasis: "offentleglova § 13" }) { id } }`,
  },
  updateMeeting: {
    setup: async (f, fx) => ({ m: (await f.meeting(fx)).m }),
    mutation: `mutation ($m: ID!) { updateMeeting(id: $m, input: { location: "Et annet sted" }) { id } }`,
  },
  updatePerson: {
    setup: async (f, fx) => ({ p: await f.person(fx), n: `${fx.prefix} Nytt navn` }),
    mutation: `mutation ($p: ID!, $n: String!) { updatePerson(id: $p, input: { name: $n }) { id } }`,
  },
  updateSubItem: {
    setup: async (f, fx) => ({ s: await f.subItem((await f.meeting(fx, 'PLANNED', ['Sak'])).items[0]!) }),
    mutation: `mutation ($s: ID!) { updateSubItem(id: $s, input: { title: "Endret undersak" }) { id } }`,
  },
};

function codes(errors: GqlError[] | undefined): string[] {
  return (errors ?? []).map((e) => e.extensions?.code);
}

// ---------------------------------------------------------------------------------------------------------------

describe('the matrix covers the whole API', () => {
  it('lists every mutation of schema/schema.graphql, and nothing else', () => {
    const sdl = readFileSync(fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), 'utf8');
    const mutations = Object.keys(buildSchema(sdl).getMutationType()!.getFields()).sort();
    expect([...new Set(MUTATIONS.map((r) => r[0].split(' ')[0]!))].sort()).toEqual(mutations);
    expect(Object.keys(CASES).sort()).toEqual(MUTATIONS.map((r) => r[0]).sort());
    const subscriptions = Object.keys(buildSchema(sdl).getSubscriptionType()!.getFields()).sort();
    expect([...new Set(SUBSCRIPTIONS.map((r) => r[0].split(' ')[0]!))].sort()).toEqual(subscriptions);
  });
});

describe.each(dbKinds())('authorisation matrix (%s)', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  let f: Fixtures;
  let gql: Gql;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'false' } });
    gql = server.gql.bind(server);
    tokens = await roleTokens(server);
    f = fixtures(server);
    await f.init();
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('mutations', () => {
    for (const row of MUTATIONS) {
      const op = row[0].split(' ')[0]!;
      it(`${row[0]}: ${ROLES.map((r) => `${r} ${cellOf(row, r)}`).join(', ')}`, async () => {
        const c = CASES[row[0]]!;
        const fresh = async () => {
          const fx = f.next();
          const vars = await c.setup(f, fx);
          return { fx, vars, before: await snapshot(server, fx) };
        };
        // Every allowed cell gets targets of its own; the denied cells of the row share one set, which each of them
        // must leave exactly as it was (a set a cell did change is replaced before the next cell).
        let shared: Awaited<ReturnType<typeof fresh>> | null = null;
        for (const role of ROLES) {
          const expected = cellOf(row, role);
          const target = expected === 'allow' ? await fresh() : (shared ??= await fresh());
          const res = await gql(c.mutation, target.vars, tokens[role]);
          const after = await snapshot(server, target.fx);
          const where = `${row[0]} as ${role}`;
          if (expected === 'allow') {
            expect.soft(res.errors, where).toBeUndefined();
            expect.soft(res.data?.[op], where).toBeTruthy();
            if (c.changesNothing) expect.soft(after, `${where}: a dry run changes nothing`).toEqual(target.before);
            else expect.soft(after, `${where}: the change is stored`).not.toEqual(target.before);
          } else {
            expect.soft(codes(res.errors), where).toEqual([expected.slice('deny:'.length)]);
            expect.soft(res.data?.[op] ?? null, where).toBeNull();
            expect.soft(after, `${where}: nothing changed`).toEqual(target.before);
            if (JSON.stringify(after) !== JSON.stringify(target.before)) shared = null;
          }
        }
      });
    }
  });

  describe('queries of non-public data', () => {
    let held: string;
    let planned: string;
    let closedItem: string;
    let publicItem: string;
    let version: string;

    beforeAll(async () => {
      const fx = f.next();
      planned = (await f.meeting(fx, 'PLANNED', ['Planlagt sak'])).m;
      const fx2 = f.next();
      held = (await f.meeting(fx2)).m;
      closedItem = await f.item(held, 'Ansettelse av ny daglig leder', {
        public: false,
        closedLegalBasis: 'offentleglova § 25',
        publicTitle: 'Personalsak',
        introduction: 'Innstilling fra rådmannen.',
      });
      publicItem = await f.item(held, 'Budsjett 2102');
      await server.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`, { m: held });
      await server.ok(`mutation ($m: ID!) { markMeetingHeld(meetingId: $m) { id } }`, { m: held });
      await server.ok(`mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "HEMMELIG: kandidatene ble drøftet." }) { id } }`, { i: closedItem });
      await server.ok(`mutation ($i: ID!) { recordDecision(input: { target: { agendaItemId: $i }, text: "UTKAST: budsjettet vedtas." }) { id } }`, { i: publicItem });
      const p = await f.person(fx2, 'Møtedeltaker');
      await server.ok(`mutation ($m: ID!, $p: ID!) { setAttendance(input: { meetingId: $m, personId: $p }) { id } }`, { m: held, p });
      version = (await server.ok<{ minutesVersions: Array<{ id: string }> }>(`query ($m: ID!) { minutesVersions(meetingId: $m) { id } }`, { m: held })).minutesVersions[0]!.id;
    });

    const checks: Record<string, (role: Role, expected: Cell) => Promise<void>> = {
      'meeting(id) of a PLANNED meeting': async (role, expected) => {
        const res = await gql(`query ($m: ID!) { meeting(id: $m) { id status agendaItems { title } } }`, { m: planned }, tokens[role]);
        const list = await gql(`{ meetings(filter: { bodySlug: "radmannsgruppen" }) { id } }`, {}, tokens[role]);
        if (expected === 'allow') {
          expect(res.errors).toBeUndefined();
          expect(res.data.meeting).toMatchObject({ id: planned, status: 'PLANNED', agendaItems: [{ title: 'Planlagt sak' }] });
          expect(list.data.meetings.map((m: { id: string }) => m.id)).toContain(planned);
        } else {
          expect(codes(res.errors)).toEqual([expected.slice(5)]);
          expect(res.data ?? null).toBeNull();
          if (expected === 'deny:NOT_FOUND') {
            expect(list.errors).toBeUndefined();
            expect(list.data.meetings.map((m: { id: string }) => m.id)).not.toContain(planned);
          } else {
            expect(codes(list.errors)).toEqual([expected.slice(5)]);
          }
        }
      },
      'agendaItem(id) of a non-public item': async (role, expected) => {
        const res = await gql(`query ($i: ID!) { agendaItem(id: $i) { number title introduction notes closedLegalBasis subItems { id } attachments { id } } }`, { i: closedItem }, tokens[role]);
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
          expect(codes(res.errors)).toEqual([expected.slice(5)]);
          expect(res.data ?? null).toBeNull();
        }
      },
      'draft referat: decision text and attendance': async (role, expected) => {
        const res = await gql(`query ($m: ID!) { meeting(id: $m) { status agendaItems { id notes decision { text } } attendance { id } } }`, { m: held }, tokens[role]);
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
          expect(codes(res.errors)).toEqual([expected.slice(5)]);
        }
      },
      'minutesVersions(meetingId)': async (role, expected) => {
        const res = await gql(`query ($m: ID!) { minutesVersions(meetingId: $m) { id label texts { decision } } }`, { m: held }, tokens[role]);
        if (expected === 'allow') {
          expect(res.errors).toBeUndefined();
          expect(res.data.minutesVersions.map((v: { id: string }) => v.id)).toContain(version);
        } else {
          expect(codes(res.errors)).toEqual([expected.slice(5)]);
          expect(res.data ?? null).toBeNull();
        }
      },
      'minutesVersion(id)': async (role, expected) => {
        const res = await gql(`query ($v: ID!) { minutesVersion(id: $v) { id label texts { notes } } }`, { v: version }, tokens[role]);
        if (expected === 'allow') {
          expect(res.errors).toBeUndefined();
          expect(res.data.minutesVersion.id).toBe(version);
        } else {
          expect(codes(res.errors)).toEqual([expected.slice(5)]);
          expect(res.data ?? null).toBeNull();
        }
      },
      'auditLog(meetingId)': async (role, expected) => {
        const res = await gql(`query ($m: ID!) { auditLog(meetingId: $m) { action entity userName } }`, { m: held }, tokens[role]);
        if (expected === 'allow') {
          expect(res.errors).toBeUndefined();
          expect(res.data.auditLog.map((e: { action: string }) => e.action)).toContain('TEXT_SET');
        } else {
          expect(codes(res.errors)).toEqual([expected.slice(5)]);
          expect(res.data ?? null).toBeNull();
        }
      },
    };

    for (const row of QUERIES) {
      it(`${row[0]}: ${ROLES.map((r) => `${r} ${cellOf(row, r)}`).join(', ')}`, async () => {
        for (const role of ROLES) {
          try {
            await checks[row[0]]!(role, cellOf(row, role));
          } catch (error) {
            (error as Error).message = `${row[0]} as ${role}: ${(error as Error).message}`;
            throw error;
          }
        }
      });
    }
  });

  describe('subscriptions', () => {
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
          await server.ok(`mutation ($i: ID!, $t: String!) { setMinutesText(input: { target: { agendaItemId: $i }, field: DECISION, text: $t }) { id } }`, { i, t: `Utkast ${n}` });
        },
      },
      agendaChanged: {
        status: 'PLANNED',
        query: `subscription ($m: ID!) { agendaChanged(meetingId: $m) { meetingId kind agendaItemId } }`,
        trigger: async ({ i, n }) => {
          await server.ok(`mutation ($i: ID!, $t: String!) { updateAgendaItem(id: $i, input: { title: $t }) { id } }`, { i, t: `Tittel ${n}` });
        },
      },
      attendanceChanged: {
        status: 'HELD',
        query: `subscription ($m: ID!) { attendanceChanged(meetingId: $m) { meetingId kind attendanceId } }`,
        trigger: async ({ m, p, n }) => {
          await server.ok(`mutation ($m: ID!, $p: ID!, $s: AttendanceStatus!) { setAttendance(input: { meetingId: $m, personId: $p, status: $s }) { id } }`, {
            m,
            p,
            s: n % 2 ? 'PRESENT' : 'ABSENT_WITH_NOTICE',
          });
        },
      },
    };

    for (const row of SUBSCRIPTIONS) {
      it(`${row[0]}: ${ROLES.map((r) => `${r} ${cellOf(row, r) === 'allow' ? 'receives' : 'receives nothing'}`).join(', ')}`, async () => {
        const name = row[0].split(' ')[0]!;
        const c = subCases[name]!;
        const status = row[0].includes('HELD') ? 'HELD' : row[0].includes('PLANNED') ? 'PLANNED' : c.status;
        const fx = f.next();
        const { m, items } = await f.meeting(fx, status, ['Sak']);
        const i = items[0]!;
        const p = await f.person(fx);
        const subs = new Map<Role, Subscription<Record<string, unknown>>>();
        for (const role of ROLES) {
          const client = wsClient(server.url, tokens[role]);
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

  describe('live referat connections', () => {
    let m: string;
    let item: string;
    const lives: LiveClient[] = [];
    afterAll(() => {
      for (const l of lives.splice(0)) l.destroy();
    });

    beforeAll(async () => {
      const fx = f.next();
      ({ m, items: [item] } = (await f.meeting(fx, 'HELD', ['Sak'])) as { m: string; items: [string] });
    });

    const decisionText = async () =>
      (await server.ok<{ agendaItem: { decision: { text: string } | null } }>(`query ($i: ID!) { agendaItem(id: $i) { decision { text } } }`, { i: item })).agendaItem.decision?.text ?? '';

    for (const [role, mode] of COLLAB) {
      it(`${role}: ${mode}`, async () => {
        if (mode === 'refused') {
          for (const header of [false, true]) {
            const outcome = await rawCollabUpgrade(server.url, minutesDocName(m), role === 'public' ? null : tokens[role], { header });
            expect(outcome.opened, `${role} must not get a websocket`).toBe(false);
            expect([401, 403]).toContain(outcome.status);
            expect(outcome.messages).toBe(0);
          }
          return;
        }
        const live = connectLive(server.url, m, { token: tokens[role] });
        lives.push(live);
        await waitSynced([live], [item], 8_000);
        const mark = ` [${role}]`;
        const user = await userOf(server, tokens[role]);
        const rows = () => server.app.orm.em.fork().count(DocumentUpdate, { docName: minutesDocName(m), userId: user.id });
        live.text(item, 'decision').insert(live.text(item, 'decision').length, mark);
        if (mode === 'read-write') {
          await waitFor(async () => (await decisionText()).includes(mark), `${role}'s edit to be stored`, 5_000);
          expect(await rows()).toBeGreaterThan(0);
          expect(live.denials).toEqual([]);
        } else {
          await roundTrip(live);
          await sleep(600); // longer than the 250 ms debounce
          await server.app.live.binding.flush();
          expect(await decisionText()).not.toContain(mark);
          expect(await rows()).toBe(0);
          expect(live.denials.length).toBeGreaterThan(0);
          expect(live.provider.wsconnected).toBe(true);
        }
      });
    }
  });
});

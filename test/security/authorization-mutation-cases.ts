/** What each mutation of the authorisation matrix is called with: the targets it builds and the operation. */
import { MembershipRole, ReferenceKind } from '../../schema/enums.js';
import type { Fixture, Fixtures } from './authorization-fixtures.js';

export interface MutationCase {
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

export const CASES: Record<string, MutationCase> = {
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
  moveAttachment: {
    setup: async (f, fx) => {
      const { m } = await f.meeting(fx, 'PLANNED', ['Sak']);
      await f.attachment(m);
      return { a: await f.attachment(m) };
    },
    mutation: `mutation ($a: ID!) { moveAttachment(id: $a, number: 1) { id number } }`,
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
  setAttachmentPublic: {
    setup: async (f, fx) => {
      const { m, items } = await f.meeting(fx, 'PLANNED', ['Sak']);
      return { a: await f.attachment(m, items) };
    },
    mutation: `mutation ($a: ID!) { setAttachmentPublic(input: { attachmentId: $a, public: false, legalBasis: "Offl. § 13" }) { id public } }`,
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
  'resourceLink (innkalling of a PLANNED meeting)': {
    setup: async (f, fx) => ({ p: `/meetings/${(await f.meeting(fx)).m}/innkalling.pdf` }),
    mutation: `mutation ($p: String!) { resourceLink(path: $p) { path } }`,
    changesNothing: true,
  },
  'collabTicket (HELD meeting)': {
    setup: async (f, fx) => ({ m: (await f.meeting(fx, 'HELD')).m }),
    mutation: `mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket } }`,
    changesNothing: true,
  },
  rotateCalendarFeeds: {
    setup: async () => ({}),
    mutation: `mutation { rotateCalendarFeeds }`,
    changesNothing: true,
  },
};

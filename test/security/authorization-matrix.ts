/**
 * The authorisation matrix (acceptance 1): who may call what. Every mutation of schema/schema.graphql, the queries
 * of non-public data, every subscription, every collab connection mode and the package downloads, for six callers:
 * an administrator, a secretary of Rådmannsgruppen (the body the targets belong to), a secretary of Styringsgruppen
 * (another body), a member of Rådmannsgruppen, the public (no token) and an invalid token (a well-formed JWT signed
 * with another key).
 * The tests that check each part are the authorization-*.test.ts files beside this one.
 */
import { ROLES, type Role } from '../helpers/roles.js';

export type Cell = 'allow' | 'deny:UNAUTHENTICATED' | 'deny:FORBIDDEN' | 'deny:NOT_FOUND' | 'redacted';
const ALLOW: Cell = 'allow';
const UNAUTH: Cell = 'deny:UNAUTHENTICATED';
const FORBID: Cell = 'deny:FORBIDDEN';
const HIDDEN: Cell = 'deny:NOT_FOUND';
/** The query answers, but without the non-public parts (the public's view). */
const REDACT: Cell = 'redacted';

export type Row = [operation: string, admin: Cell, secretaryRG: Cell, secretarySG: Cell, memberRG: Cell, anonymous: Cell, invalidToken: Cell];

/** Mutations, on targets that belong to Rådmannsgruppen. */
export const MUTATIONS: Row[] = [
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
  ['moveAttachment',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
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
  ['setAttachmentPublic',     ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['setAttendance',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['setMinutesText',          ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['setNoticeApproval',       ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['unlinkAttachment',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['updateAgendaItem',        ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['updateMeeting',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['updatePerson',            ALLOW,  ALLOW,   ALLOW,   FORBID,   UNAUTH, UNAUTH],
  ['updateSubItem',           ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  // Links that stand in for the token where a header cannot go: they change nothing, and are refused as reads are.
  ['resourceLink (innkalling of a PLANNED meeting)', ALLOW, ALLOW, HIDDEN, ALLOW,   HIDDEN, UNAUTH],
  ['collabTicket (HELD meeting)',                    ALLOW, ALLOW, FORBID, ALLOW,   UNAUTH, UNAUTH],
  ['rotateCalendarFeeds',                            ALLOW, ALLOW, ALLOW,  ALLOW,   UNAUTH, UNAUTH],
];

/** Queries of non-public data (PUBLISH_DRAFT_MINUTES=false). NOT_FOUND where existence is hidden. */
export const QUERIES: Row[] = [
  // operation                                         admin   secr.RG  secr.SG  memberRG  public  invalid token
  ['meeting(id) of a PLANNED meeting',                 ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['agendaItem(id) of a non-public item',              ALLOW,  ALLOW,   REDACT,  ALLOW,    REDACT, UNAUTH],
  ['draft referat: decision text and attendance',      ALLOW,  ALLOW,   REDACT,  ALLOW,    REDACT, UNAUTH],
  ['minutesVersions(meetingId)',                       ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['minutesVersion(id)',                               ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['auditLog(meetingId)',                              ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
  ['auditLogConnection(meetingId)',                    ALLOW,  ALLOW,   FORBID,  FORBID,   UNAUTH, UNAUTH],
];

/**
 * Downloads over HTTP (GET, the token in the Authorization header). NOT_FOUND where existence is hidden; 'redacted':
 * the public package (X-Package-Variant: public), without the closed sak's vedlegg.
 */
export const DOWNLOADS: Row[] = [
  // operation                                         admin   secr.RG  secr.SG  memberRG  public  invalid token
  ['innkalling-package.pdf of a PLANNED meeting',      ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['innkalling-package.zip of a PLANNED meeting',      ALLOW,  ALLOW,   HIDDEN,  ALLOW,    HIDDEN, UNAUTH],
  ['innkalling-package.pdf with a closed sak',         ALLOW,  ALLOW,   REDACT,  ALLOW,    REDACT, UNAUTH],
  ['innkalling-package.zip with a closed sak',         ALLOW,  ALLOW,   REDACT,  ALLOW,    REDACT, UNAUTH],
];

/** Subscriptions: 'allow' receives the event after a mutation, 'deny' receives nothing. */
export const SUBSCRIPTIONS: Row[] = [
  // operation                                         admin   secr.RG  secr.SG  memberRG  public  invalid token
  ['decisionUpdated (HELD meeting, draft referat)',    ALLOW,  ALLOW,   FORBID,  ALLOW,    UNAUTH, UNAUTH],
  ['agendaChanged (PLANNED meeting)',                  ALLOW,  ALLOW,   FORBID,  ALLOW,    UNAUTH, UNAUTH],
  ['agendaChanged (HELD meeting: the agenda is public)', ALLOW, ALLOW,  ALLOW,   ALLOW,    ALLOW,  UNAUTH],
  ['attendanceChanged (HELD meeting, draft referat)',  ALLOW,  ALLOW,   FORBID,  ALLOW,    UNAUTH, UNAUTH],
];

/** Live referat connections (ws /collab/minutes:<id>). */
export type CollabMode = 'read-write' | 'read-only' | 'refused';
export const COLLAB: Array<[role: Role, mode: CollabMode]> = [
  ['admin', 'read-write'],
  ['secretaryRG', 'read-write'],
  ['secretarySG', 'refused'],
  ['memberRG', 'read-only'],
  ['public', 'refused'],
  ['invalidToken', 'refused'],
];

export const cellOf = (row: Row, role: Role): Cell => row[1 + ROLES.indexOf(role)] as Cell;

/** A test title that shows a row: every role with its cell. */
export const rowTitle = (row: Row, show: (cell: Cell) => string = (cell) => cell): string =>
  `${row[0]}: ${ROLES.map((r) => `${r} ${show(cellOf(row, r))}`).join(', ')}`;

/** Runs a row's check for every caller in turn; a failure names the row and the caller. */
export async function checkEveryRole(row: Row, check: (role: Role, cell: Cell) => Promise<unknown>): Promise<void> {
  for (const role of ROLES) {
    try {
      await check(role, cellOf(row, role));
    } catch (error) {
      (error as Error).message = `${row[0]} as ${role}: ${(error as Error).message}`;
      throw error;
    }
  }
}

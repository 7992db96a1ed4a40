/**
 * What search may show whom: the one place that turns the read policy (`can`, server/auth/policies.ts) into index
 * audiences and query scopes.
 *
 * The index keeps, per meeting, item and sub-item, one entry per audience whose view differs: what the body's readers
 * see (everything), what the public sees before it may read the referat (the innkalling: no notes, vedtak or
 * protocol), and what it sees once it may (the referat). The texts of the public entries are made by the same
 * presenters that redact GraphQL answers (server/graphql/presenters.ts), so a closed item's public entry holds its
 * number, public title and legal basis only, and its sub-items have none. At query time each viewer gets, per
 * meeting, exactly one of these: the readers' entry for the bodies they read all of, else the public entry that
 * matches the meeting's status, if the meeting is visible to them at all.
 */
import type { Meeting } from '../../schema/entities/index.js';
import { MeetingStatus } from '../../schema/enums.js';
import { can } from '../auth/policies.js';
import { PUBLIC_VIEWER, SYSTEM_VIEWER, type Viewer } from '../auth/viewer.js';

export type Audience = 'readers' | 'publicNotice' | 'publicMinutes';

/** A viewer to present the meeting as, for one audience. */
export interface Lens {
  audience: Audience;
  viewer: Viewer;
}

/** The public of a deployment that publishes draft minutes: the widest a public reader can see. */
const DRAFT_PUBLIC: Viewer = Object.freeze({ ...PUBLIC_VIEWER, seesDraftMinutes: true });

type MeetingLike = Pick<Meeting, 'status'> & { body: { id: string } };

/**
 * The audiences the index needs for a meeting in its present status: always its readers; the public's innkalling view
 * while some public may see the meeting but not its referat; the public's referat view once some public may read it.
 */
export function lensesOf(meeting: MeetingLike): Lens[] {
  const lenses: Lens[] = [{ audience: 'readers', viewer: SYSTEM_VIEWER }];
  if (!can.readMeeting(PUBLIC_VIEWER, meeting)) return lenses;
  if (!can.readMinutes(PUBLIC_VIEWER, meeting)) lenses.push({ audience: 'publicNotice', viewer: PUBLIC_VIEWER });
  if (can.readMinutes(DRAFT_PUBLIC, meeting)) lenses.push({ audience: 'publicMinutes', viewer: DRAFT_PUBLIC });
  return lenses;
}

/** Which index entries a viewer may find (turned into SQL by the stores). */
export interface SearchScope {
  /** Reads everything everywhere (an administrator). */
  allBodies: boolean;
  /** Bodies whose readers' entries the viewer gets. */
  readerBodies: string[];
  /** Elsewhere: meeting statuses in which the viewer gets the public's referat entries. */
  minutesStatuses: MeetingStatus[];
  /** Elsewhere: meeting statuses in which the viewer gets the public's innkalling entries. */
  noticeStatuses: MeetingStatus[];
}

/** A body id nobody has a role in: asks `can` what a viewer may see of a body that is not theirs. */
const NO_BODY = { id: '00000000-0000-0000-0000-000000000000' };

export function searchScope(viewer: Viewer): SearchScope {
  const scope: SearchScope = {
    allBodies: can.readAllOf(viewer, NO_BODY.id),
    readerBodies: [...viewer.roles.keys()].filter((bodyId) => can.readAllOf(viewer, bodyId)),
    minutesStatuses: [],
    noticeStatuses: [],
  };
  for (const status of Object.values(MeetingStatus)) {
    const meeting = { status, body: NO_BODY };
    if (!can.readMeeting(viewer, meeting)) continue;
    if (can.readMinutes(viewer, meeting)) scope.minutesStatuses.push(status);
    else scope.noticeStatuses.push(status);
  }
  return scope;
}

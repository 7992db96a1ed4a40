import type { EntityManager } from '@mikro-orm/core';
import { RoleGrant, User } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import type { TokenService } from './tokens.js';
import { RowReader } from '../db/rows.js';
import { isUuid } from '../../schema/ids.js';
import { viewerCacheOf, type UserFacts } from './viewer-cache.js';

/** Who is asking: a signed-in user with their roles per body, or the public. */
export interface Viewer {
  userId: string | null;
  name: string | null;
  isAdmin: boolean;
  /** Role per body id. */
  roles: ReadonlyMap<string, BodyRole>;
  /** The deployment publishes held meetings' referat before approval (PUBLISH_DRAFT_MINUTES). */
  seesDraftMinutes?: boolean;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ userId: null, name: null, isAdmin: false, roles: new Map() });

/** The system itself (seeding, imports run by an operator). */
export const SYSTEM_VIEWER: Viewer = Object.freeze({ userId: null, name: 'system', isAdmin: true, roles: new Map() });

export class AuthenticationError extends Error {}

/**
 * Resolves a bearer token to a viewer. No token is the public; a token that is invalid, expired, revoked or of a
 * disabled user is an error (a client should know its token no longer works rather than silently see less).
 */
export async function viewerFromToken(
  em: EntityManager,
  tokens: TokenService,
  token: string | null | undefined,
  publishDraftMinutes = false,
): Promise<Viewer> {
  if (!token) return publishDraftMinutes ? { ...PUBLIC_VIEWER, seesDraftMinutes: true } : PUBLIC_VIEWER;
  const claims = await tokens.verify(token);
  if (!claims) throw new AuthenticationError('The token is invalid or has expired. Sign in again.');
  return viewerOfUser(em, claims, publishDraftMinutes);
}

/**
 * The viewer a verified token or signed link acts for, with the user's roles as they are now. Refused like a token:
 * an unknown or disabled user, a link issued before the user's tokens were revoked, and (calendar feeds) a link
 * signed with another feed version than the user's current one.
 */
export async function viewerOfUser(
  em: EntityManager,
  claims: { userId: string; issuedAt: Date; feedVersion?: number },
  publishDraftMinutes = false,
): Promise<Viewer> {
  // The user and their grants in one read-only statement (every HTTP request and subscription does this), or from
  // the cache while the database is unchanged (viewer-cache.ts).
  const { user, grants } = isUuid(claims.userId)
    ? await viewerCacheOf<User>(em).facts(em, claims.userId.toLowerCase(), () => readUser(em, claims.userId.toLowerCase()))
    : { user: null, grants: [] };
  if (!user || user.disabledAt) throw new AuthenticationError('The token belongs to no active user. Sign in again.');
  if (user.tokensValidFrom && claims.issuedAt.getTime() < user.tokensValidFrom.getTime() - 1000) {
    throw new AuthenticationError('The token has been revoked. Sign in again.');
  }
  if (claims.feedVersion !== undefined && claims.feedVersion !== user.calendarFeedVersion) {
    throw new AuthenticationError('This calendar link has been replaced by a new one. Get the new address in motebok.');
  }
  return {
    userId: user.id,
    name: user.name,
    isAdmin: user.isAdmin,
    roles: new Map(grants as [string, BodyRole][]),
    seesDraftMinutes: publishDraftMinutes,
  };
}

/** A user (null if unknown) and their grants as body id → role. */
async function readUser(em: EntityManager, userId: string): Promise<UserFacts<User>> {
  const rows = new RowReader(em);
  const found = await rows.rows(
    `select ${rows.columnsAs(User, 'u', 'u__')}, g.${rows.column(RoleGrant, 'body')} as ${rows.q('g__body')}, ` +
      `g.${rows.column(RoleGrant, 'role')} as ${rows.q('g__role')} from ${rows.table(User)} u ` +
      `left join ${rows.table(RoleGrant)} g on g.${rows.column(RoleGrant, 'user')} = u.${rows.column(User, 'id')} ` +
      `where u.${rows.column(User, 'id')} = ?`,
    [userId],
  );
  return {
    user: found.length ? rows.map(User, [found[0]!], 'u__')[0]! : null,
    grants: found.filter((r) => r.g__body != null).map((r) => [r.g__body as string, r.g__role as string]),
  };
}

/** "Bearer xyz" → "xyz". */
export function bearer(header: string | undefined | null): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/**
 * A member's own address of a body's calendar feed: `/calendar/<slug>.ics?feed=<link>`, a link signed for that feed
 * and that user, with no expiry (a calendar app keeps polling it for years) but revocable: it carries the user's
 * feed version, and `rotateCalendarFeeds` raises the version, so every earlier feed link of the user stops at once.
 * Revoking the user's tokens or disabling the user stops it too. Why a signed link with a version counter rather than
 * a stored secret per feed: nothing secret is stored (a database dump grants no feed), it needs one integer per user,
 * and it is scoped to one feed by its signature. What the feed holds is decided when it is fetched, by the read
 * policy with the user's roles at that moment.
 */
import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/core';
import { User } from '../../schema/entities/index.js';
import { PathSigner, type PathClaims } from '../auth/signed-paths.js';
import { AppError } from '../errors.js';

/** The query parameter that carries a feed link. */
export const FEED_PARAM = 'feed';

export const calendarPath = (bodySlug: string) => `/calendar/${bodySlug}.ics`;

export class CalendarFeedLinks {
  private readonly signer: PathSigner;

  constructor(authSecret: Uint8Array) {
    this.signer = new PathSigner(authSecret, 'calendar feeds');
  }

  /** The path and query of the user's feed of a body, signed with the user's current feed version. */
  async pathFor(em: EntityManager, userId: string, bodySlug: string): Promise<string> {
    const user = await em.findOneOrFail(User, { id: userId });
    const path = calendarPath(bodySlug);
    const { token } = await this.signer.sign(path, { userId, ttlSeconds: null, version: user.calendarFeedVersion });
    return `${path}?${FEED_PARAM}=${token}`;
  }

  /** The feed link of a request for exactly its path; null without one; UNAUTHENTICATED for a bad one. */
  async claimsOf(req: Request): Promise<(PathClaims & { userId: string; version: number }) | null> {
    const feed = req.query[FEED_PARAM];
    if (feed === undefined) return null;
    const path = new URL(req.originalUrl, 'http://motebok.invalid').pathname;
    const claims = typeof feed === 'string' ? await this.signer.verify(path, feed) : null;
    if (!claims?.userId || claims.version === undefined) {
      throw new AppError('UNAUTHENTICATED', 'This calendar link is not valid for this feed. Get your feed address in motebok.', { http: { status: 401 } });
    }
    return claims as PathClaims & { userId: string; version: number };
  }
}

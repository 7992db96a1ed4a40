/**
 * Everything that stands in for a bearer token where a header cannot go: signed download links, calendar feed links
 * and collab tickets, and how a plain HTTP request finds its viewer from them. A bearer token is accepted only in
 * the Authorization header (and graphql-ws connectionParams); `?token=` is refused with a coded error.
 */
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { CalendarFeedLinks } from '../calendar/feed-links.js';
import { AppError } from '../errors.js';
import { CollabTickets, memoryUseOnce, redisUseOnce } from './collab-tickets.js';
import { refuseTokenInUrl, ResourceLinks } from './resource-links.js';
import { AuthenticationError, bearer, type Viewer } from './viewer.js';

export interface Links {
  resources: ResourceLinks;
  tickets: CollabTickets;
  feeds: CalendarFeedLinks;
  /** Base address for absolute URLs (PUBLIC_URL, or where the server listens). */
  publicUrl(): string;
}

export function createLinks(authSecret: Uint8Array, redis: Redis | null, publicUrl: () => string): Links {
  return {
    resources: new ResourceLinks(authSecret),
    tickets: new CollabTickets(authSecret, redis ? redisUseOnce(redis) : memoryUseOnce()),
    feeds: new CalendarFeedLinks(authSecret),
    publicUrl,
  };
}

/** Who a verified link or ticket acts for (null: the public), looked up now: current roles, revocation, feed version. */
export type ViewerOfClaims = (claims: { userId: string | null; issuedAt: Date; feedVersion?: number }) => Promise<Viewer>;

/** Turns the user lookup's refusal into UNAUTHENTICATED (HTTP 401). */
export function unauthenticatedOnFailure<A extends unknown[]>(fn: (...args: A) => Promise<Viewer>): (...args: A) => Promise<Viewer> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof AuthenticationError) throw new AppError('UNAUTHENTICATED', err.message, { http: { status: 401 } });
      throw err;
    }
  };
}

/** The viewer of plain HTTP requests: downloads (header or `?sig=`) and calendar feeds (header or `?feed=`). */
export function requestViewers(links: Links, viewerOf: (token: string | null) => Promise<Viewer>, viewerOfClaims: ViewerOfClaims) {
  return {
    async download(req: Request): Promise<Viewer> {
      refuseTokenInUrl(req);
      const token = bearer(req.headers.authorization);
      if (token) return viewerOf(token);
      const claims = await links.resources.claimsOf(req);
      return claims ? viewerOfClaims(claims) : viewerOf(null);
    },
    async calendar(req: Request): Promise<Viewer> {
      refuseTokenInUrl(req);
      const token = bearer(req.headers.authorization);
      if (token) return viewerOf(token);
      const claims = await links.feeds.claimsOf(req);
      return claims ? viewerOfClaims({ userId: claims.userId, issuedAt: claims.issuedAt, feedVersion: claims.version }) : viewerOf(null);
    },
  };
}

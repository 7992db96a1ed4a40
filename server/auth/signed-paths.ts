/**
 * Tokens that grant one path to one viewer (HS256 JWTs under a key derived for one purpose): the bearer token never
 * goes into a URL; a link names the path it is good for, the user it acts for, and when it expires. What the user may
 * read is decided again when the link is used (their current roles, the read policy), so a link grants no more than
 * its user may see at that moment. Used by download links, calendar feed links and collab tickets.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { purposeKey } from './purpose-key.js';

/** What a verified link says. */
export interface PathClaims {
  /** The user the link acts for; null: the public. */
  userId: string | null;
  issuedAt: Date;
  /** A counter the link was signed with (calendar feeds: the user's feed version). */
  version?: number;
  /** A unique id (collab tickets: what makes them single-use). */
  id?: string;
  expiresAt: Date | null;
}

export interface SignOptions {
  userId: string | null;
  /** Lifetime; null: no expiry (revoked by other means, e.g. a version counter). */
  ttlSeconds: number | null;
  version?: number;
  /** Give the token a unique id (jti). */
  unique?: boolean;
}

export class PathSigner {
  private readonly key: Uint8Array;
  private readonly audience: string;

  constructor(authSecret: Uint8Array, purpose: string) {
    this.key = purposeKey(authSecret, purpose);
    this.audience = `motebok:${purpose}`;
  }

  /** A token for exactly `path` (a URL path without query, as it will be requested). */
  async sign(path: string, opts: SignOptions): Promise<{ token: string; expiresAt: Date | null }> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { path };
    if (opts.version !== undefined) claims.ver = opts.version;
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setAudience(this.audience).setIssuedAt(now);
    if (opts.userId) jwt.setSubject(opts.userId);
    if (opts.unique) jwt.setJti(randomUUID());
    const exp = opts.ttlSeconds === null ? null : now + opts.ttlSeconds;
    if (exp !== null) jwt.setExpirationTime(exp);
    return { token: await jwt.sign(this.key), expiresAt: exp === null ? null : new Date(exp * 1000) };
  }

  /** The claims of a valid, unexpired token signed for exactly `path`; null for anything else. */
  async verify(path: string, token: string): Promise<PathClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: this.audience, algorithms: ['HS256'] });
      if (payload.path !== path || typeof payload.iat !== 'number') return null;
      if (payload.ver !== undefined && typeof payload.ver !== 'number') return null;
      return {
        userId: typeof payload.sub === 'string' ? payload.sub : null,
        issuedAt: new Date(payload.iat * 1000),
        version: payload.ver as number | undefined,
        id: typeof payload.jti === 'string' ? payload.jti : undefined,
        expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
      };
    } catch (err) {
      if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }
}

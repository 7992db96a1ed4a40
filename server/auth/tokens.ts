import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'motebok';
const AUDIENCE = 'motebok';

export interface TokenClaims {
  userId: string;
  issuedAt: Date;
}

/** Verified tokens remembered at most (a client sends the same token with every request). */
const VERIFIED_CACHE_SIZE = 1000;

/** Signs and verifies bearer tokens (HS256 JWT): the subject is the user id. */
export class TokenService {
  /**
   * Tokens whose signature and claims were verified, with their expiry (s since the epoch). Verification is a pure
   * function of the token and the key, so a byte-identical token needs it once; only the expiry is checked again.
   * The user behind it (disabled, revoked) is still looked up on every request.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; exp: number }>();

  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  async issue(userId: string, ttlSeconds = this.ttlSeconds): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The claims of a valid token, or null for a forged, expired or malformed one. */
  async verify(token: string): Promise<TokenClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      // The same rule as jose's: expired once exp <= now in whole seconds.
      if (known.exp > Math.floor(Date.now() / 1000)) return known.claims;
      this.verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (!payload.sub || typeof payload.iat !== 'number') return null;
      const claims: TokenClaims = Object.freeze({ userId: payload.sub, issuedAt: new Date(payload.iat * 1000) });
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { claims, exp: typeof payload.exp === 'number' ? payload.exp : Infinity });
      return claims;
    } catch (err) {
      if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }
}

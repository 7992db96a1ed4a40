import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'motebok';
const AUDIENCE = 'motebok';

export interface TokenClaims {
  userId: string;
  issuedAt: Date;
}

/** Signs and verifies bearer tokens (HS256 JWT): the subject is the user id. */
export class TokenService {
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
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (!payload.sub || typeof payload.iat !== 'number') return null;
      return { userId: payload.sub, issuedAt: new Date(payload.iat * 1000) };
    } catch (err) {
      if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }
}

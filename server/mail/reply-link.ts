import { jwtVerify, SignJWT } from 'jose';
import { purposeKey } from '../auth/purpose-key.js';

const AUDIENCE = 'motebok:forfall';

/**
 * Signed links by which a recipient of an innkalling reports forfall without signing in. The key is derived from the
 * auth secret for this purpose only, so a link can never pass as a sign-in token (and the other way round).
 */
export class ReplyLinks {
  private readonly key: Uint8Array;

  constructor(authSecret: Uint8Array) {
    this.key = purposeKey(authSecret, 'forfall links');
  }

  /** A token for one delivery (recipient and meeting), valid until a day after the meeting starts (two weeks at least). */
  issue(deliveryId: string, meetingStartsAt: Date): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(deliveryId)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Math.max(meetingStartsAt.getTime() + 86_400_000, Date.now() + 14 * 86_400_000) / 1000))
      .sign(this.key);
  }

  /** The delivery id of a valid token, or null. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: AUDIENCE, algorithms: ['HS256'] });
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }
}

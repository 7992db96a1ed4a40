/**
 * Tickets for the live referat's websocket. A browser cannot set headers on a WebSocket, and a bearer token in the
 * URL would end in logs and history; so the editor asks GraphQL (with its header) for a ticket for one meeting's
 * document and opens `/collab/minutes:<id>?ticket=<ticket>`. A ticket is good for that document only, for one
 * minute, and once: the first upgrade that presents it claims its id (in memory on a single instance, in Redis
 * when several instances share the work, so it cannot be used once per instance). The upgrade then looks the user
 * up again and asks the read policy (liveAccess) as for a header.
 */
import type { Redis } from 'ioredis';
import { COLLAB_PATH_PREFIX } from '../../collab/http-upgrade.js';
import { PathSigner, type PathClaims } from './signed-paths.js';

/** The query parameter that carries a ticket. */
export const TICKET_PARAM = 'ticket';
export const TICKET_TTL_SECONDS = 60;

/** Remembers which ticket ids have been used, for as long as the ticket could be valid. */
export interface UseOnce {
  /** True the first time `id` is claimed (until `ttlMs` has passed); false afterwards. */
  claim(id: string, ttlMs: number): Promise<boolean>;
}

/** One instance: a map of used ids, pruned as they expire. */
export function memoryUseOnce(): UseOnce {
  const used = new Map<string, number>();
  return {
    async claim(id, ttlMs) {
      const now = Date.now();
      for (const [key, until] of used) if (until <= now) used.delete(key);
      if (used.has(id)) return false;
      used.set(id, now + ttlMs);
      return true;
    },
  };
}

/** Several instances: `SET NX` in Redis is atomic across them. Redis away: the ticket is refused (fails closed). */
export function redisUseOnce(redis: Redis): UseOnce {
  return {
    async claim(id, ttlMs) {
      return (await redis.set(`motebok:collab-ticket:${id}`, '1', 'PX', Math.max(1, ttlMs), 'NX')) === 'OK';
    },
  };
}

export class CollabTickets {
  private readonly signer: PathSigner;

  constructor(
    authSecret: Uint8Array,
    private readonly used: UseOnce,
    private readonly ttlSeconds = TICKET_TTL_SECONDS,
  ) {
    this.signer = new PathSigner(authSecret, 'collab tickets');
  }

  /** A ticket for one user on one document (the caller checked that the user may open it). */
  async issue(docName: string, userId: string): Promise<{ ticket: string; expiresAt: Date }> {
    const { token, expiresAt } = await this.signer.sign(COLLAB_PATH_PREFIX + docName, { userId, ttlSeconds: this.ttlSeconds, unique: true });
    return { ticket: token, expiresAt: expiresAt! };
  }

  /** The claims of a valid ticket for `docName` that has not been used yet (and is now used); null otherwise. */
  async redeem(docName: string, ticket: string): Promise<(PathClaims & { userId: string }) | null> {
    const claims = await this.signer.verify(COLLAB_PATH_PREFIX + docName, ticket);
    if (!claims?.userId || !claims.id || !claims.expiresAt) return null;
    const ttlMs = claims.expiresAt.getTime() - Date.now() + 1000;
    if (!(await this.used.claim(claims.id, ttlMs).catch(() => false))) return null;
    return claims as PathClaims & { userId: string };
  }
}

/**
 * Typed transaction origins for collaborative documents, so that observers (hooks, the later binding to the
 * GraphQL model) can tell client typing from server-applied changes and from state read back from the log.
 */

/** A change a websocket client sent. */
export interface ClientOrigin {
  readonly kind: 'client';
  readonly connectionId: string;
  readonly userId: string | null;
}

/** A change made by the server itself (layout, GraphQL mutations, imports). */
export interface ServerOrigin {
  readonly kind: 'server';
  readonly reason: string;
  readonly userId?: string | null;
}

/** State read from the durable log (loading, filling a gap); already stored, never logged again. */
export interface StoreOrigin {
  readonly kind: 'store';
}

export type CollabOrigin = ClientOrigin | ServerOrigin | StoreOrigin;

export function clientOrigin(connectionId: string, userId: string | null): ClientOrigin {
  return Object.freeze({ kind: 'client', connectionId, userId });
}

export function serverOrigin(reason: string, userId: string | null = null): ServerOrigin {
  return Object.freeze({ kind: 'server', reason, userId });
}

export const STORE_ORIGIN: StoreOrigin = Object.freeze({ kind: 'store' });

export function isCollabOrigin(value: unknown): value is CollabOrigin {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'client' || kind === 'server' || kind === 'store';
}

/** Changes made in a transaction without a typed origin are logged as this. */
export const UNTYPED_SERVER_ORIGIN: ServerOrigin = serverOrigin('untyped');

/** Normalises any transaction origin: typed origins pass through, anything else is an untyped server change. */
export function toCollabOrigin(value: unknown): CollabOrigin {
  return isCollabOrigin(value) ? value : UNTYPED_SERVER_ORIGIN;
}

/** The `origin` column of a logged update: the connection id, or "server:<reason>". */
export function originLabel(origin: ClientOrigin | ServerOrigin): string {
  return origin.kind === 'client' ? origin.connectionId : `server:${origin.reason}`;
}

export function originUserId(origin: ClientOrigin | ServerOrigin): string | null {
  return origin.userId ?? null;
}

/** Whether two origins may share one log row (same connection, or same server reason and user). */
export function sameOrigin(a: ClientOrigin | ServerOrigin, b: ClientOrigin | ServerOrigin): boolean {
  if (a === b) return true;
  if (a.kind === 'client' || b.kind === 'client') {
    return a.kind === 'client' && b.kind === 'client' && a.connectionId === b.connectionId;
  }
  return a.reason === b.reason && (a.userId ?? null) === (b.userId ?? null);
}

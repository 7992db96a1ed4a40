/**
 * Shared pieces of the security acceptance tests (not a test file itself): tokens for the roles the policy knows,
 * raw websocket upgrades, y-websocket providers and graphql-ws clients that carry a given token, and permission-denied
 * recording.
 */
import { randomBytes } from 'node:crypto';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import { WebSocket } from 'ws';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { User } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { getMinutesText, itemsMap, minutesDocName } from '../../schema/ydoc-layout.js';
import { TokenService } from '../../server/auth/tokens.js';
import type { TestServer } from '../helpers/app.js';
import { connectLive, roundTrip, sleep, waitFor, waitSynced, type LiveClient } from '../live/helpers.js';

export { sleep, waitFor };

/** The roles of the authorisation matrix. */
export type Role = 'admin' | 'secretaryRG' | 'secretarySG' | 'memberRG' | 'public' | 'invalidToken';
export const ROLES: Role[] = ['admin', 'secretaryRG', 'secretarySG', 'memberRG', 'public', 'invalidToken'];

/** What gql() takes as `as`: a token, or 'public' for none. */
export type Tokens = Record<Role, string>;

/**
 * One token per role: an administrator, a secretary of Rådmannsgruppen, a secretary of Styringsgruppen, a member of
 * Rådmannsgruppen, no token at all, and a well-formed token signed with another key (invalid).
 */
export async function roleTokens(server: TestServer): Promise<Tokens> {
  const [admin, secretaryRG, secretarySG, memberRG] = await Promise.all([
    server.tokenFor('ADMIN'),
    server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
    server.tokenFor(BodyRole.SECRETARY, 'styringsgruppen'),
    server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen'),
  ]);
  // A real user's id, signed with a key the server does not have.
  const claims = await server.app.tokens.verify(admin);
  const forged = await new TokenService(randomBytes(32), 3600).issue(claims!.userId);
  return { admin, secretaryRG, secretarySG, memberRG, public: 'public', invalidToken: forged };
}

/** The user behind a token (id and name). */
export async function userOf(server: TestServer, token: string): Promise<{ id: string; name: string }> {
  const claims = await server.app.tokens.verify(token);
  if (!claims) throw new Error('not a valid token of this server');
  const user = await server.app.orm.em.fork().findOneOrFail(User, { id: claims.userId });
  return { id: user.id, name: user.name };
}

export const wsBase = (url: string) => url.replace(/^http/, 'ws');

/** The 14.09.2017 meeting of Rådmannsgruppen and its items by number, read as the administrator. */
export async function seedMeetingOf(server: TestServer): Promise<{ id: string; items: Map<string, { id: string; number: string }> }> {
  const data = await server.ok<{ meetings: Array<{ id: string; startsAt: string; agendaItems: Array<{ id: string; number: string }> }> }>(
    `{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt agendaItems { id number } } }`,
  );
  const m = data.meetings.find((x) => x.startsAt.startsWith('2017-09-14'));
  if (!m) throw new Error('the seed meeting of 14.09.2017 is missing');
  return { id: m.id, items: new Map(m.agendaItems.map((i) => [i.number, i])) };
}

// ---------------------------------------------------------------------------------------------------------------
// Raw websocket upgrades

export interface UpgradeOutcome {
  /** HTTP status of a refused upgrade, or 101 when it was accepted. */
  status: number;
  /** Messages (frames) that arrived before we gave up listening. */
  messages: number;
  opened: boolean;
}

/**
 * Opens /collab/<docName> with a raw `ws` client (token as ?token= unless told to send it as a header) and reports
 * how the upgrade went and whether any frame arrived within `listenMs`.
 */
export async function rawCollabUpgrade(
  url: string,
  docName: string,
  token: string | null,
  opts: { header?: boolean; listenMs?: number } = {},
): Promise<UpgradeOutcome> {
  const query = token && !opts.header ? `?token=${encodeURIComponent(token)}` : '';
  const headers = token && opts.header ? { authorization: `Bearer ${token}` } : undefined;
  const ws = new WebSocket(`${wsBase(url)}/collab/${docName}${query}`, { headers });
  const outcome: UpgradeOutcome = { status: 0, messages: 0, opened: false };
  ws.on('message', () => outcome.messages++);
  await new Promise<void>((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      outcome.status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      setTimeout(resolve, 500).unref();
    });
    ws.on('open', () => {
      outcome.opened = true;
      outcome.status = 101;
      setTimeout(resolve, opts.listenMs ?? 300);
    });
    ws.on('error', () => resolve());
    ws.on('close', () => resolve());
  });
  ws.terminate();
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// y-websocket providers with a token

export type Live = LiveClient;

/** A real WebsocketProvider on a meeting's referat, authenticated with `token` (y-websocket's `params`), or none. */
export function liveAs(url: string, meetingId: string, token: string | null): Live {
  return connectLive(url, meetingId, { token });
}

export function synced(clients: Live[], itemIds: string[] = [], timeoutMs = 8_000): Promise<void> {
  return waitSynced(clients, itemIds, timeoutMs);
}

export { roundTrip };

// ---------------------------------------------------------------------------------------------------------------
// graphql-ws

/** A graphql-ws client sending `token` in connectionParams ({ token }); 'public' sends none. */
export function wsClientAs(url: string, token: string, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: `${wsBase(url)}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token === 'public' ? undefined : { token },
    ...options,
  });
}

export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  stop(): void;
}

export function subscribe<T = Record<string, unknown>>(client: Client, query: string, variables: Record<string, unknown>): Subscription<T> {
  const sub: Subscription<T> = { events: [], errors: [], completed: false, stop: () => undefined };
  sub.stop = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        if (r.data) sub.events.push(r.data as T);
        if (r.errors) sub.errors.push(r.errors);
      },
      error: (e) => sub.errors.push(e),
      complete: () => (sub.completed = true),
    },
  );
  return sub;
}

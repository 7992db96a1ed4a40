/** GraphQL subscriptions as tests speak them: one graphql-ws client and one recorder of what a subscription delivers. */
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import { WebSocket } from 'ws';
import { serverTokens } from './graphql.js';

/** The ws:// (or wss://) form of a server's http:// base URL. */
export const wsBase = (url: string) => url.replace(/^http/, 'ws');

/**
 * A graphql-ws client of the server at `baseUrl` that sends `token` in connectionParams ({ token }): by default the
 * administrator token the test registered for that server; 'public' or null sends none. No retries.
 */
export function wsClient(baseUrl: string, token: string | null = serverTokens.get(baseUrl) ?? null, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: `${wsBase(baseUrl)}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token && token !== 'public' ? { token } : undefined,
    ...options,
  });
}

export interface Subscription<T> {
  /** The data of every result, in order. */
  events: T[];
  /** Errors of results and the error the subscription ended with. */
  errors: unknown[];
  completed: boolean;
  /** The first event (already arrived or yet to come) that matches, or undefined if none came within `timeoutMs`. */
  find(pred: (event: T) => boolean, timeoutMs: number): Promise<T | undefined>;
  stop(): void;
}

/** Subscribes and records what arrives. */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown>): Subscription<T> {
  const wake: Array<() => void> = [];
  const sub: Subscription<T> = {
    events: [],
    errors: [],
    completed: false,
    stop: () => undefined,
    async find(pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = sub.events.find(pred);
        if (hit !== undefined) return hit;
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
  sub.stop = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        if (r.data) sub.events.push(r.data as T);
        if (r.errors) sub.errors.push(r.errors);
        for (const w of wake.splice(0)) w();
      },
      error: (e) => sub.errors.push(e),
      complete: () => (sub.completed = true),
    },
  );
  return sub;
}

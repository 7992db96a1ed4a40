import { WebSocket } from 'ws';

/**
 * A `WebSocket` class for y-websocket's WebSocketPolyfill that sends motebok's token in the Authorization header
 * (Node clients can; browsers cannot and use a ticket instead): no bearer token ever goes into a URL, and the server
 * refuses ?token=. Without a token: plain `ws`. The tests and the bench (bench/lib/clients.ts) both connect with it.
 */
export function bearerWebSocket(token: string | null | undefined): typeof globalThis.WebSocket {
  if (!token) return WebSocket as unknown as typeof globalThis.WebSocket;
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
    }
  } as unknown as typeof globalThis.WebSocket;
}

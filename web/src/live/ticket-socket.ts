/**
 * A WebSocket for y-websocket's `WebSocketPolyfill` that never carries the bearer token in its URL. A browser cannot
 * set headers on a WebSocket, so each connection attempt (the first one and every reconnect) first asks GraphQL,
 * with the Authorization header, for a single-use ticket for this document (`collabTicket`), then opens
 * `<url>?ticket=<ticket>`. A ticket that cannot be had (offline, signed out) counts as a failed attempt, and
 * y-websocket tries again with its backoff.
 */
export function ticketWebSocket(getTicket: () => Promise<string>): typeof WebSocket {
  class TicketSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readyState = 0;
    onopen: ((event: Event) => void) | null = null;
    onmessage: ((event: MessageEvent) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    onclose: ((event: CloseEvent) => void) | null = null;
    private real: WebSocket | null = null;
    private type: BinaryType = 'blob';
    private closed = false;

    constructor(
      readonly url: string,
      protocols?: string | string[],
    ) {
      getTicket().then(
        (ticket) => {
          if (this.closed) return;
          const target = new URL(url);
          target.searchParams.set('ticket', ticket);
          const ws = new WebSocket(target, protocols);
          ws.binaryType = this.type;
          this.real = ws;
          ws.onopen = (e) => {
            this.readyState = 1;
            this.onopen?.(e);
          };
          ws.onmessage = (e) => this.onmessage?.(e);
          ws.onerror = (e) => this.onerror?.(e);
          ws.onclose = (e) => {
            this.readyState = 3;
            this.onclose?.(e);
          };
        },
        () => {
          if (this.closed) return;
          this.readyState = 3;
          this.onerror?.(new Event('error'));
          this.onclose?.(new CloseEvent('close', { code: 1006, reason: 'no ticket for the live referat' }));
        },
      );
    }

    get binaryType(): BinaryType {
      return this.type;
    }
    set binaryType(value: BinaryType) {
      this.type = value;
      if (this.real) this.real.binaryType = value;
    }
    get bufferedAmount(): number {
      return this.real?.bufferedAmount ?? 0;
    }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (!this.real || this.readyState !== 1) throw new DOMException('The live referat is not connected.', 'InvalidStateError');
      this.real.send(data);
    }

    close(code?: number, reason?: string): void {
      this.closed = true;
      if (this.real) this.real.close(code, reason);
      this.readyState = 3;
    }
  }
  return TicketSocket as unknown as typeof WebSocket;
}

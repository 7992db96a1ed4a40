/**
 * One websocket client of one document: bounded send buffer, bounded inbound queue, strictly ordered message
 * handling, liveness for pings, and the awareness client ids it announced.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { closeReason, CloseCode } from './close-codes.js';
import { sendPrepared, type PreparedFrame } from './framed-send.js';
import { clientOrigin, type ClientOrigin } from './origins.js';
import { backlogOf, mayQueue, STALLED_CLOSE_GRACE_MS } from './outgoing-limit.js';

/** Handles one frame; may return a promise, and the next frame waits for it. */
export type FrameHandler = (connection: Connection, frame: Uint8Array) => void | Promise<void>;

export interface ConnectionLimits {
  /** Close the connection when the socket's unsent data would exceed this. */
  maxBufferedBytes: number;
  /** Close the connection when received but unhandled frames exceed this. */
  maxQueuedBytes: number;
  /** Sustained messages per second a client may send (a token bucket holding two seconds' worth). */
  maxMessagesPerSecond: number;
}

/** Time a client gets to answer our close frame before the socket is destroyed. */
const CLOSE_TIMEOUT_MS = 2_000;

export class Connection {
  readonly origin: ClientOrigin;
  /** Awareness client ids this connection announced (removed for everyone when it leaves). */
  readonly awarenessClients = new Set<number>();
  /** Answered the last ping (or has not been pinged yet). */
  alive = true;
  /** Told that the document is read-only (so it is told once). */
  toldReadOnly = false;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private handler: FrameHandler | null = null;
  private processing = false;
  private closeTimer: NodeJS.Timeout | null = null;
  /** Token bucket for the message rate. */
  private allowance: number;
  private lastRefill = Date.now();

  constructor(
    readonly id: string,
    readonly docName: string,
    readonly userId: string | null,
    /** Read-only for this user (the document itself may also be read-only). */
    readonly readOnly: boolean,
    private readonly ws: WebSocket,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
  ) {
    this.origin = clientOrigin(id, userId);
    this.allowance = limits.maxMessagesPerSecond * 2;
  }

  /** Takes one message from the bucket; false when the client sends faster than allowed. */
  private withinRate(): boolean {
    const now = Date.now();
    const rate = this.limits.maxMessagesPerSecond;
    this.allowance = Math.min(rate * 2, this.allowance + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }

  /** Bytes sent to this connection's socket that its client has not taken yet. */
  get backlogBytes(): number {
    return backlogOf(this.ws);
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Frames received before `start` wait in the queue (the document is still loading). */
  receive(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (!this.withinRate()) {
      this.close(CloseCode.policyViolation, 'too many messages: slow down');
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += frame.byteLength;
    if (this.queuedBytes > this.limits.maxQueuedBytes) {
      this.close(CloseCode.tryAgainLater, 'too many unprocessed messages');
      return;
    }
    void this.pump();
  }

  /** Starts handling frames (queued ones first). */
  start(handler: FrameHandler): void {
    this.handler = handler;
    void this.pump();
  }

  /**
   * Handles the queued frames in order; a handler that returns a promise holds the rest back until it settles. Not
   * an async function: a frame handled at once (every keystroke) then costs no promise.
   */
  private pump(): void {
    if (this.processing || !this.handler) return;
    this.processing = true;
    try {
      while (this.queue.length && this.isOpen) {
        const frame = this.queue.shift()!;
        this.queuedBytes -= frame.byteLength;
        const pending = this.handler(this, frame);
        if (pending) {
          void this.pumpAfter(pending); // still processing
          return;
        }
      }
    } catch (error) {
      this.handlingFailed(error);
    }
    this.processing = false;
  }

  private async pumpAfter(pending: Promise<void>): Promise<void> {
    try {
      await pending;
    } catch (error) {
      this.handlingFailed(error);
      this.processing = false;
      return;
    }
    this.processing = false;
    this.pump();
  }

  private handlingFailed(error: unknown): void {
    this.log.error({ err: error, connectionId: this.id, docName: this.docName }, 'collab: message handling failed');
    this.close(CloseCode.internalError, 'internal error');
  }

  /**
   * Sends one message (a payload, or a frame prepared once for a broadcast: framed-send.ts). A client that does not
   * read (unsent data past maxBufferedBytes) is closed instead, so one slow reader cannot make the server buffer
   * without bound (outgoing-limit.ts). Returns whether the message was sent.
   */
  send(message: Uint8Array | PreparedFrame): boolean {
    if (!this.isOpen) return false;
    const backlog = this.backlogBytes;
    const bytes = message instanceof Uint8Array ? message.byteLength : message.bytes;
    if (!mayQueue(backlog, bytes, this.limits.maxBufferedBytes)) {
      this.log.info({ connectionId: this.id, docName: this.docName, backlog }, 'collab: client does not read; closing');
      this.close(CloseCode.tryAgainLater, 'client does not keep up: send buffer full', STALLED_CLOSE_GRACE_MS);
      return false;
    }
    if (message instanceof Uint8Array) {
      this.ws.send(message, { binary: true }, (error) => {
        if (error) this.log.debug({ err: error, connectionId: this.id }, 'collab: send failed');
      });
    } else {
      sendPrepared(this.ws, message);
    }
    return true;
  }

  ping(): void {
    if (!this.isOpen) return;
    this.alive = false;
    this.ws.ping();
  }

  /** Closes with a code and a reason the client sees; destroys the socket if the close handshake stalls. */
  close(code: number, reason: string, graceMs = CLOSE_TIMEOUT_MS): void {
    this.queue = [];
    this.queuedBytes = 0;
    if (this.ws.readyState === this.ws.CLOSED || this.closeTimer) return;
    this.log.debug({ connectionId: this.id, docName: this.docName, code, reason }, 'collab: closing connection');
    try {
      this.ws.close(code, closeReason(reason));
    } catch {
      this.ws.terminate();
      return;
    }
    this.closeTimer = setTimeout(() => this.ws.terminate(), graceMs);
    this.closeTimer.unref();
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** Called once the socket is closed. */
  closed(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.queue = [];
    this.queuedBytes = 0;
  }
}

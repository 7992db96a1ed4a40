/**
 * The outgoing queue of one connection, counted in bytes, and what happens when a client stops reading.
 *
 * What a connection has sent but its client has not taken yet sits in the socket: the kernel's buffers first (not
 * the process's memory), then the stream's writable buffer and ws's own queue — `WebSocket.bufferedAmount`, the
 * backlog counted here. A frame is queued while the backlog plus the frame stays within the limit (a frame to an
 * empty backlog always goes, so a document's whole state can still be sent to a client that reads); past it the
 * client is not keeping up: the connection is closed with 1013 (try again later), and destroyed if the close
 * handshake does not complete within a short grace — a client that reads nothing never sees the close frame, which
 * waits behind its backlog, and its buffers must not be held for it. A y-websocket client reconnects after any
 * close and syncs from its state vector, so it ends with every update without the server keeping anything for it.
 *
 * A broadcast frame is one buffer shared by every connection it is queued on, so N stalled readers of one document
 * hold the same bytes, not N copies; each is still cut off at the limit.
 */
import type { WebSocket } from 'ws';

/** How long a connection closed for not reading gets to complete the close handshake before it is destroyed. */
export const STALLED_CLOSE_GRACE_MS = 1_000;

/** Unsent bytes of a socket (0 once it is closed). */
export function backlogOf(ws: WebSocket): number {
  return ws.readyState === ws.CLOSED ? 0 : ws.bufferedAmount;
}

/** Whether a frame of `frameBytes` may join a backlog of `backlog` bytes under `limit`. */
export function mayQueue(backlog: number, frameBytes: number, limit: number): boolean {
  return backlog === 0 || backlog + frameBytes <= limit;
}

/**
 * One websocket frame for every receiver of a broadcast.
 *
 * `ws.send` frames its data anew for each socket: a header buffer, then two writes under cork/uncork (one writev)
 * and a callback per send. A broadcast sends the same bytes to every client of a document, so the frame (header and
 * payload in one buffer, unmasked, as a server sends) is built once with ws's public `Sender.frame` and each socket
 * gets one plain write of that buffer — the same bytes `ws.send(payload, { binary: true })` puts on the wire. A
 * message in parts (a sync update: a few bytes of protocol header, then the update) is copied once, straight into
 * the frame: a 512 KB paste is one 512 KB copy, not three (message encoder, its result, the frame).
 *
 * The write goes through the socket's own ws Sender (`sendFrame`), so it is ordered with everything else ws sends on
 * that socket. That is only correct while the Sender writes straight through: no permessage-deflate (the collab
 * server turns it off) and nothing queued behind a compression or a Blob read. Whenever that does not hold, or ws
 * no longer has the internals used here, the frame's payload goes through `ws.send` instead (same bytes on the wire,
 * just framed again); test/collab/framed-send.test.ts fails if the direct path stops being taken.
 */
import * as wsModule from 'ws';
import type { WebSocket } from 'ws';

/** A binary message framed once: `wire` is the whole websocket frame, shared by every socket it is written to. */
export interface PreparedFrame {
  readonly payload: Uint8Array;
  readonly wire: Buffer;
}

/** The ws internals used for a direct write (ws 8: lib/sender.js). */
interface SenderInternals {
  _state: number;
  _queue: unknown[];
  sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
}

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
/** ws's public `Sender.frame` (exported by ws, not declared in @types/ws). */
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** ws 8's Sender state when it writes straight through (not deflating, not reading a Blob). */
const SENDER_WRITES_THROUGH = 0;

/** The longest header of an unmasked frame: 2 bytes and a 64-bit length. */
const MAX_HEADER_BYTES = 10;

/**
 * Frames a binary message (FIN, opcode 2, unmasked) into one buffer. The message may come in parts (a protocol
 * header and a large update): they are copied once, straight into the frame, with no message built in between.
 */
export function prepareFrame(message: Uint8Array | readonly Uint8Array[]): PreparedFrame {
  const parts = message instanceof Uint8Array ? [message] : message;
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  const buffer = Buffer.allocUnsafe(MAX_HEADER_BYTES + length);
  let offset = MAX_HEADER_BYTES;
  for (const part of parts) {
    buffer.set(part, offset);
    offset += part.byteLength;
  }
  const payload = buffer.subarray(MAX_HEADER_BYTES);
  // Unmasked, ws leaves the payload as it is and returns its header: [header, payload] ([header] when empty).
  const [header, framed] = Sender.frame(payload, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false });
  if (!header || (length > 0 && framed !== payload)) throw new Error('ws framed an unmasked payload other than as [header, payload]');
  const start = MAX_HEADER_BYTES - header.byteLength;
  header.copy(buffer, start);
  return { payload, wire: buffer.subarray(start) };
}

function senderOf(ws: WebSocket): SenderInternals | null {
  const sender = (ws as unknown as { _sender?: Partial<SenderInternals> | null })._sender;
  if (!sender || typeof sender.sendFrame !== 'function' || !Array.isArray(sender._queue)) return null;
  return sender as SenderInternals;
}

/** Whether a prepared frame can be written to this socket as it is (otherwise `sendPrepared` uses ws.send). */
export function writesPreparedFrames(ws: WebSocket): boolean {
  const sender = senderOf(ws);
  return sender !== null && ws.extensions === '' && sender._state === SENDER_WRITES_THROUGH && sender._queue.length === 0;
}

/**
 * Sends a prepared frame on an open socket; returns whether it was written directly (false: through ws.send). No
 * callback per write: a failed write shows as the socket's 'error' (logged by the collab server), and ws closes it.
 */
export function sendPrepared(ws: WebSocket, frame: PreparedFrame): boolean {
  if (writesPreparedFrames(ws)) {
    senderOf(ws)!.sendFrame([frame.wire]);
    return true;
  }
  ws.send(frame.payload, { binary: true });
  return false;
}

/**
 * One websocket frame for every receiver of a broadcast.
 *
 * `ws.send` frames its data anew for each socket: a header buffer, then two writes under cork/uncork (one writev)
 * and a callback per send. A broadcast sends the same bytes to every client of a document, so the frame (header and
 * payload, unmasked, as a server sends) is built once and each socket gets one plain write of that buffer — the same
 * bytes `ws.send(payload, { binary: true })` puts on the wire. A message in parts (a sync update: a few bytes of
 * protocol header, then the update) is copied once, straight into the frame, and a large update not at all: the
 * frame is then its first bytes and the update itself, written corked as ws writes its own header and payload (a
 * 512 KB paste was copied three times: message encoder, its result, the frame).
 *
 * The write goes through the socket's own ws Sender (`sendFrame`), so it is ordered with everything else ws sends on
 * that socket. That is only correct while the Sender writes straight through: no permessage-deflate (the collab
 * server turns it off) and nothing queued behind a compression or a Blob read. Whenever that does not hold, or ws
 * no longer has the internals used here, the frame's payload goes through `ws.send` instead (same bytes on the wire,
 * just framed again); test/collab/framed-send.test.ts fails if the direct path stops being taken.
 */
import type { WebSocket } from 'ws';

/**
 * A binary message framed once, shared by every socket it is written to. `wire` is the whole websocket frame: one
 * buffer, or for a message ending in a large part (a paste's update) the frame's first bytes and that part itself,
 * not copied (ws writes the two corked, as it does its own header and payload).
 */
export interface PreparedFrame {
  readonly wire: readonly [Buffer] | readonly [Buffer, Uint8Array];
  /** Bytes of the whole frame (what it adds to a socket's backlog). */
  readonly bytes: number;
  /** The message itself (for ws.send, when the direct write does not apply). */
  readonly payload: Uint8Array;
}

/** The ws internals used for a direct write (ws 8: lib/sender.js). */
interface SenderInternals {
  _state: number;
  _queue: unknown[];
  sendFrame(list: readonly Uint8Array[], cb?: (error?: Error) => void): void;
}

/** ws 8's Sender state when it writes straight through (not deflating, not reading a Blob). */
const SENDER_WRITES_THROUGH = 0;

/** The longest header of an unmasked frame: 2 bytes and a 64-bit length. */
const MAX_HEADER_BYTES = 10;
/** A message's last part at least this long is written as it is, not copied into the frame. */
export const SHARED_PART_BYTES = 64 * 1024;

/**
 * Writes the header of an unmasked binary frame (FIN, opcode 2) of `length` payload bytes (RFC 6455, 5.2) into
 * `buffer` so that it ends where the payload starts (at MAX_HEADER_BYTES); returns where it begins.
 */
function writeFrameHeader(buffer: Buffer, length: number): number {
  if (length < 126) {
    buffer[MAX_HEADER_BYTES - 2] = 0x82;
    buffer[MAX_HEADER_BYTES - 1] = length;
    return MAX_HEADER_BYTES - 2;
  }
  if (length < 65_536) {
    buffer[MAX_HEADER_BYTES - 4] = 0x82;
    buffer[MAX_HEADER_BYTES - 3] = 126;
    buffer.writeUInt16BE(length, MAX_HEADER_BYTES - 2);
    return MAX_HEADER_BYTES - 4;
  }
  buffer[0] = 0x82;
  buffer[1] = 127;
  buffer.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  buffer.writeUInt32BE(length >>> 0, 6);
  return 0;
}

/**
 * A prepared frame: the frame's bytes, and the message itself only when asked for (the ws.send fallback), so that
 * a broadcast builds one buffer view, not three.
 */
class Frame implements PreparedFrame {
  constructor(
    readonly wire: readonly [Buffer] | readonly [Buffer, Uint8Array],
    readonly bytes: number,
    private readonly buffer: Buffer,
    private readonly shared: Uint8Array | null,
  ) {}

  get payload(): Uint8Array {
    const own = this.buffer.subarray(MAX_HEADER_BYTES);
    return this.shared ? Buffer.concat([own, this.shared]) : own;
  }
}

/**
 * Frames a binary message (FIN, opcode 2, unmasked). The message may come in parts (a protocol header and an
 * update): small parts are copied once, straight into the frame, with no message built in between; a large last part
 * is not copied at all. The parts must not change afterwards.
 */
export function prepareFrame(message: Uint8Array | readonly Uint8Array[]): PreparedFrame {
  const parts = message instanceof Uint8Array ? [message] : message;
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const last = parts.at(-1);
  const shared = last !== undefined && last.byteLength >= SHARED_PART_BYTES ? last : null;
  const copied = shared ? parts.length - 1 : parts.length;
  const buffer = Buffer.allocUnsafe(MAX_HEADER_BYTES + length - (shared?.byteLength ?? 0));
  let offset = MAX_HEADER_BYTES;
  for (let i = 0; i < copied; i++) {
    const part = parts[i]!;
    buffer.set(part, offset);
    offset += part.byteLength;
  }
  const start = writeFrameHeader(buffer, length);
  const head = buffer.subarray(start);
  const bytes = head.byteLength + (shared?.byteLength ?? 0);
  return new Frame(shared ? [head, shared] : [head], bytes, buffer, shared);
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
    senderOf(ws)!.sendFrame(frame.wire);
    return true;
  }
  ws.send(frame.payload, { binary: true });
  return false;
}

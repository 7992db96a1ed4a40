/**
 * The y-websocket wire protocol: one y-protocols message per websocket frame.
 *
 *   [messageSync=0][syncType: 0 step 1 (state vector) | 1 step 2 (update) | 2 update][varUint8Array]
 *   [messageAwareness=1][varUint8Array awareness update]
 *   [messageAuth=2][permissionDenied=0][varString reason]          (server → client only)
 *   [messageQueryAwareness=3]
 *
 * Client frames are parsed strictly: unknown types, truncated data and trailing bytes are protocol errors.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import { CloseCode } from './close-codes.js';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** A client broke the protocol; the connection is closed with `code` and `reason`, nothing else is affected. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function invalid(reason: string): ProtocolError {
  return new ProtocolError(CloseCode.invalidPayload, reason);
}

/** Copies a byte range so that nothing downstream can see the (possibly pooled) buffer around it. */
function readBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  const length = readUint(decoder, what, ' length'); // the message is only built on an error
  if (length > decoder.arr.length - decoder.pos) throw invalid(`truncated ${what}`);
  return decoding.readUint8Array(decoder, length).slice();
}

function readUint(decoder: decoding.Decoder, what: string, suffix = ''): number {
  if (!decoding.hasContent(decoder)) throw invalid(`truncated message: missing ${what}${suffix}`);
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw invalid(`malformed ${what}${suffix}`);
  }
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw invalid('trailing bytes after message');
}

/** Parses one client frame; throws ProtocolError for anything that is not exactly one valid message. */
export function parseClientMessage(frame: Uint8Array): ClientMessage {
  // A keystroke: a sync update of less than 128 bytes (one length byte), the frame exactly. Read by hand, without a
  // decoder; anything else is parsed (and refused) below.
  const length = frame.length - 3;
  if (length > 0 && length < 128 && frame[0] === MESSAGE_SYNC && frame[1] === syncProtocol.messageYjsUpdate && frame[2] === length) {
    return { type: 'update', update: new Uint8Array(frame.subarray(3)) }; // a copy, as readBytes makes
  }
  if (frame.length === 0) throw invalid('empty frame');
  const decoder = decoding.createDecoder(frame);
  const messageType = readUint(decoder, 'message type');
  switch (messageType) {
    case MESSAGE_SYNC: {
      const syncType = readUint(decoder, 'sync message type');
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        const stateVector = readBytes(decoder, 'state vector');
        expectEnd(decoder);
        try {
          Y.decodeStateVector(stateVector);
        } catch {
          throw invalid('malformed state vector');
        }
        return { type: 'sync-step-1', stateVector };
      }
      if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
        const update = readBytes(decoder, 'update');
        expectEnd(decoder);
        return { type: syncType === syncProtocol.messageYjsSyncStep2 ? 'sync-step-2' : 'update', update };
      }
      throw new ProtocolError(CloseCode.unsupportedData, `unknown sync message type ${syncType}`);
    }
    case MESSAGE_AWARENESS: {
      const update = readBytes(decoder, 'awareness update');
      expectEnd(decoder);
      validateAwarenessUpdate(update);
      return { type: 'awareness', update };
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder);
      return { type: 'query-awareness' };
    default:
      throw new ProtocolError(CloseCode.unsupportedData, `unknown message type ${messageType}`);
  }
}

/** Decodes an awareness update completely (client ids, clocks, JSON states) without applying anything. */
export function validateAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = readUint(decoder, 'awareness entry count');
  if (count > update.length) throw invalid('malformed awareness update');
  for (let i = 0; i < count; i++) {
    readUint(decoder, 'awareness client id');
    readUint(decoder, 'awareness clock');
    let state: string;
    try {
      state = decoding.readVarString(decoder);
    } catch {
      throw invalid('truncated awareness state');
    }
    try {
      JSON.parse(state);
    } catch {
      throw invalid('awareness state is not JSON');
    }
  }
  expectEnd(decoder);
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });
}

/**
 * A sync update message as its parts: a few bytes of header, then the update itself, not copied (a broadcast copies
 * both once, into its websocket frame: framed-send.ts). Together the bytes of `syncProtocol.writeUpdate`.
 */
export function encodeUpdateParts(update: Uint8Array): [Uint8Array, Uint8Array] {
  // Written by hand, not through a lib0 encoder (its 100-byte chunk and the copy out of it, per keystroke): the two
  // one-byte message types, then the update's length as lib0's varUint (7 bits a byte, low bits first).
  let length = update.byteLength;
  let size = 3;
  for (let rest = Math.floor(length / 128); rest > 0; rest = Math.floor(rest / 128)) size++;
  const header = new Uint8Array(size);
  header[0] = MESSAGE_SYNC;
  header[1] = syncProtocol.messageYjsUpdate;
  let i = 2;
  while (length > 127) {
    header[i++] = 128 | (length & 127);
    length = Math.floor(length / 128);
  }
  header[i] = length;
  return [header, update];
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
  });
}

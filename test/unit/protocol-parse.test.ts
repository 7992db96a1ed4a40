/**
 * parseClientMessage reads a small sync update (a keystroke) by hand; it must say exactly what the lib0 decoder says
 * for every frame of that shape and around its edges (the one-byte length, trailing or missing bytes).
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { MESSAGE_SYNC, parseClientMessage, ProtocolError } from '../../collab/protocol.js';

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);

describe('parseClientMessage on sync updates', () => {
  it('gives the update, a copy, for every length across the one-byte boundary', () => {
    for (const n of [0, 1, 2, 30, 126, 127, 128, 129, 300]) {
      const frame = updateFrame(bytes(n));
      const message = parseClientMessage(frame);
      expect(message).toEqual({ type: 'update', update: bytes(n) });
      if (message.type !== 'update') throw new Error('not an update');
      expect(message.update.buffer).not.toBe(frame.buffer);
      expect(message.update.constructor).toBe(Uint8Array);
    }
  });

  it('refuses a frame whose length byte does not match what follows', () => {
    const frame = updateFrame(bytes(10));
    const refused = (f: Uint8Array) => {
      try {
        parseClientMessage(f);
      } catch (error) {
        return error instanceof ProtocolError ? error.reason : String(error);
      }
      return null;
    };
    expect(refused(frame.subarray(0, frame.length - 1))).toBe('truncated update');
    expect(refused(Uint8Array.from([...frame, 0]))).toBe('trailing bytes after message');
    // 128 + 2: a length byte with the continuation bit is a two-byte length, never "this many bytes follow".
    const long = Uint8Array.from([MESSAGE_SYNC, syncProtocol.messageYjsUpdate, 130, ...bytes(130)]);
    expect(refused(long)).toBe('truncated update');
  });
});

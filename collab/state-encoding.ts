/**
 * A document's whole state as one v1 update (what Y.encodeStateAsUpdate returns, byte for byte), written into one
 * buffer of the size the caller expects instead of lib0's growing ones.
 *
 * lib0's encoder starts with 100 bytes and doubles: for a 4.5 MB state it allocates ≈ 9 MB of buffers it then copies
 * into a 4.5 MB result, all of it ArrayBuffers V8 frees only at a GC (a 5 MB paste's compaction: ≈ 13.5 MB at once,
 * bench/PROFILE-NOTES.md "paste3"). The update log knows roughly how large the state is (the last snapshot plus what
 * was logged since), so the encoder gets one buffer of that size up front, left uninitialised (pages never written
 * are never resident), long strings are encoded straight into it (lib0 encodes each through an array of its own:
 * another 5 MB for a 5 MB paste), and the result is a view on it. Should the state outgrow it, lib0 goes on as usual.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Above the expected size: a state rarely outgrows the snapshot plus the updates it merges, but may a little. */
const MARGIN = 1 / 8;
const MIN_CAPACITY = 1024;
/** lib0 encodes strings shorter than this into a scratch buffer of its own; longer ones through a new array each. */
const LONG_STRING = 10_000;
const utf8 = new TextEncoder();

/** A result using less than this share of its buffer is copied out, so that a caller keeping it does not keep the rest. */
const MIN_USED = 3 / 4;

interface Lib0Encoder {
  cpos: number;
  cbuf: Uint8Array;
  bufs: Uint8Array[];
}

/** `Y.encodeStateAsUpdate(doc)`, encoded into one buffer of about `expectedBytes` (see the module comment). */
export function encodeStateSized(doc: Y.Doc, expectedBytes: number): Uint8Array {
  const capacity = Math.max(MIN_CAPACITY, Math.ceil(expectedBytes * (1 + MARGIN)));
  const encoder = new Y.UpdateEncoderV1();
  const rest = encoder.restEncoder as unknown as Lib0Encoder;
  rest.cbuf = new Uint8Array(Buffer.allocUnsafeSlow(capacity).buffer, 0, capacity);
  rest.cpos = 0;
  // A long string (a pasted text's item) goes straight into the buffer, not through TextEncoder.encode's array.
  encoder.writeString = (s: string) => {
    if (s.length < LONG_STRING) return encoding.writeVarString(rest as unknown as encoding.Encoder, s);
    const bytes = Buffer.byteLength(s, 'utf8'); // as TextEncoder counts: an unpaired surrogate as U+FFFD
    encoding.writeVarUint(rest as unknown as encoding.Encoder, bytes);
    if (rest.cbuf.length - rest.cpos >= bytes) {
      rest.cpos += utf8.encodeInto(s, rest.cbuf.subarray(rest.cpos, rest.cpos + bytes)).written;
    } else {
      encoding.writeUint8Array(rest as unknown as encoding.Encoder, utf8.encode(s));
    }
  };
  const toUint8Array = encoder.toUint8Array.bind(encoder);
  // On the instance, not a subclass: Yjs merges pending updates in only for an encoder whose constructor is UpdateEncoderV1.
  encoder.toUint8Array = () => {
    if (rest.bufs.length > 0) return toUint8Array(); // outgrew the buffer: lib0's copy
    const view = rest.cbuf.subarray(0, rest.cpos);
    return rest.cpos >= capacity * MIN_USED ? view : view.slice();
  };
  return Y.encodeStateAsUpdateV2(doc, undefined, encoder);
}

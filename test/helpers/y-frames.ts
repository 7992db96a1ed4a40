/** Frames of the y-websocket protocol, built and read by hand (for tests that speak it without a provider). */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** A y-websocket sync frame: [0][syncType][varUint8Array payload]. */
export function syncFrame(syncType: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Message type and (for sync) sync type of a received frame. */
export function frameKind(frame: Uint8Array): { type: number; syncType?: number } {
  const d = decoding.createDecoder(frame);
  const type = decoding.readVarUint(d);
  return type === 0 ? { type, syncType: decoding.readVarUint(d) } : { type };
}

/** The payload of a sync frame. */
export function syncPayload(frame: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d);
}

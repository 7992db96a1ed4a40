/**
 * The validation collab/update-validation.ts did before it read updates structurally (kept here as the oracle of
 * test/collab/update-structure.test.ts): decode (unless the first bytes show a fresh single-client edit), look for
 * reused ids with other content, then apply the update to a shadow copy of the document and refuse it when Yjs
 * throws or leaves anything pending. The shadow is built from the document for each check, which is what the
 * mirrored shadow held.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes.js';
import type { Struct } from '../../collab/update-structure.js';
import { findItemConflict, type ValidationResult } from '../../collab/update-validation.js';

function freshAtFirstSight(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(update);
    const clients = decoding.readVarUint(decoder);
    if (clients === 0) return true;
    if (clients !== 1) return false;
    decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    return clock >= Y.getState(doc.store, client);
  } catch {
    return false;
  }
}

export function shadowVerdict(doc: Y.Doc, update: Uint8Array): ValidationResult {
  if (!freshAtFirstSight(doc, update)) {
    let structs: Struct[];
    try {
      structs = Y.decodeUpdate(update).structs as Struct[];
    } catch {
      return { ok: false, code: CloseCode.invalidPayload, reason: 'update does not decode' };
    }
    const conflict = findItemConflict(doc, structs);
    if (conflict) return { ok: false, code: CloseCode.conflict, reason: `update refused: ${conflict}` };
  }
  const shadow = new Y.Doc();
  try {
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(doc));
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      return { ok: false, code: CloseCode.invalidPayload, reason: 'update could not be applied' };
    }
    if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
      return { ok: false, code: CloseCode.policyViolation, reason: 'update refused: depends on data the server never received' };
    }
    return { ok: true };
  } finally {
    shadow.destroy();
  }
}

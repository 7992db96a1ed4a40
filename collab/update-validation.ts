/**
 * Checks a client's Yjs update before it touches the shared document:
 *  - it must decode;
 *  - it must not reuse an existing item id (client, clock below the document's state) with other content;
 *  - it must integrate completely: an update that depends on data the server never received would stay
 *    pending inside the Y.Doc, invisible to every other client.
 * The last check applies the update to a shadow copy of the document that mirrors every accepted change,
 * so a check costs about as much as applying the update, not as much as copying the document.
 *
 * The shadow is rebuilt from the document every SHADOW_REBUILD_EVERY updates. Yjs merges a typist's consecutive
 * inserts into one item with `str += right.str`, and V8 keeps that as a rope, one link (≈ 50 bytes) per keystroke,
 * until the string is read whole. The document's strings are read whole with every update it emits (flattened); the
 * shadow emits none, so its ropes grew with every keystroke for as long as the document stayed open (the soak's
 * ≈ 7 bytes of live heap per character typed). Decoded from the document's state, its strings are flat again.
 */
import * as Y from 'yjs';
import { CloseCode } from './close-codes.js';

export type ValidationResult = { ok: true } | { ok: false; code: number; reason: string };

const OK: ValidationResult = { ok: true };

type Struct = Y.Item | Y.GC | Y.Skip;

/** Describes where an update contradicts what the document already holds under the same ids, or null. */
export function findItemConflict(doc: Y.Doc, structs: readonly Struct[]): string | null {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    const state = Y.getState(doc.store, client);
    if (clock >= state) continue;
    const end = Math.min(clock + struct.length, state);
    const existing = doc.store.clients.get(client);
    if (!existing) continue;
    let index = Y.findIndexSS(existing, clock);
    for (; index < existing.length; index++) {
      const current = existing[index]!;
      if (current.id.clock >= end) break;
      if (!(current instanceof Y.Item)) continue; // garbage-collected: nothing left to compare
      const from = Math.max(clock, current.id.clock);
      const to = Math.min(end, current.id.clock + current.length);
      for (let c = from; c < to; c++) {
        const difference = unitDifference(struct, current, c);
        if (difference) return `item ${client}:${c} already exists with other ${difference}`;
      }
    }
  }
  return null;
}

/** Compares the unit at `clock` of an incoming item with the stored item holding the same id. */
function unitDifference(incoming: Y.Item, stored: Y.Item, clock: number): string | null {
  if (!sameId(leftOriginAt(incoming, clock), leftOriginAt(stored, clock))) return 'left origin';
  if (!sameId(incoming.rightOrigin, stored.rightOrigin)) return 'right origin';
  if (clock === incoming.id.clock && incoming.origin === null && incoming.rightOrigin === null) {
    if (!sameParent(incoming, stored)) return 'parent';
  }
  if (!sameContent(incoming.content, incoming.id.clock, stored.content, stored.id.clock, clock)) return 'content';
  return null;
}

function leftOriginAt(item: Y.Item, clock: number): Y.ID | null {
  return clock === item.id.clock ? item.origin : Y.createID(item.id.client, clock - 1);
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return Y.compareIDs(a, b);
}

/** Parent info is explicit in an update only when an item has neither origin: a root key or the parent's id. */
function sameParent(incoming: Y.Item, stored: Y.Item): boolean {
  if ((incoming.parentSub ?? null) !== (stored.parentSub ?? null)) return false;
  const parent: unknown = incoming.parent;
  const storedParent = stored.parent;
  if (!(storedParent instanceof Y.AbstractType)) return true; // not integrated; nothing to compare
  if (typeof parent === 'string') return storedParent._item === null && Y.findRootTypeKey(storedParent) === parent;
  if (parent instanceof Y.ID) return storedParent._item !== null && Y.compareIDs(storedParent._item.id, parent);
  return true;
}

type Content = Y.Item['content'];

function sameContent(a: Content, aStart: number, b: Content, bStart: number, clock: number): boolean {
  // Deleted content keeps only its length: whatever it was, it cannot be compared any more.
  if (a instanceof Y.ContentDeleted || b instanceof Y.ContentDeleted) return true;
  if (a.constructor !== b.constructor) return false;
  const ai = clock - aStart;
  const bi = clock - bStart;
  if (a instanceof Y.ContentString && b instanceof Y.ContentString) return a.str.charCodeAt(ai) === b.str.charCodeAt(bi);
  if (a instanceof Y.ContentFormat && b instanceof Y.ContentFormat) {
    return a.key === b.key && jsonEqual(a.value, b.value);
  }
  if (a instanceof Y.ContentType && b instanceof Y.ContentType) {
    if (a.type.constructor !== b.type.constructor) return false;
    if (a.type instanceof Y.XmlElement && b.type instanceof Y.XmlElement) return a.type.nodeName === b.type.nodeName;
    return true;
  }
  if (a instanceof Y.ContentDoc && b instanceof Y.ContentDoc) return a.doc?.guid === b.doc?.guid;
  if (a instanceof Y.ContentBinary && b instanceof Y.ContentBinary) return Buffer.from(a.content).equals(Buffer.from(b.content));
  if (a instanceof Y.ContentEmbed && b instanceof Y.ContentEmbed) return jsonEqual(a.embed, b.embed);
  const av: unknown[] = a.getContent();
  const bv: unknown[] = b.getContent();
  return jsonEqual(av[ai], bv[bi]);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** Updates the shadow takes in before it is rebuilt from the document (see the module comment). */
export const SHADOW_REBUILD_EVERY = 500;

/** Validates client updates against one shared document (see the module comment). */
export class UpdateValidator {
  private shadow: Y.Doc | null = null;
  /** Updates applied to the shadow since it was built. */
  private shadowUpdates = 0;
  /** Set while apply() applies an update validate() has already applied to the shadow. */
  private shadowHasNext = false;
  private readonly mirror = (update: Uint8Array) => {
    if (this.shadowHasNext) {
      // The first update the document emits during apply() is that transaction's own (observers' nested
      // transactions are emitted after it), and the shadow, equal to the document before, already integrated it.
      this.shadowHasNext = false;
      return;
    }
    if (this.shadow) {
      Y.applyUpdate(this.shadow, update);
      this.shadowUpdates++;
    }
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly rebuildEvery = SHADOW_REBUILD_EVERY,
  ) {
    doc.on('update', this.mirror);
  }

  validate(update: Uint8Array): ValidationResult {
    let structs: Struct[];
    try {
      structs = Y.decodeUpdate(update).structs as Struct[];
    } catch {
      return { ok: false, code: CloseCode.invalidPayload, reason: 'update does not decode' };
    }
    const conflict = findItemConflict(this.doc, structs);
    if (conflict) return { ok: false, code: CloseCode.conflict, reason: `update refused: ${conflict}` };

    if (this.shadowUpdates >= this.rebuildEvery) this.dropShadow(); // rebuilt below, its strings flat
    const shadow = this.ensureShadow();
    try {
      Y.applyUpdate(shadow, update);
      this.shadowUpdates++;
    } catch {
      this.dropShadow();
      return { ok: false, code: CloseCode.invalidPayload, reason: 'update could not be applied' };
    }
    if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
      this.dropShadow();
      return { ok: false, code: CloseCode.policyViolation, reason: 'update refused: depends on data the server never received' };
    }
    return OK;
  }

  /**
   * Applies an update validate() has just accepted to the document. The shadow already holds it, so it is not
   * applied to the shadow a second time (that re-application was ≈ 8 % of the server's CPU with many typists).
   */
  apply(update: Uint8Array, origin: unknown): void {
    this.shadowHasNext = this.shadow !== null;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      this.dropShadow(); // the shadow may now hold what the document does not
      throw error;
    } finally {
      this.shadowHasNext = false;
    }
  }

  destroy(): void {
    this.doc.off('update', this.mirror);
    this.dropShadow();
  }

  private ensureShadow(): Y.Doc {
    if (!this.shadow) {
      const shadow = new Y.Doc();
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc));
      this.shadow = shadow;
    }
    return this.shadow;
  }

  private dropShadow(): void {
    this.shadow?.destroy();
    this.shadow = null;
    this.shadowUpdates = 0;
  }
}

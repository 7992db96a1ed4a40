/**
 * Checks a client's Yjs update before it touches the shared document:
 *  - it must decode;
 *  - it must not reuse an existing item id (client, clock below the document's state) with other content;
 *  - it must integrate completely: an update that depends on data the server never received would stay
 *    pending inside the Y.Doc, invisible to every other client; and Yjs must not throw on it.
 * The last check reads the decoded update against the document's store (update-structure.ts): no second copy of
 * the document and no second apply. Should Yjs throw on an accepted update all the same, apply() rethrows and the
 * shared document reloads itself from storage (shared-document.ts): it may have been left half-changed.
 */
import * as Y from 'yjs';
import { CloseCode } from './close-codes.js';
import { checkIntegration, decodeUpdateStructure, type DecodedUpdate, type Struct } from './update-structure.js';

export type ValidationResult = { ok: true } | { ok: false; code: number; reason: string };

const OK: ValidationResult = { ok: true };

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

/**
 * Whether a transaction changed anything (what Yjs asks before it emits the transaction's update). `client`: the one
 * most likely to have changed, asked first (the typist's: the states of every client the document ever had follow).
 */
function changedAnything(txn: Y.Transaction, client: number | null): boolean {
  if (txn.deleteSet.clients.size > 0) return true;
  if (client !== null && txn.afterState.get(client) !== txn.beforeState.get(client)) return true;
  for (const [client, clock] of txn.afterState) if (txn.beforeState.get(client) !== clock) return true;
  return false;
}

/** Where the document's updates go: every change, as Yjs emits it ('update'), or a validated client's own bytes. */
export type UpdateSink = (update: Uint8Array, origin: unknown) => void;

/** Whether every struct starts at or past the document's state: then Yjs's encoding of it is the update again. */
function bringsOnlyNew(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  return decoded.structs.every((s) => s.id.clock >= Y.getState(doc.store, s.id.client));
}

/**
 * Validates client updates against one shared document (see the module comment), and is the document's one
 * 'update' listener: each update goes on to `sink`.
 *
 * Yjs encodes every transaction of a document anew for its 'update' listeners. For an incremental client update that
 * brings nothing the document already held ("fresh"), that encoding is the client's update again: then the
 * listener is off while it is applied, and `sink` gets the client's own bytes (a 512 KB paste was encoded once more,
 * three buffers of its size). A transaction that observers start meanwhile turns the listener back on, so it and
 * the client's own transaction are then encoded by Yjs as usual, and every update reaches `sink` once, in order.
 */
export class UpdateValidator {
  /** The last update validate() accepted, if it is fresh (every struct starts at or past the document's state). */
  private fresh: Uint8Array | null = null;
  /** The client of the fresh update's first struct (null: it has none). */
  private freshClient: number | null = null;
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => this.sink(update, origin);
  /**
   * The apply() calls under way, innermost last. The two transaction listeners stay registered for the validator's
   * life and act only while one is: registering and removing them per update cost two closures and lib0's observer
   * Set and Map entries each keystroke (≈ 2.7 KB of the ≈ 32 KB a typed update allocated, bench:many --alloc).
   */
  private readonly applying: Applying[] = [];
  private readonly started = (txn: Y.Transaction) => {
    for (const a of this.applying) {
      if (a.txn === null) {
        a.txn = txn;
      } else if (a.ownBytes) {
        a.ownBytes = false; // an observer's transaction: Yjs encodes from here on, the client's transaction too
        this.doc.on('update', this.onUpdate);
      }
    }
  };
  private readonly cleanedUp = (txn: Y.Transaction) => {
    for (const a of this.applying) {
      if (a.ownBytes && txn === a.txn && changedAnything(txn, a.client)) this.sink(a.update, a.origin);
    }
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly sink: UpdateSink,
  ) {
    doc.on('update', this.onUpdate);
    doc.on('beforeTransaction', this.started);
    doc.on('afterTransactionCleanup', this.cleanedUp);
  }

  validate(update: Uint8Array): ValidationResult {
    this.fresh = null;
    let decoded: DecodedUpdate;
    try {
      decoded = decodeUpdateStructure(update);
    } catch {
      return { ok: false, code: CloseCode.invalidPayload, reason: 'update does not decode' };
    }
    const conflict = findItemConflict(this.doc, decoded.structs);
    if (conflict) return { ok: false, code: CloseCode.conflict, reason: `update refused: ${conflict}` };
    switch (checkIntegration(this.doc.store, decoded)) {
      case 'throws':
        return { ok: false, code: CloseCode.invalidPayload, reason: 'update could not be applied: refers to items that do not exist' };
      case 'pending':
        return { ok: false, code: CloseCode.policyViolation, reason: 'update refused: depends on data the server never received' };
      case 'complete':
        break;
    }
    if (bringsOnlyNew(this.doc, decoded)) {
      this.fresh = update;
      this.freshClient = decoded.structs[0]?.id.client ?? null;
    }
    return OK;
  }

  /**
   * Applies an update validate() has just accepted to the document. Throws what Yjs throws: the document may then
   * be half-changed, and must be reloaded (shared-document.ts does).
   * `incremental`: the client sent it as an update (not a sync step 2, which may repeat what the document holds).
   */
  apply(update: Uint8Array, origin: unknown, incremental = false): void {
    const doc = this.doc;
    const a: Applying = {
      update,
      origin,
      ownBytes: incremental && this.fresh === update && doc._transaction === null,
      txn: null,
      client: this.freshClient,
    };
    this.fresh = null;
    const ownBytes = a.ownBytes;
    this.applying.push(a);
    if (ownBytes) doc.off('update', this.onUpdate);
    try {
      Y.applyUpdate(doc, update, origin);
    } finally {
      this.applying.pop();
      if (a.ownBytes) doc.on('update', this.onUpdate);
    }
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.doc.off('beforeTransaction', this.started);
    this.doc.off('afterTransactionCleanup', this.cleanedUp);
  }
}

interface Applying {
  update: Uint8Array;
  origin: unknown;
  /** The listener is off and the client's own bytes go to the sink (until an observer's transaction starts). */
  ownBytes: boolean;
  /** The transaction applying the update (the first one started). */
  txn: Y.Transaction | null;
  /** The client whose state the update most likely advanced. */
  client: number | null;
}

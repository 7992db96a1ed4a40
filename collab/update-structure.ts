/**
 * What Y.applyUpdate would do with a (v1) update, decided from the update's structs and the document's store alone,
 * without touching the document: whether everything integrates (nothing left in `store.pendingStructs` or
 * `store.pendingDs`) and whether Yjs would throw on a reference it cannot resolve.
 *
 * It follows Yjs 13.6 step by step (node_modules/yjs/dist/yjs.mjs): `readClientsStructRefs` (a client's sections, the
 * last one kept), `integrateStructs` (the order it integrates in, highest client first, a struct's missing
 * dependency from another client taken first, a gap in a client's clocks or a dependency nowhere in the update
 * leaving the rest of those clients pending), `Item.getMissing` (which references count as missing, which are looked
 * up and throw) and `readAndApplyDeleteSet` (a deletion past the state after the structs stays pending).
 * Integrating a struct only advances its client's state here; the store is only read.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC | Y.Skip;

export interface DeleteRange {
  client: number;
  clock: number;
  len: number;
}

export interface DecodedUpdate {
  /** Every struct in the order of the bytes, a client's repeated section included. */
  structs: Struct[];
  /** Each client's structs as Yjs integrates them: of a client sent twice, its last section. */
  clients: Map<number, Struct[]>;
  deletes: DeleteRange[];
}

/** The verdict: 'pending' leaves something waiting for data never received; 'throws' makes Yjs throw. */
export type Integration = 'complete' | 'pending' | 'throws';

const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
const BITS5 = 31;

/**
 * Decodes an update as Y.applyUpdate reads it (throws where it throws), and also throws on an empty struct. Root keys
 * stay strings, as in Y.decodeUpdate.
 */
export function decodeUpdateStructure(update: Uint8Array): DecodedUpdate {
  const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(update));
  const rest = decoder.restDecoder;
  const structs: Struct[] = [];
  const clients = new Map<number, Struct[]>();
  const sections = decoding.readVarUint(rest);
  for (let s = 0; s < sections; s++) {
    const count = decoding.readVarUint(rest);
    const client = decoder.readClient();
    let clock = decoding.readVarUint(rest);
    const refs: Struct[] = [];
    clients.set(client, refs);
    for (let i = 0; i < count; i++) {
      const info = decoder.readInfo();
      let struct: Struct;
      switch (info & BITS5) {
        case 0:
          struct = new Y.GC(Y.createID(client, clock), decoder.readLen());
          break;
        case 10:
          struct = new Y.Skip(Y.createID(client, clock), decoding.readVarUint(rest));
          break;
        default: {
          const origin = (info & BIT8) === BIT8 ? decoder.readLeftID() : null;
          const rightOrigin = (info & BIT7) === BIT7 ? decoder.readRightID() : null;
          const cantCopyParentInfo = (info & (BIT7 | BIT8)) === 0;
          const parent = cantCopyParentInfo ? (decoder.readParentInfo() ? decoder.readString() : decoder.readLeftID()) : null;
          const parentSub = cantCopyParentInfo && (info & BIT6) === BIT6 ? decoder.readString() : null;
          const content = readContent(decoder, info);
          // Y.Item's declared parent type leaves out the root key string Y.decodeUpdate puts there too.
          struct = new Y.Item(Y.createID(client, clock), null, origin, null, rightOrigin, parent as Y.ID | null, parentSub, content);
        }
      }
      // Yjs' encoders write none; Yjs' binary search over a client's structs divides by lengths (findIndexSS).
      if (struct.length === 0) throw new Error('empty struct');
      refs.push(struct);
      structs.push(struct);
      clock += struct.length;
    }
  }
  const deletes: DeleteRange[] = [];
  const deleteClients = decoding.readVarUint(rest);
  for (let c = 0; c < deleteClients; c++) {
    decoder.resetDsCurVal();
    const client = decoding.readVarUint(rest);
    const ranges = decoding.readVarUint(rest);
    for (let r = 0; r < ranges; r++) {
      const clock = decoder.readDsClock();
      deletes.push({ client, clock, len: decoder.readDsLen() });
    }
  }
  return { structs, clients, deletes };
}

/** Yjs' `readItemContent` (contentRefs) for v1, with its exported content classes. */
function readContent(decoder: Y.UpdateDecoderV1, info: number): Y.Item['content'] {
  switch (info & BITS5) {
    case 1:
      return new Y.ContentDeleted(decoder.readLen());
    case 2: {
      const len = decoder.readLen();
      const values: unknown[] = [];
      for (let i = 0; i < len; i++) {
        const json = decoder.readString();
        values.push(json === 'undefined' ? undefined : JSON.parse(json));
      }
      return new Y.ContentJSON(values);
    }
    case 3:
      return new Y.ContentBinary(decoder.readBuf());
    case 4:
      return new Y.ContentString(decoder.readString());
    case 5:
      return new Y.ContentEmbed(decoder.readJSON() as object);
    case 6:
      return new Y.ContentFormat(decoder.readKey(), decoder.readJSON() as object);
    case 7:
      return new Y.ContentType(readType(decoder));
    case 8: {
      const len = decoder.readLen();
      const values: unknown[] = [];
      for (let i = 0; i < len; i++) values.push(decoder.readAny());
      return new Y.ContentAny(values);
    }
    case 9: {
      const guid = decoder.readString();
      const opts = decoder.readAny() as { shouldLoad?: boolean; autoLoad?: boolean };
      return new Y.ContentDoc(new Y.Doc({ guid, ...opts, shouldLoad: opts.shouldLoad || opts.autoLoad || false }));
    }
    default:
      throw new Error(`unexpected content ref ${info & BITS5}`);
  }
}

/** Yjs' typeRefs (ContentType takes any AbstractType). */
function readType(decoder: Y.UpdateDecoderV1): Y.AbstractType<any> {
  switch (decoder.readTypeRef()) {
    case 0:
      return new Y.Array();
    case 1:
      return new Y.Map();
    case 2:
      return new Y.Text();
    case 3:
      return new Y.XmlElement(decoder.readKey());
    case 4:
      return new Y.XmlFragment();
    case 5:
      return new Y.XmlHook(decoder.readKey());
    case 6:
      return new Y.XmlText();
    default:
      throw new Error('unexpected type ref');
  }
}

const STORED_ITEM = { gc: false, type: false } as const;
const STORED_TYPE = { gc: false, type: true } as const;
const STORED_GC = { gc: true, type: false } as const;

/** A reference Yjs looks up and cannot find: it throws there (getItemCleanEnd / getItemCleanStart / getItem). */
class Unresolvable extends Error {}

interface ClientRefs {
  i: number;
  refs: Struct[];
}

/** What a struct integrated by the update became: a GC (its parent did not resolve) or an item, a type or not. */
interface Placed {
  clock: number;
  end: number;
  gc: boolean;
  type: boolean;
}

/**
 * The document's store as the update would leave it, read only: each client's state, and what a clock holds
 * (stored structs from the store, the update's from what they became).
 */
class Reach {
  private readonly state = new Map<number, number>();
  private readonly placed = new Map<number, Placed[]>();

  constructor(private readonly store: Y.Doc['store']) {}

  stateOf(client: number): number {
    return this.state.get(client) ?? Y.getState(this.store, client);
  }

  /** Looks a struct up as Yjs does (getItem): throws past the state. */
  at(client: number, clock: number): { gc: boolean; type: boolean } {
    if (clock >= this.stateOf(client)) throw new Unresolvable();
    if (clock < Y.getState(this.store, client)) {
      const structs = this.store.clients.get(client)!;
      const struct = structs[Y.findIndexSS(structs, clock)]!;
      return struct instanceof Y.Item ? (struct.content instanceof Y.ContentType ? STORED_TYPE : STORED_ITEM) : STORED_GC;
    }
    const list = this.placed.get(client)!;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid]!.clock <= clock) lo = mid;
      else hi = mid - 1;
    }
    return list[lo]!;
  }

  place(client: number, placed: Placed): void {
    this.state.set(client, placed.end);
    const list = this.placed.get(client);
    if (list) list.push(placed);
    else this.placed.set(client, [placed]);
  }
}

/** What Y.applyUpdate would do with `update` on a document whose store is `store` (and that has nothing pending). */
export function checkIntegration(store: Y.Doc['store'], update: DecodedUpdate): Integration {
  const reach = new Reach(store);
  try {
    const pending = integrateStructs(update.clients, reach);
    let pendingDeletes = false;
    for (const range of update.deletes) {
      const reached = reach.stateOf(range.client);
      if (range.clock >= reached) {
        if (range.len === 0) return 'throws'; // Yjs keeps it as pendingDs, whose encoder throws on an empty range
        pendingDeletes = true;
      } else if (range.clock + range.len > reached) {
        pendingDeletes = true;
      }
    }
    return pending || pendingDeletes ? 'pending' : 'complete';
  } catch (error) {
    if (error instanceof Unresolvable) return 'throws';
    throw error;
  }
}

/** Yjs' integrateStructs, integrating into `reach`; returns whether any struct stays pending. */
function integrateStructs(clients: Map<number, Struct[]>, reach: Reach): boolean {
  if (clients.size === 1) for (const refs of clients.values()) return integrateOneClient(refs, reach);
  const refsOf = new Map<number, ClientRefs>();
  for (const [client, refs] of clients) refsOf.set(client, { i: 0, refs });
  let ids = [...refsOf.keys()].sort((a, b) => a - b);
  const nextTarget = (): ClientRefs | null => {
    while (ids.length > 0) {
      const target = refsOf.get(ids[ids.length - 1]!)!;
      if (target.i < target.refs.length) return target;
      ids.pop();
    }
    return null;
  };
  let current = nextTarget();
  if (current === null) return false;
  let pending = false;
  const stack: Struct[] = [];
  const stackToRest = () => {
    pending = true;
    for (const struct of stack) {
      const client = struct.id.client;
      const refs = refsOf.get(client);
      if (refs) {
        refsOf.delete(client);
        refs.i = 0;
        refs.refs = [];
      }
      ids = ids.filter((c) => c !== client);
    }
    stack.length = 0;
  };
  let head: Struct = current.refs[current.i++]!;
  for (;;) {
    if (!(head instanceof Y.Skip)) {
      const offset = reach.stateOf(head.id.client) - head.id.clock;
      if (offset < 0) {
        stack.push(head); // a gap in this client's clocks
        stackToRest();
      } else {
        const missing = missingClient(head, reach);
        if (missing !== null) {
          stack.push(head);
          const refs = refsOf.get(missing);
          if (!refs || refs.i === refs.refs.length) {
            stackToRest(); // depends on what is neither in the document nor in the update
          } else {
            head = refs.refs[refs.i++]!;
            continue;
          }
        } else if (offset === 0 || offset < head.length) {
          integrate(head, offset, reach);
        }
      }
    }
    if (stack.length > 0) {
      head = stack.pop()!;
    } else if (current !== null && current.i < current.refs.length) {
      head = current.refs[current.i++]!;
    } else {
      current = nextTarget();
      if (current === null) return pending;
      head = current.refs[current.i++]!;
    }
  }
}

/**
 * integrateStructs for an update of one client (a keystroke): its structs in order; at a gap in its clocks, or a
 * reference to another client past that client's state (there is no other client in the update to take it from),
 * the rest stays pending — what the general loop's stack comes to with one client, without its bookkeeping.
 */
function integrateOneClient(refs: readonly Struct[], reach: Reach): boolean {
  for (const head of refs) {
    if (head instanceof Y.Skip) continue;
    const offset = reach.stateOf(head.id.client) - head.id.clock;
    if (offset < 0 || missingClient(head, reach) !== null) return true;
    if (offset === 0 || offset < head.length) integrate(head, offset, reach);
  }
  return false;
}

/**
 * Item.getMissing's first half: the client of a reference to another client past its state (integrated later, or
 * never), else null. (Its second half looks the references up: integrate() does.)
 */
function missingClient(struct: Y.Item | Y.GC, reach: Reach): number | null {
  if (!(struct instanceof Y.Item)) return null;
  const own = struct.id.client;
  const { origin, rightOrigin } = struct;
  const parent: unknown = struct.parent;
  if (origin && origin.client !== own && origin.clock >= reach.stateOf(origin.client)) return origin.client;
  if (rightOrigin && rightOrigin.client !== own && rightOrigin.clock >= reach.stateOf(rightOrigin.client)) return rightOrigin.client;
  if (parent instanceof Y.ID && parent.client !== own && parent.clock >= reach.stateOf(parent.client)) return parent.client;
  return null;
}

/**
 * Item.getMissing's second half and Item.integrate: looks the references up (throws past the state: only the item's
 * own client's can be), resolves the parent (an item next to a GC, or under a parent id that is no type, becomes a
 * GC), and for an item continuing its client from the middle (offset > 0) takes its own previous struct as its left,
 * on which Yjs's integration throws when that is a GC (it walks `left.right`, which a GC has not).
 */
function integrate(struct: Y.Item | Y.GC, offset: number, reach: Reach): void {
  const client = struct.id.client;
  const end = struct.id.clock + struct.length;
  if (!(struct instanceof Y.Item)) {
    reach.place(client, { clock: struct.id.clock + offset, end, gc: true, type: false });
    return;
  }
  const { origin, rightOrigin } = struct;
  const parent: unknown = struct.parent;
  const left = origin ? reach.at(origin.client, origin.clock) : null;
  const right = rightOrigin ? reach.at(rightOrigin.client, rightOrigin.clock) : null;
  let hasParent: boolean;
  if (left?.gc || right?.gc) {
    hasParent = false;
  } else if (parent === null) {
    hasParent = left !== null || right !== null; // the neighbour's parent: a stored item always has one
  } else if (parent instanceof Y.ID) {
    const parentStruct = reach.at(parent.client, parent.clock);
    hasParent = !parentStruct.gc && parentStruct.type;
  } else {
    hasParent = true; // a root type
  }
  if (offset > 0 && hasParent && reach.at(client, struct.id.clock + offset - 1).gc) throw new Unresolvable();
  reach.place(client, { clock: struct.id.clock + offset, end, gc: !hasParent, type: hasParent && struct.content instanceof Y.ContentType });
}

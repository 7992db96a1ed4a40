/**
 * The structural check (collab/update-structure.ts) decides what the shadow document decided: the old validation
 * (test/helpers/shadow-validation.ts) is the oracle, and both judge thousands of seeded updates — valid edits of
 * several clients (text with formatting and embeds, maps, arrays, nested types, XML), stale and repeated ones,
 * missing dependencies, reordered updates, truncated and corrupted bytes, forged origins and parents, deletions past
 * the state, cycles, skips, repeated client sections and reused ids.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes.js';
import { checkIntegration, decodeUpdateStructure, type Struct } from '../../collab/update-structure.js';
import { UpdateValidator, type ValidationResult } from '../../collab/update-validation.js';
import { rng } from '../helpers/random.js';
import { shadowVerdict } from '../helpers/shadow-validation.js';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const verdict = (v: ValidationResult) => (v.ok ? 'ok' : v.code);

/** One random edit of a client's document: text, formatting, embeds, maps, arrays, nested types, XML. */
function edit(doc: Y.Doc, r: Rand): void {
  const text = doc.getText('t');
  const map = doc.getMap<unknown>('m');
  const array = doc.getArray<unknown>('a');
  const xml = doc.getXmlFragment('x');
  switch (int(r, 10)) {
    case 0:
    case 1:
      text.insert(int(r, text.length + 1), pick(r, ['a', 'bc', 'def ', 'æøå', '😀', 'x'.repeat(20)]), r() < 0.2 ? { bold: true } : undefined);
      break;
    case 2:
      if (text.length > 0) text.delete(int(r, text.length), 1 + int(r, 3));
      else text.insert(0, 'z');
      break;
    case 3:
      if (text.length > 1) text.format(int(r, text.length - 1), 1 + int(r, 2), { italic: r() < 0.7 ? true : null });
      else text.insertEmbed(0, { image: 'x.png' });
      break;
    case 4:
      map.set(`k${int(r, 4)}`, pick(r, [1, 'to', null, { a: [1, 2] }, new Uint8Array([1, 2, 3])]));
      break;
    case 5: {
      const nested = new Y.Map<unknown>();
      nested.set('n', int(r, 100));
      map.set(`k${int(r, 4)}`, r() < 0.5 ? nested : new Y.Text('nested'));
      break;
    }
    case 6: {
      const inner = map.get(`k${int(r, 4)}`);
      if (inner instanceof Y.Text) inner.insert(int(r, inner.length + 1), 'i');
      else if (inner instanceof Y.Map) inner.set('n', int(r, 100));
      else map.delete(`k${int(r, 4)}`);
      break;
    }
    case 7:
      if (array.length > 0 && r() < 0.4) array.delete(int(r, array.length), 1);
      else array.insert(int(r, array.length + 1), [r() < 0.5 ? int(r, 9) : new Y.Array<number>()]);
      break;
    case 8: {
      const p = new Y.XmlElement('p');
      p.setAttribute('class', pick(r, ['a', 'b']));
      p.insert(0, [new Y.XmlText('avsnitt')]);
      xml.insert(int(r, xml.length + 1), [p]);
      break;
    }
    default: {
      const first = xml.get(0);
      if (first instanceof Y.XmlElement) {
        first.setAttribute('id', `${int(r, 9)}`);
        const t = first.get(0);
        if (t instanceof Y.XmlText) t.insert(0, 'x', { bold: true });
      } else if (xml.length > 0) {
        xml.delete(0, 1);
      }
    }
  }
}

/** Re-encodes (v1) structs, one section per run of a client, and deletions: how forged updates are made. */
function encodeStructs(sections: Array<{ client: number; clock: number; structs: Struct[] }>, deletes: Array<[number, number, number]>): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, sections.length);
  for (const s of sections) {
    encoding.writeVarUint(encoder.restEncoder, s.structs.length);
    encoder.writeClient(s.client);
    encoding.writeVarUint(encoder.restEncoder, s.clock);
    for (const struct of s.structs) struct.write(encoder, 0);
  }
  const byClient = new Map<number, Array<[number, number]>>();
  for (const [client, clock, len] of deletes) byClient.set(client, [...(byClient.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

function sectionsOf(update: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(update);
  const sections: Array<{ client: number; clock: number; structs: Struct[] }> = [];
  for (const s of structs as Struct[]) {
    const last = sections[sections.length - 1];
    if (last && last.client === s.id.client) last.structs.push(s);
    else sections.push({ client: s.id.client, clock: s.id.clock, structs: [s] });
  }
  const deletes: Array<[number, number, number]> = [];
  for (const [client, items] of ds.clients) for (const d of items) deletes.push([client, d.clock, d.len]);
  return { sections, deletes };
}

/** A forged variant of a valid update: references, clocks, skips, sections and deletions changed. */
function forge(update: Uint8Array, server: Y.Doc, r: Rand): [string, Uint8Array] {
  const { sections, deletes } = sectionsOf(update);
  const clients = [...new Set([...sections.map((s) => s.client), ...server.store.clients.keys(), 1, 2, 3])];
  const past = (client: number) => Y.getState(server.store, client) + int(r, 40);
  const below = (client: number) => Math.max(0, Y.getState(server.store, client) - 1 - int(r, 5));
  const items = sections.flatMap((s) => s.structs.filter((x): x is Y.Item => x instanceof Y.Item));
  const item = items.length ? pick(r, items) : null;
  const kind = int(r, 10);
  switch (kind) {
    case 0: // origin elsewhere: past the state (missing or unresolvable), or somewhere that exists
      if (item) {
        const c = pick(r, clients);
        item.origin = Y.createID(c, r() < 0.7 ? past(c) : below(c));
      }
      break;
    case 1:
      if (item) {
        const c = pick(r, clients);
        item.rightOrigin = Y.createID(c, r() < 0.7 ? past(c) : below(c));
      }
      break;
    case 2: // a parent id instead of the origins
      if (item) {
        const c = pick(r, clients);
        item.origin = null;
        item.rightOrigin = null;
        item.parent = Y.createID(c, r() < 0.6 ? past(c) : below(c)) as never;
      }
      break;
    case 3: // deletions past the state, or overlapping it
      deletes.push([pick(r, clients), r() < 0.5 ? past(pick(r, clients)) : below(pick(r, clients)), int(r, 6)]);
      break;
    case 4: // a skip: in the middle (a gap) or at the end
      if (sections.length) {
        const s = pick(r, sections);
        s.structs.splice(int(r, s.structs.length + 1), 0, new Y.Skip(Y.createID(s.client, 0), 1 + int(r, 3)));
      }
      break;
    case 5: // a section's start moved
      if (sections.length) {
        const s = pick(r, sections);
        s.clock = Math.max(0, s.clock + pick(r, [-2, -1, 1, 2, 5]));
      }
      break;
    case 6: // a client's section sent twice, or split in two
      if (sections.length) {
        const i = int(r, sections.length);
        const s = sections[i]!;
        if (r() < 0.5 || s.structs.length < 2) sections.splice(i, 0, { ...s, structs: [...s.structs] });
        else {
          const cut = 1 + int(r, s.structs.length - 1);
          const second = { client: s.client, clock: s.structs[cut]!.id.clock, structs: s.structs.slice(cut) };
          s.structs = s.structs.slice(0, cut);
          sections.splice(i + 1, 0, second);
        }
      }
      break;
    case 7: { // a cycle: two new clients whose first items refer to each other's
      const [a, b] = [900 + int(r, 50), 950 + int(r, 50)];
      const mk = (client: number, other: number) =>
        new Y.Item(Y.createID(client, 0), null, Y.createID(other, int(r, 2)), null, null, null, null, new Y.ContentString('c'));
      sections.push({ client: a, clock: 0, structs: [mk(a, b), mk(a, b)] }, { client: b, clock: 0, structs: [mk(b, a)] });
      break;
    }
    case 8: // an item refers to an item of the same update from another client (a dependency Yjs takes first)
      if (items.length > 1) {
        const [x, y] = [pick(r, items), pick(r, items)];
        x.origin = Y.createID(y.id.client, y.id.clock + int(r, y.length + 1));
      }
      break;
    default: // an empty item
      if (sections.length) {
        const s = pick(r, sections);
        const at = int(r, s.structs.length + 1);
        const left = s.structs[at - 1];
        const origin = left ? Y.createID(s.client, left.id.clock + left.length - 1) : null;
        s.structs.splice(at, 0, new Y.Item(Y.createID(s.client, 0), null, origin, null, null, origin ? null : ('t' as never), null, new Y.ContentString('')));
      }
  }
  const names = ['origin', 'right origin', 'parent id', 'deletion', 'skip', 'section clock', 'section twice', 'cycle', 'in-update dependency', 'empty item'];
  return [`forged ${names[kind]}`, encodeStructs(sections, deletes)];
}

/** Whether the update decodes (Y.decodeUpdate) with a struct of length 0. */
function hasEmptyStruct(update: Uint8Array): boolean {
  try {
    return Y.decodeUpdate(update).structs.some((s) => s.length === 0);
  } catch {
    return false;
  }
}

describe('the structural check decides what the shadow document decided', () => {
  it('on a few thousand seeded updates: valid, stale, missing dependencies, reordered, truncated, corrupted, forged', () => {
    const r = rng(Number(process.env.UPDATE_FUZZ_SEED ?? 20261207)); // another seed: UPDATE_FUZZ_SEED=n
    let server = new Y.Doc();
    let validator = new UpdateValidator(server, () => {});
    const newClients = () =>
      [1, 2, 3, 4, 7_000_000_001].map((id) => {
        const d = new Y.Doc();
        d.clientID = id;
        return d;
      });
    let clients = newClients();
    const restart = () => {
      validator.destroy();
      server = new Y.Doc();
      validator = new UpdateValidator(server, () => {});
      clients = newClients();
    };
    const tally = new Map<string, number>();
    const differences: string[] = [];
    let cases = 0;

    const judge = (kind0: string, update: Uint8Array, accept: boolean) => {
      cases++;
      let kind = kind0;
      const actual = validator.validate(update);
      // Refused whatever the shadow said (Yjs writes none; they break its binary search over a client's structs).
      const empty = hasEmptyStruct(update);
      const expected = empty ? CloseCode.invalidPayload : verdict(shadowVerdict(server, update));
      if (empty) kind = `${kind} (empty struct)`;
      tally.set(`${kind} → ${expected}`, (tally.get(`${kind} → ${expected}`) ?? 0) + 1);
      if (verdict(actual) !== expected) {
        differences.push(`${kind} #${cases}: shadow ${expected}, structural ${verdict(actual)}: ${Buffer.from(update).toString('hex').slice(0, 200)}`);
        return;
      }
      if (actual.ok && accept) {
        validator.apply(update, 'client', r() < 0.5);
        expect(server.store.pendingStructs).toBeNull();
        expect(server.store.pendingDs).toBeNull();
      }
    };

    for (let round = 0; round < 2000; round++) {
      if (round % 250 === 249) restart(); // documents stay small: the oracle copies the document for every case
      const client = pick(r, clients);
      if (r() < 0.3) Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
      const known = Y.encodeStateVector(server);
      for (let n = 1 + int(r, 3); n > 0; n--) edit(client, r);
      const middle = Y.encodeStateVector(client);
      for (let n = int(r, 3); n > 0; n--) edit(client, r);
      const all = Y.encodeStateAsUpdate(client, known);
      const tail = Y.encodeStateAsUpdate(client, middle);
      switch (int(r, 9)) {
        case 0: // what is missing only after what is missing first: refused, then both in order
          judge('tail first', tail, true);
          judge('head', Y.encodeStateAsUpdate(client, known), false);
          judge('all', all, true);
          break;
        case 1:
          judge('truncated', all.slice(0, int(r, all.length)), false);
          judge('all', all, true);
          break;
        case 2: {
          const bytes = all.slice();
          for (let n = 1 + int(r, 3); n > 0; n--) bytes[int(r, bytes.length)] = r() < 0.5 ? int(r, 256) : bytes[int(r, bytes.length)]!;
          judge('corrupted', bytes, true);
          break;
        }
        case 3:
        case 4:
        case 8:
          judge(...forge(all, server, r), true);
          break;
        case 5: { // another document reusing this client's ids
          const impostor = new Y.Doc();
          impostor.clientID = client.clientID;
          edit(impostor, r);
          judge('impostor', Y.encodeStateAsUpdate(impostor), false);
          judge('all', all, true);
          break;
        }
        case 6: // a sync step 2: everything the client holds, most of it known
          judge('full state', Y.encodeStateAsUpdate(client), true);
          break;
        case 7:
          judge('all', all, true);
          judge('repeated', all, true);
      }
    }
    const summary = [...tally].sort().map(([k, n]) => `${k}: ${n}`).join('\n');
    console.log(`[update-structure] ${cases} updates judged\n${summary}`);
    expect(differences.slice(0, 10)).toEqual([]);
    expect(cases).toBeGreaterThan(3000);
    // The cases reach every verdict, valid and refused.
    const verdicts = new Set([...tally.keys()].map((k) => k.split(' → ')[1]));
    for (const v of ['ok', String(CloseCode.invalidPayload), String(CloseCode.policyViolation), String(CloseCode.conflict)]) {
      expect(verdicts).toContain(v);
    }
    validator.destroy();
  }, 60_000);

  it('names what Yjs would do: complete, pending (missing dependency, gap, cycle, deletion past the state), throws', () => {
    const doc = new Y.Doc();
    doc.clientID = 5;
    doc.getText('t').insert(0, 'abc');
    const check = (update: Uint8Array) => checkIntegration(doc.store, decodeUpdateStructure(update));
    const item = (client: number, clock: number, origin: Y.ID | null, parent: string | Y.ID | null = null) =>
      new Y.Item(Y.createID(client, clock), null, origin, null, null, parent as never, null, new Y.ContentString('x'));
    const one = (client: number, clock: number, structs: Struct[], deletes: Array<[number, number, number]> = []) =>
      encodeStructs([{ client, clock, structs }], deletes);

    expect(check(one(6, 0, [item(6, 0, Y.createID(5, 2))]))).toBe('complete');
    expect(check(one(6, 0, [item(6, 0, Y.createID(5, 3))]))).toBe('pending'); // past 5's state
    expect(check(one(6, 1, [item(6, 1, Y.createID(5, 0))]))).toBe('pending'); // 6:0 never sent
    expect(check(one(6, 0, [item(6, 0, Y.createID(6, 0))]))).toBe('throws'); // its own client, not integrated yet
    expect(check(one(6, 0, [item(6, 0, null, Y.createID(6, 3))]))).toBe('throws');
    expect(check(one(6, 0, [item(6, 0, null, 't'), new Y.Skip(Y.createID(6, 1), 2), item(6, 3, Y.createID(6, 0))]))).toBe('pending');
    expect(check(one(6, 0, [item(6, 0, null, 't'), new Y.Skip(Y.createID(6, 1), 2)]))).toBe('complete'); // a skip at the end: nothing after it
    expect(check(one(6, 0, [item(6, 0, Y.createID(5, 0))], [[5, 2, 2]]))).toBe('pending'); // deletes 5:3, never sent
    expect(check(one(6, 0, [item(6, 0, Y.createID(5, 0))], [[6, 0, 1]]))).toBe('complete'); // deletes what it adds
    const cycle = encodeStructs(
      [
        { client: 7, clock: 0, structs: [item(7, 0, Y.createID(8, 0))] },
        { client: 8, clock: 0, structs: [item(8, 0, Y.createID(7, 0))] },
      ],
      [],
    );
    expect(check(cycle)).toBe('pending');
    const chain = encodeStructs(
      [
        { client: 7, clock: 0, structs: [item(7, 0, Y.createID(8, 0))] },
        { client: 8, clock: 0, structs: [item(8, 0, Y.createID(5, 0))] },
      ],
      [],
    );
    expect(check(chain)).toBe('complete'); // 8:0 first, then 7:0, as Yjs integrates them

    // An item continuing its client from the middle, next to that client's garbage-collected struct: Yjs throws
    // (Item.integrate walks `left.right`, which a GC has not).
    const gcd = new Y.Doc();
    gcd.clientID = 5;
    gcd.getText('t').insert(0, 'root'); // 5:0–3
    gcd.getMap('m').set('x', new Y.Text()); // 5:4
    (gcd.getMap('m').get('x') as Y.Text).insert(0, 'abc'); // 5:5–7
    gcd.getMap('m').delete('x'); // the text and its items collected
    const overlap2 = encodeStructs(
      [{ client: 5, clock: 7, structs: [new Y.Item(Y.createID(5, 7), null, Y.createID(5, 1), null, null, null, null, new Y.ContentString('xy'))] }],
      [],
    );
    expect(checkIntegration(gcd.store, decodeUpdateStructure(overlap2))).toBe('throws');
    expect(shadowVerdict(gcd, overlap2)).toMatchObject({ ok: false, code: CloseCode.invalidPayload });
  });
});

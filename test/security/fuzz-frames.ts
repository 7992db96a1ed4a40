/**
 * Frames for fuzzing the collab endpoint: random bytes, valid prefixes with garbage, huge varints, truncated,
 * bit-flipped and reordered versions of real updates, awareness with bad JSON, text frames, oversized frames.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { syncFrame } from '../helpers/y-frames.js';
import { randomBytes, randomString, type Rand } from './fuzz-random.js';

function frameOf(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const concat = (...parts: Array<Uint8Array | number[]>) => {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};

const awarenessFrame = (clientId: number, clock: number, state: string) =>
  frameOf((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      frameOf((inner) => {
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, clientId);
        encoding.writeVarUint(inner, clock);
        encoding.writeVarString(inner, state);
      }),
    );
  });

/**
 * Realistic updates: edits of the seed referat made on a copy of its document, in order (each depends on the ones
 * before it), so that intact, truncated, reordered and bit-flipped versions of real traffic can be sent.
 */
export function realisticUpdates(base: Uint8Array, rand: Rand, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const texts: Y.Text[] = [];
  doc.getMap('items').forEach((item) => {
    if (!(item instanceof Y.Map)) return;
    for (const key of ['notes', 'decision']) if (item.get(key) instanceof Y.Text) texts.push(item.get(key) as Y.Text);
  });
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const sv = Y.encodeStateVector(doc);
    const t = texts[Math.floor(rand() * texts.length)]!;
    if (t.length > 4 && rand() < 0.3) t.delete(Math.floor(rand() * (t.length - 2)), 1 + Math.floor(rand() * 2));
    else t.insert(Math.floor(rand() * (t.length + 1)), `[fz${i}]`);
    out.push(Y.encodeStateAsUpdate(doc, sv));
  }
  doc.destroy();
  return out;
}

export type FrameKind =
  | 'random-bytes'
  | 'valid-prefix+garbage'
  | 'random-message-type'
  | 'huge-varint'
  | 'truncated-update'
  | 'bitflipped-update'
  | 'update'
  | 'standalone-update'
  | 'awareness'
  | 'awareness-bad-json'
  | 'sync-step-1-garbage'
  | 'sync-step-1'
  | 'query-awareness+trailing'
  | 'query-awareness'
  | 'text-frame'
  | 'empty'
  | 'oversized';

export function frameGenerator(rand: Rand, realistic: Uint8Array[]) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const realFrame = () => syncFrame(rand() < 0.8 ? 2 : 1, pick(realistic));
  const table: Array<[FrameKind, number, () => Uint8Array | string]> = [
    ['random-bytes', 10, () => randomBytes(rand, 64)],
    ['valid-prefix+garbage', 12, () => concat([pick([0, 1, 3]), Math.floor(rand() * 3)], randomBytes(rand, 48))],
    ['random-message-type', 7, () => concat(frameOf((e) => encoding.writeVarUint(e, 4 + Math.floor(rand() * 2 ** 31))), randomBytes(rand, 16))],
    [
      'huge-varint',
      8,
      () =>
        pick([
          () => concat([0, 2], new Array(5 + Math.floor(rand() * 8)).fill(0xff), [0x0f]),
          () => concat(new Array(10 + Math.floor(rand() * 6)).fill(0xff), [0x01]),
          () => concat([1], new Array(9).fill(0xff), [0x01], randomBytes(rand, 8)),
          () => concat([0, 0], [0xff, 0xff, 0xff, 0xff, 0x0f], randomBytes(rand, 8)),
          () => syncFrame(2, concat([0xff, 0xff, 0xff, 0xff, 0x0f], randomBytes(rand, 16))),
        ])(),
    ],
    [
      'truncated-update',
      12,
      () => {
        const f = realFrame();
        return f.slice(0, Math.max(1, Math.floor(rand() * f.length)));
      },
    ],
    [
      'bitflipped-update',
      12,
      () => {
        const f = realFrame().slice();
        const flips = 1 + Math.floor(rand() * 4);
        for (let i = 0; i < flips; i++) f[3 + Math.floor(rand() * (f.length - 3))]! ^= 1 << Math.floor(rand() * 8);
        return f;
      },
    ],
    ['update', 5, realFrame],
    [
      'standalone-update',
      4,
      () => {
        const d = new Y.Doc();
        d.getText('fuzz').insert(0, randomString(rand, 20) || 'x');
        const u = Y.encodeStateAsUpdate(d);
        d.destroy();
        return syncFrame(2, u);
      },
    ],
    ['awareness', 5, () => awarenessFrame(1 + Math.floor(rand() * 2 ** 30), Math.floor(rand() * 100), JSON.stringify({ user: { name: randomString(rand, 12) } }))],
    ['awareness-bad-json', 4, () => awarenessFrame(1 + Math.floor(rand() * 2 ** 30), 1, `{${randomString(rand, 10)}`)],
    ['sync-step-1-garbage', 5, () => syncFrame(0, randomBytes(rand, 24))],
    ['sync-step-1', 3, () => syncFrame(0, Y.encodeStateVector(new Y.Doc()))],
    ['query-awareness+trailing', 3, () => concat([3], randomBytes(rand, 4).length ? randomBytes(rand, 4) : [0])],
    ['query-awareness', 3, () => Uint8Array.of(3)],
    ['text-frame', 3, () => randomString(rand, 40) || 'hei'],
    ['empty', 2, () => new Uint8Array(0)],
  ];
  const total = table.reduce((n, [, w]) => n + w, 0);
  return (): { kind: FrameKind; frame: Uint8Array | string } => {
    let r = rand() * total;
    for (const [kind, weight, make] of table) {
      r -= weight;
      if (r < 0) return { kind, frame: make() };
    }
    return { kind: 'empty', frame: new Uint8Array(0) };
  };
}

/**
 * The snapshot a compaction writes is encoded into one buffer of the expected size (collab/state-encoding.ts), not in
 * lib0's doubling buffers copied into a result: a 5 MB paste's compaction allocated ≈ 3× the state in ArrayBuffers
 * that V8 frees only at a GC (bench/PROFILE-NOTES.md "paste3").
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeStateSized } from '../../collab/state-encoding.js';

function pasted(chars: number, chunks: number): Y.Doc {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  for (let c = 0; c < chunks; c++) text.insert(text.length, String.fromCharCode(65 + c).repeat(Math.ceil(chars / chunks)));
  return doc;
}

describe('collab: the state a compaction stores', () => {
  it('is Y.encodeStateAsUpdate byte for byte, whatever the expected size', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hello wörld 😀 ');
    text.insert(3, `${'long ø😀 '.repeat(3000)}\ud800 lone`); // a long string (unpaired surrogate included)
    text.format(0, 5, { bold: true });
    text.delete(3, 4);
    const map = doc.getMap('m');
    map.set('n', 1);
    map.set('bin', new Uint8Array([1, 2, 3]));
    map.set('nested', new Y.Text('inner'));
    doc.getXmlFragment('x').insert(0, [new Y.XmlElement('p')]);
    const expected = Y.encodeStateAsUpdate(doc);
    for (const hint of [0, 10, expected.length - 1, expected.length, expected.length * 2, 10 * expected.length]) {
      expect(encodeStateSized(doc, hint)).toEqual(expected);
    }
    const large = pasted(600_000, 3);
    expect(encodeStateSized(large, 1000)).toEqual(Y.encodeStateAsUpdate(large)); // outgrew the buffer
  });

  it('keeps what is pending in the document, as Yjs does', () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'first');
    const sv = Y.encodeStateVector(source);
    source.getText('t').insert(5, ' second');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, sv)); // depends on 'first', which never came
    expect(doc.store.pendingStructs).not.toBeNull();
    const expected = Y.encodeStateAsUpdate(doc);
    expect(encodeStateSized(doc, expected.length)).toEqual(expected);
    const check = new Y.Doc();
    Y.applyUpdate(check, encodeStateSized(doc, 100));
    expect(check.store.pendingStructs).not.toBeNull();
  });

  it('allocates about the state once, where lib0 allocates about three times it', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const doc = pasted(4 * 1024 * 1024, 8);
    const size = Y.encodeStateAsUpdate(doc).length;
    /** ArrayBuffer bytes still held (the garbage too: no gc) right after encoding. */
    const held = (encode: () => Uint8Array) => {
      gc();
      gc();
      const before = process.memoryUsage().arrayBuffers;
      const state = encode();
      const grew = process.memoryUsage().arrayBuffers - before;
      expect(state.length).toBe(size);
      return grew / size;
    };
    const plain = held(() => Y.encodeStateAsUpdate(doc));
    const sized = held(() => encodeStateSized(doc, size));
    console.log(`[state encoding] ArrayBuffers per byte of a ${(size / 1e6).toFixed(1)} MB state: Y.encodeStateAsUpdate ${plain.toFixed(2)}, sized ${sized.toFixed(2)}`);
    expect(plain).toBeGreaterThan(2); // what the measurement tells apart
    expect(sized).toBeLessThan(1.2);
  });
});

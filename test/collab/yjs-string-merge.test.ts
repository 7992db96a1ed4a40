/**
 * The server's document keeps typed text as flat strings (collab/yjs-string-merge.ts): Yjs joins a typist's
 * consecutive inserts with `str += right.str`, which V8 keeps as a rope — one ≈ 50-byte link per keystroke for as long
 * as nothing reads the whole string. The server no longer encodes a client's update again (its own bytes are logged and
 * broadcast), so only compaction read them, every 500 updates: keystroke-sized objects that lived for minutes and
 * fragmented V8's old space (the soak's RSS slope, bench/PROFILE-NOTES.md "soak3").
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { limitStringMerges, MAX_MERGED_CHARS } from '../../collab/yjs-string-merge.js';

function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

describe('collab: string items of the server document', () => {
  it('stay flat while typists append to them, without anything encoding the document', () => {
    limitStringMerges();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    /** 20 typists, each into a field of its own, one short chunk per update as the soak types. */
    const session = (keystrokes: number) => {
      const served = new Y.Doc(); // as the server holds it: updates applied, no 'update' listener encoding them
      const typists = Array.from({ length: 20 }, (_, i) => docWithClient(100 + i));
      let chars = 0;
      for (let k = 0; k < keystrokes; k++) {
        for (const [i, t] of typists.entries()) {
          const sv = Y.encodeStateVector(t);
          const chunk = `${i}.${k};`; // 4–8 characters
          t.getText(`f${i}`).insert(t.getText(`f${i}`).length, chunk);
          chars += chunk.length;
          Y.applyUpdate(served, Y.encodeStateAsUpdate(t, sv));
        }
      }
      for (const t of typists) t.destroy();
      return { served, chars };
    };
    session(200); // compiles what the session runs, so that the measurement below is the document alone
    const before = heap();
    const { served, chars } = session(1500);
    const bytesPerChar = (heap() - before) / chars;
    console.log(`[string merge] live heap per character typed: ${bytesPerChar.toFixed(1)} B`);
    // Flat: about a byte per character; as ropes ≈ 9 B more (a 32-byte link and a small string per keystroke of ≈ 7
    // characters).
    expect(bytesPerChar).toBeLessThan(4);

    // The same text, in items no longer than the merge limit.
    for (let i = 0; i < 20; i++) {
      expect(served.getText(`f${i}`).toString()).toBe(Array.from({ length: 1500 }, (_, k) => `${i}.${k};`).join(''));
    }
    for (let item = served.getText('f0')._start; item !== null; item = item.right) expect(item.length).toBeLessThanOrEqual(MAX_MERGED_CHARS);
  }, 60_000);
});

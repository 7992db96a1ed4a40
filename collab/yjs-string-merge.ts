/**
 * Yjs joins consecutive inserts of one client into one item (`ContentString.mergeWith`: `this.str += right.str`), and
 * V8 keeps the sum as a rope. Whenever Yjs then writes part of such an item — the `update` event of every transaction
 * that appended to it is encoded with `str.slice(offset)` — V8 first flattens the whole rope into a new string: one
 * copy of the item's whole text per update. A 5 MB paste in ten updates allocated 0.5 + 1 + … + 5 = 27.5 MB of
 * strings that way, and after it every keystroke typed at its end copied the 5 MB again (3.7 ms of CPU each).
 *
 * `limitStringMerges` makes Yjs leave two string items apart when together they would exceed MAX_MERGED_CHARS, so
 * that no item grows past it by merging (a single insert stays one item, however long: it is flat already). The
 * document holds the same text either way; it has one more item per MAX_MERGED_CHARS characters, and what one update
 * copies is bounded by that. Process-wide (it changes Yjs's ContentString), idempotent.
 */
import * as Y from 'yjs';

/** Longest string item built by merging: a keystroke's update copies at most this many characters. */
export const MAX_MERGED_CHARS = 8 * 1024;

const LIMITED = Symbol.for('motebok.yjs.limitStringMerges');

interface MergeableContent {
  str: string;
  mergeWith(right: MergeableContent): boolean;
}

export function limitStringMerges(): void {
  const proto = Y.ContentString.prototype as unknown as MergeableContent & { [LIMITED]?: true };
  if (proto[LIMITED]) return;
  const merge = proto.mergeWith;
  proto.mergeWith = function mergeWithinLimit(this: MergeableContent, right: MergeableContent): boolean {
    if (this.str.length + right.str.length > MAX_MERGED_CHARS) return false;
    return merge.call(this, right);
  };
  proto[LIMITED] = true;
}

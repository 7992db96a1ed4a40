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
 *
 * It also flattens each merged string at once. The server no longer encodes a client's update again (its own bytes
 * are logged and broadcast), so nothing read a merged item's text until the next compaction (every 500 updates of the
 * document): each keystroke left a 32-byte rope link and its own small string, ≈ 9 bytes per typed character, alive
 * for minutes and then garbage — objects that outlive many full collections, scattered over V8's old-space pages,
 * which then stay committed (the soak's RSS slope, bench/PROFILE-NOTES.md "soak3"). Flattening copies the item once
 * per merge, at most MAX_MERGED_CHARS characters, and what it drops dies young.
 */
import * as Y from 'yjs';

/** Longest string item built by merging: a keystroke's update copies at most this many characters. */
export const MAX_MERGED_CHARS = 8 * 1024;

const LIMITED = Symbol.for('motebok.yjs.limitStringMerges');

interface MergeableContent {
  str: string;
  mergeWith(right: MergeableContent): boolean;
}

/** Makes V8 replace a rope by one flat string (any read of its characters does; the result is not needed). */
function flatten(str: string): void {
  void str.charCodeAt(str.length - 1);
}

export function limitStringMerges(): void {
  const proto = Y.ContentString.prototype as unknown as MergeableContent & { [LIMITED]?: true };
  if (proto[LIMITED]) return;
  const merge = proto.mergeWith;
  proto.mergeWith = function mergeWithinLimit(this: MergeableContent, right: MergeableContent): boolean {
    if (this.str.length + right.str.length > MAX_MERGED_CHARS) return false;
    if (!merge.call(this, right)) return false;
    flatten(this.str);
    return true;
  };
  proto[LIMITED] = true;
}

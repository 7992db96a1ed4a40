/**
 * The layout of a meeting's collaborative referat: one Y.Doc per meeting, named `minutes:<meetingId>`.
 *
 *   items: Y.Map                      keyed by agenda item id
 *     <itemId>: Y.Map
 *       notes: Y.Text                 what was reported or discussed
 *       decision: Y.Text              vedtak
 *       subItems: Y.Map               keyed by letter ("A", "B", …)
 *         <letter>: Y.Map
 *           notes: Y.Text
 *           decision: Y.Text
 *
 * Pure functions over yjs only; shared by the collab server, the GraphQL binding and tests.
 */
import * as Y from 'yjs';

export const MINUTES_DOC_PREFIX = 'minutes:';
export const ITEMS_KEY = 'items';
export const NOTES_KEY = 'notes';
export const DECISION_KEY = 'decision';
export const SUB_ITEMS_KEY = 'subItems';

export interface LayoutSubItem {
  letter: string;
  notes: string | null;
  decision: string | null;
}

export interface LayoutItem {
  id: string;
  notes: string | null;
  decision: string | null;
  subItems: LayoutSubItem[];
}

export interface ProjectedText {
  notes: string;
  decision: string;
}

export interface ProjectedItem extends ProjectedText {
  subItems: Record<string, ProjectedText>;
}

/** Plain projection of a minutes document, keyed by agenda item id. */
export type MinutesProjection = Record<string, ProjectedItem>;

/** The document name of a meeting's referat. */
export function minutesDocName(meetingId: string): string {
  if (!meetingId) throw new Error('meetingId must not be empty');
  return `${MINUTES_DOC_PREFIX}${meetingId}`;
}

/** The meeting id of a minutes document name, or null for any other name. */
export function parseMinutesDocName(name: string): string | null {
  if (!name.startsWith(MINUTES_DOC_PREFIX)) return null;
  const meetingId = name.slice(MINUTES_DOC_PREFIX.length);
  return meetingId.length > 0 ? meetingId : null;
}

/** The root map of agenda items. */
export function itemsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ITEMS_KEY);
}

/**
 * Creates whatever structure is missing for the given items, in one transaction with `origin`.
 * Existing maps and texts are left as they are; initial text is only written into a Y.Text created here.
 * A value of the wrong type (not a Y.Map / Y.Text) counts as missing and is replaced.
 * Returns true when anything was created.
 */
export function ensureLayout(doc: Y.Doc, items: readonly LayoutItem[], origin: unknown): boolean {
  let changed = false;
  doc.transact(() => {
    const root = itemsMap(doc);
    for (const item of items) {
      const itemMap = ensureMap(root, item.id, () => (changed = true));
      if (ensureText(itemMap, NOTES_KEY, item.notes)) changed = true;
      if (ensureText(itemMap, DECISION_KEY, item.decision)) changed = true;
      const subItems = ensureMap(itemMap, SUB_ITEMS_KEY, () => (changed = true));
      for (const sub of item.subItems) {
        const subMap = ensureMap(subItems, sub.letter, () => (changed = true));
        if (ensureText(subMap, NOTES_KEY, sub.notes)) changed = true;
        if (ensureText(subMap, DECISION_KEY, sub.decision)) changed = true;
      }
    }
  }, origin);
  return changed;
}

function ensureMap(parent: Y.Map<unknown>, key: string, onCreate: () => void): Y.Map<unknown> {
  const existing = parent.get(key);
  if (existing instanceof Y.Map) return existing;
  const created = new Y.Map<unknown>();
  parent.set(key, created);
  onCreate();
  return created;
}

function ensureText(parent: Y.Map<unknown>, key: string, initial: string | null): boolean {
  if (parent.get(key) instanceof Y.Text) return false;
  const text = new Y.Text();
  parent.set(key, text);
  if (initial) text.insert(0, initial);
  return true;
}

/**
 * A live text as the record holds it: without U+0000, which a client may paste or type but no record (nor a
 * PostgreSQL text column) can hold. The live document keeps what was typed; its projection never has it.
 */
export function recordText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

function textOf(value: unknown): string {
  return value instanceof Y.Text ? recordText(value.toString()) : '';
}

/** A pure, plain-object projection of the document (missing or malformed parts read as empty). */
export function projectMinutes(doc: Y.Doc): MinutesProjection {
  const result: MinutesProjection = {};
  for (const [itemId, value] of itemsMap(doc).entries()) {
    if (!(value instanceof Y.Map)) continue;
    const subItems: Record<string, ProjectedText> = {};
    const subMap = value.get(SUB_ITEMS_KEY);
    if (subMap instanceof Y.Map) {
      for (const [letter, sub] of subMap.entries()) {
        if (!(sub instanceof Y.Map)) continue;
        subItems[letter] = { notes: textOf(sub.get(NOTES_KEY)), decision: textOf(sub.get(DECISION_KEY)) };
      }
    }
    result[itemId] = { notes: textOf(value.get(NOTES_KEY)), decision: textOf(value.get(DECISION_KEY)), subItems };
  }
  return result;
}

/** The Y.Text of an item's (or sub-item's) field, or null when the structure is missing. */
export function getMinutesText(doc: Y.Doc, itemId: string, field: 'notes' | 'decision', letter?: string): Y.Text | null {
  const item = itemsMap(doc).get(itemId);
  if (!(item instanceof Y.Map)) return null;
  let owner: Y.Map<unknown> = item;
  if (letter !== undefined) {
    const subItems = item.get(SUB_ITEMS_KEY);
    const sub = subItems instanceof Y.Map ? subItems.get(letter) : undefined;
    if (!(sub instanceof Y.Map)) return null;
    owner = sub;
  }
  const text = owner.get(field);
  return text instanceof Y.Text ? text : null;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The minimal single edit turning `oldText` into `newText`: the common prefix and suffix are kept and only
 * the middle is replaced. Never splits a UTF-16 surrogate pair.
 */
export function textDiff(oldText: string, newText: string): { index: number; remove: number; insert: string } {
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(oldText.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = max - prefix;
  while (
    suffix < maxSuffix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: oldText.length - prefix - suffix,
    insert: newText.slice(prefix, newText.length - suffix),
  };
}

/**
 * Turns `ytext` into `newText` with a minimal edit (common prefix and suffix kept), in one transaction with
 * `origin`. Returns true when the text changed. Formatting attributes are not touched. The text must be in a document.
 */
export function applyTextDiff(ytext: Y.Text, newText: string, origin?: unknown): boolean {
  const doc = ytext.doc;
  if (!doc) throw new Error('applyTextDiff: the Y.Text is not in a document');
  const { index, remove, insert } = textDiff(ytext.toString(), newText);
  if (remove === 0 && insert.length === 0) return false;
  doc.transact(() => {
    if (remove > 0) ytext.delete(index, remove);
    if (insert.length > 0) ytext.insert(index, insert);
  }, origin);
  return true;
}

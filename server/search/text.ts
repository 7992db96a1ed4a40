/**
 * How search reads Norwegian text, the same on the index side and the query side.
 *
 * - Folding: lower case; æ, ø and å are letters of their own and stay; ä, ö and ü become æ, ø and y (as Norwegian
 *   alphabetises them); other diacritics are dropped (é → e, ó → o, á → a).
 * - Words: runs of letters and digits.
 * - Stemming: the Snowball Norwegian stemmer (@orama/stemmers), the algorithm PostgreSQL's `norwegian` text-search
 *   configuration uses, so "vedtakene" and "vedtak" both index as "vedtak" and "kommunene" and "kommune" as "kommun"
 *   on SQLite as on PostgreSQL. Words holding digits are kept as they are.
 * - Numbers: an item number is one thing however it is written: "21/2017", "21/17", "2017/21" and "sak 21/2017" all
 *   give the key `sak2017n21` (schema/item-number.ts reads them). Another "a/b" (an archive case number such as
 *   "17/1234" or "2017/1234") gives `nr17x1234`, a four-digit year shortened to two digits.
 */
import { stemmer } from '@orama/stemmers/norwegian';
import { parseItemNumber } from '../../schema/item-number.js';

/** Lower case, Norwegian letters kept, other diacritics folded (see the module comment). */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/a\u030a/g, 'å')
    .replace(/a\u0308/g, 'æ')
    .replace(/o\u0308/g, 'ø')
    .replace(/u\u0308/g, 'y')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}

/** The words of a folded text. */
export function words(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The stem of a folded word; words with digits, and very short ones, are their own stem. */
export function stem(word: string): string {
  if (word.length < 3 || /\p{N}/u.test(word)) return word;
  return stemmer(word);
}

/** "sak 21/2017", "2017/21", "24a/2017", "17/1234": an optional "sak", digits, an optional letter, "/", digits. */
const NUMBER = /(?<![\p{L}\p{N}])(?:sak\s*)?(\d{1,4})\s*([a-z]?)\s*\/\s*(\d{1,4})(?![\p{L}\p{N}/])/giu;

export interface NumberMatch {
  /** Where the number is in the text, "sak" included. */
  start: number;
  end: number;
  key: string;
}

const MAX_ITEM_YEAR = 2199;

/** The key of one "a/b" (see the module comment). */
function numberKey(raw: string, a: string, suffix: string, b: string): string {
  const item = parseItemNumber(raw);
  // "19/4711" reads as item 19 of the year 4711: an archive case number, not an item.
  if (item && item.year <= MAX_ITEM_YEAR) return `sak${item.year}n${item.sequence}${item.suffix}`;
  const first = a.length === 4 && Number(a) >= 1900 ? String(Number(a) % 100).padStart(2, '0') : String(Number(a));
  return `nr${first}${suffix.toLowerCase()}x${Number(b)}`;
}

/** Every item or case number in a text, with its key and place. */
export function findNumbers(text: string): NumberMatch[] {
  const out: NumberMatch[] = [];
  for (const m of text.matchAll(NUMBER)) {
    out.push({ start: m.index, end: m.index + m[0].length, key: numberKey(m[0], m[1]!, m[2]!, m[3]!) });
  }
  return out;
}

/** The distinct number keys of some texts. */
export function numberKeys(...texts: Array<string | null | undefined>): string[] {
  const keys = new Set<string>();
  for (const t of texts) if (t) for (const n of findNumbers(t)) keys.add(n.key);
  return [...keys];
}

/** A text as the SQLite index stores it: its stems, separated by spaces. */
export function stems(text: string): string {
  return words(fold(text)).map(stem).join(' ');
}

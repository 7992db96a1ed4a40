import { badInput } from '../errors.js';
import { findNumbers, fold, stem, words } from './text.js';

/** One word of a query: every word must occur (AND). */
export interface QueryTerm {
  /** As folded (what PostgreSQL's norwegian configuration stems itself). */
  word: string;
  /** As the SQLite index stores it. */
  stem: string;
  /** Written with a trailing "*": any word that starts with it. */
  prefix: boolean;
}

/** What a search text asks for: its words, and the keys of the item and case numbers in it. */
export interface ParsedQuery {
  terms: QueryTerm[];
  keys: string[];
}

export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 16;

/**
 * Reads a search text: item and case numbers ("21/17", "sak 21/2017") become number keys, the rest words (a word
 * ending in "*" matches as a prefix). Refuses a text with nothing to search for, or a very long one.
 */
export function parseQuery(text: string): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) throw badInput(`The search text is longer than ${MAX_QUERY_LENGTH} characters.`, 'query');
  const numbers = findNumbers(text);
  let rest = text;
  for (const n of [...numbers].reverse()) rest = `${rest.slice(0, n.start)} ${rest.slice(n.end)}`;
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const m of fold(rest).matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
    for (const word of words(m[1]!)) {
      const prefix = m[2] === '*';
      const key = `${word}${prefix ? '*' : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push({ word, stem: stem(word), prefix });
    }
  }
  const keys = [...new Set(numbers.map((n) => n.key))];
  if (!terms.length && !keys.length) throw badInput('Give at least one word or number to search for.', 'query');
  if (terms.length + keys.length > MAX_TERMS) throw badInput(`Search for at most ${MAX_TERMS} words at a time.`, 'query');
  return { terms, keys };
}

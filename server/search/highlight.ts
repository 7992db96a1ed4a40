/**
 * Highlighted snippets, made here for both databases from the stored text: the words that match the query (by the
 * same folding, stemming and number keys as the index, server/search/text.ts) are marked, and a long text is cut to
 * the stretch with the most matches.
 */
import type { ParsedQuery } from './query.js';
import { findNumbers, fold, stem } from './text.js';

/** A piece of a snippet: matching words have `match` true. */
export interface TextPart {
  text: string;
  match: boolean;
}

type Span = [start: number, end: number];

/** Folded form and stem of a word as written: the same words recur in every snippet, so they are remembered. */
const known = new Map<string, [folded: string, stem: string]>();
const MAX_KNOWN = 50_000;

function foldAndStem(word: string): [string, string] {
  let found = known.get(word);
  if (!found) {
    if (known.size >= MAX_KNOWN) known.clear();
    const folded = fold(word);
    found = [folded, stem(folded)];
    known.set(word, found);
  }
  return found;
}

/** Where the query matches in a text. */
export function matchSpans(text: string, q: ParsedQuery): Span[] {
  const spans: Span[] = [];
  if (q.keys.length) {
    for (const n of findNumbers(text)) if (q.keys.includes(n.key)) spans.push([n.start, n.end]);
  }
  if (q.terms.length) {
    const exact = new Set(q.terms.filter((t) => !t.prefix).map((t) => t.stem));
    const prefixes = q.terms.filter((t) => t.prefix).map((t) => t.stem);
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const [folded, s] = foldAndStem(m[0]);
      if (exact.has(s) || prefixes.some((p) => s.startsWith(p) || folded.startsWith(p))) spans.push([m.index, m.index + m[0].length]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** The text cut into parts at the spans. */
function parts(text: string, spans: Span[], from: number, to: number): TextPart[] {
  const out: TextPart[] = [];
  let at = from;
  for (const [s, e] of spans) {
    if (e <= from || s >= to) continue;
    const start = Math.max(s, from);
    const end = Math.min(e, to);
    if (start > at) out.push({ text: text.slice(at, start), match: false });
    out.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < to) out.push({ text: text.slice(at, to), match: false });
  return out;
}

/** The whole (short) text with its matches marked: for titles. */
export function highlightAll(text: string, q: ParsedQuery): TextPart[] {
  return parts(text, matchSpans(text, q), 0, text.length);
}

/**
 * A snippet of at most about `maxChars` characters around the densest stretch of matches, cut at word boundaries,
 * with "…" where text was left out. Line breaks become spaces. Without a match: the beginning of the text.
 */
export function snippet(raw: string, q: ParsedQuery, maxChars = 220): TextPart[] {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const spans = matchSpans(text, q);
  if (text.length <= maxChars) return parts(text, spans, 0, text.length);
  let bestStart = 0;
  let bestCount = -1;
  for (const [s] of spans) {
    const start = Math.max(0, s - Math.floor(maxChars / 4));
    const count = spans.filter(([a, b]) => a >= start && b <= start + maxChars).length;
    if (count > bestCount) [bestStart, bestCount] = [start, count];
  }
  let from = bestStart;
  let to = Math.min(text.length, from + maxChars);
  if (to === text.length) from = Math.max(0, to - maxChars);
  // Whole words only.
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < to ? space + 1 : from;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    to = space > from ? space : to;
  }
  const out = parts(text, spans, from, to);
  if (from > 0) out.unshift({ text: '… ', match: false });
  if (to < text.length) out.push({ text: ' …', match: false });
  return out;
}

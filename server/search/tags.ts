/**
 * Who may see an index entry, and the filters, as words of SQLite's FTS5 index itself ("tags"), so that the text
 * index alone answers a search there: which entries match, how many, and the best-ranked page, without visiting the
 * rows that do not make the page (on SQLite the join with `search_entry` per match was most of a broad search; see
 * bench/PROFILE-NOTES.md, "Archive search"). PostgreSQL checks the same rule on columns instead (sql-where.ts: as
 * tsvector lexemes the public's tags made its planner scan every row; "pgsearch" in the same notes).
 *
 * An entry carries a tag per fact: its audiences (search-visibility.ts), its meeting's status, body, year (with its
 * decade, century and millennium, so a year range is a few tags), its hit kind and item kind, whether it has a vedtak.
 * A viewer's scope and a filter become a boolean expression over these tags (`TagExpr`), written as an FTS5 query.
 * Tags are lower-case letters and digits in a column of their own (`tags`), so no search text can match a tag.
 */
import type { IndexEntry, StoreFilter } from './port.js';
import type { SearchScope } from './search-visibility.js';

/** A boolean expression over tags; `true` matches every entry, `false` none. */
export type TagExpr = boolean | { tag: string } | { and: TagExpr[] } | { or: TagExpr[] } | { but: [TagExpr, TagExpr] };

const word = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export const tag = {
  audience: (a: 'readers' | 'publicNotice' | 'publicMinutes') => ({ readers: 'audr', publicNotice: 'audpn', publicMinutes: 'audpm' })[a],
  status: (s: string) => `st${word(s)}`,
  /** A public audience in one meeting status: what a public scope asks for, one tag per (audience, status). */
  view: (a: 'publicNotice' | 'publicMinutes', s: string) => `${tag.audience(a)}${word(s)}`,
  body: (id: string) => `b${word(id)}`,
  kind: (k: string) => `k${word(k)}`,
  itemKind: (k: string) => `ik${word(k)}`,
  decision: (has: boolean) => (has ? 'dec1' : 'dec0'),
};

/** Year tags from the finest to the coarsest: year, decade, century, millennium. */
const YEAR_LEVELS: Array<[size: number, prefix: string]> = [[1, 'y'], [10, 'yd'], [100, 'yc'], [1000, 'ym']];
const MAX_YEAR = 9999;

/** The tags of an entry (see the module comment). */
export function entryTags(e: IndexEntry): string[] {
  const out = [...e.audiences].map((a) => tag.audience(a));
  for (const a of e.audiences) if (a !== 'readers') out.push(tag.view(a, e.status));
  out.push(tag.status(e.status), tag.body(e.bodyId), tag.kind(e.kind), tag.decision(e.hasDecision));
  if (e.itemKind) out.push(tag.itemKind(e.itemKind));
  for (const [size, prefix] of YEAR_LEVELS) out.push(`${prefix}${Math.floor(e.year / size)}`);
  return out;
}

const anyOf = (tags: string[]): TagExpr => or(tags.map((t) => ({ tag: t })));

export function and(xs: TagExpr[]): TagExpr {
  const kept = xs.filter((x) => x !== true);
  if (kept.includes(false)) return false;
  return kept.length === 0 ? true : kept.length === 1 ? kept[0]! : { and: kept };
}

export function or(xs: TagExpr[]): TagExpr {
  const kept = xs.filter((x) => x !== false);
  if (kept.includes(true)) return true;
  return kept.length === 0 ? false : kept.length === 1 ? kept[0]! : { or: kept };
}

/** `a` and not `b`. */
export function but(a: TagExpr, b: TagExpr): TagExpr {
  if (a === false || b === true) return false;
  if (b === false) return a;
  if (a === true) throw new Error('a tag expression cannot be only a negation');
  return { but: [a, b] };
}

/** The years from..to (either open) as the fewest year, decade, century and millennium tags. */
export function yearRange(from = 0, to = MAX_YEAR): TagExpr {
  const lo = Math.max(0, from);
  const hi = Math.min(MAX_YEAR, to);
  if (lo === 0 && hi === MAX_YEAR) return true;
  const tags: string[] = [];
  for (let y = lo; y <= hi;) {
    const [size, prefix] = [...YEAR_LEVELS].reverse().find(([s]) => y % s === 0 && y + s - 1 <= hi)!;
    tags.push(`${prefix}${y / size}`);
    y += size;
  }
  return anyOf(tags);
}

/** The entries a viewer may find (what search-visibility.ts's SearchScope says, as tags). */
export function scopeTags(scope: SearchScope): TagExpr {
  if (scope.allBodies) return { tag: tag.audience('readers') };
  const publicPart = anyOf([
    ...scope.minutesStatuses.map((s) => tag.view('publicMinutes', s)),
    ...scope.noticeStatuses.map((s) => tag.view('publicNotice', s)),
  ]);
  if (!scope.readerBodies.length) return publicPart;
  const theirs = anyOf(scope.readerBodies.map(tag.body));
  return or([and([theirs, { tag: tag.audience('readers') }]), but(publicPart, theirs)]);
}

/** The filters as tags (an empty list matches nothing, as `in ()` would). */
export function filterTags(f: StoreFilter): TagExpr {
  const list = <T>(values: readonly T[] | undefined, toTag: (v: T) => string): TagExpr => (values ? anyOf(values.map(toTag)) : true);
  return and([
    list(f.bodyIds, tag.body),
    list(f.itemKinds, tag.itemKind),
    list(f.hitKinds, tag.kind),
    list(f.statuses, tag.status),
    f.yearFrom !== undefined || f.yearTo !== undefined ? yearRange(f.yearFrom, f.yearTo) : true,
    f.hasDecision === undefined ? true : { tag: tag.decision(f.hasDecision) },
  ]);
}

/** What a search of `scope` with `filter` must match besides its words. */
export const searchTags = (scope: SearchScope, filter: StoreFilter): TagExpr => and([scopeTags(scope), filterTags(filter)]);

/** Writes an expression that is neither `true` nor `false` in a store's syntax. */
export function renderTags(
  x: Exclude<TagExpr, boolean>,
  syntax: { tag: (t: string) => string; and: string; or: string; but: string },
): string {
  const inner = (y: TagExpr): string => {
    if (typeof y === 'boolean') throw new Error('constant inside a tag expression');
    if ('tag' in y) return syntax.tag(y.tag);
    if ('and' in y) return `(${y.and.map(inner).join(` ${syntax.and} `)})`;
    if ('or' in y) return `(${y.or.map(inner).join(` ${syntax.or} `)})`;
    return `(${inner(y.but[0])} ${syntax.but} ${inner(y.but[1])})`;
  };
  return inner(x);
}

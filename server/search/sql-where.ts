/**
 * Who may see an entry (a SearchScope) and the filters as SQL over the columns of `search_entry` (alias `e`), for
 * PostgreSQL: there the GIN index finds the searched words only, and these conditions are checked on the rows it
 * returns (cheap column comparisons). As `@tag` lexemes of the indexed tsvector (tags.ts, what SQLite still does) the
 * visibility tags of the public (on ≈ 95 % of the entries) made the planner scan the whole table and test the full
 * tsquery on every tsvector, and their lexemes lengthened every tsvector that ts_rank reads (bench/PROFILE-NOTES.md,
 * "pgsearch"). The same rule as tags.ts's scopeTags and filterTags; flags are 0/1; every value is a `?` parameter.
 */
import type { StoreFilter } from './port.js';
import type { SearchScope } from './search-visibility.js';

export interface Where {
  sql: string;
  params: unknown[];
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Entries the scope lets the viewer see (see search-visibility.ts); null: none. */
export function visibilityWhere(scope: SearchScope): Where | null {
  if (scope.allBodies) return { sql: 'e.for_readers = 1', params: [] };
  const params: unknown[] = [];
  const outside: string[] = [];
  if (scope.minutesStatuses.length) {
    outside.push(`(e.for_public_minutes = 1 and e.status in (${list(scope.minutesStatuses.length)}))`);
    params.push(...scope.minutesStatuses);
  }
  if (scope.noticeStatuses.length) {
    outside.push(`(e.for_public_notice = 1 and e.status in (${list(scope.noticeStatuses.length)}))`);
    params.push(...scope.noticeStatuses);
  }
  const publicPart = outside.length ? `(${outside.join(' or ')})` : null;
  if (!scope.readerBodies.length) return publicPart ? { sql: publicPart, params } : null;
  const bodies = list(scope.readerBodies.length);
  const theirs = `(e.body_id in (${bodies}) and e.for_readers = 1)`;
  if (!publicPart) return { sql: theirs, params: [...scope.readerBodies] };
  return {
    sql: `(${theirs} or (e.body_id not in (${bodies}) and ${publicPart}))`,
    params: [...scope.readerBodies, ...scope.readerBodies, ...params],
  };
}

/** The filters; null: an empty list, which matches nothing (as `in ()` would). */
export function filterWhere(filter: StoreFilter): Where | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  let none = false;
  const inList = (column: string, values: readonly unknown[] | undefined) => {
    if (!values) return;
    if (!values.length) none = true;
    parts.push(`${column} in (${list(values.length)})`);
    params.push(...values);
  };
  inList('e.body_id', filter.bodyIds);
  inList('e.item_kind', filter.itemKinds);
  inList('e.kind', filter.hitKinds);
  inList('e.status', filter.statuses);
  if (none) return null;
  if (filter.yearFrom !== undefined) {
    parts.push('e.year >= ?');
    params.push(filter.yearFrom);
  }
  if (filter.yearTo !== undefined) {
    parts.push('e.year <= ?');
    params.push(filter.yearTo);
  }
  if (filter.hasDecision !== undefined) {
    parts.push('e.has_decision = ?');
    params.push(filter.hasDecision ? 1 : 0);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

/** Both, joined with `and`; null: nothing can match. */
export function entryWhere(scope: SearchScope, filter: StoreFilter): Where | null {
  const v = visibilityWhere(scope);
  const f = filterWhere(filter);
  if (!v || !f) return null;
  return { sql: `${v.sql} and ${f.sql}`, params: [...v.params, ...f.params] };
}

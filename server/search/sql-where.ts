/**
 * The WHERE conditions both stores share: who may see an entry (from a SearchScope) and the filters. Columns are
 * those of the `search_entry` table (alias `e`); flags are stored as 0/1 in both databases; `?` placeholders.
 */
import type { StoreFilter } from './port.js';
import type { SearchScope } from './search-visibility.js';

export interface Where {
  sql: string;
  params: unknown[];
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Entries the scope lets the viewer see: see search-visibility.ts. */
export function visibilityWhere(scope: SearchScope): Where {
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
  const publicPart = outside.length ? `(${outside.join(' or ')})` : '1 = 0';
  if (!scope.readerBodies.length) return { sql: publicPart, params };
  const bodies = list(scope.readerBodies.length);
  return {
    sql: `((e.body_id in (${bodies}) and e.for_readers = 1) or (e.body_id not in (${bodies}) and ${publicPart}))`,
    params: [...scope.readerBodies, ...scope.readerBodies, ...params],
  };
}

export function filterWhere(filter: StoreFilter): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly unknown[] | undefined) => {
    if (!values) return;
    if (!values.length) {
      parts.push('1 = 0');
      return;
    }
    parts.push(`${column} in (${list(values.length)})`);
    params.push(...values);
  };
  inList('e.body_id', filter.bodyIds);
  inList('e.item_kind', filter.itemKinds);
  inList('e.kind', filter.hitKinds);
  inList('e.status', filter.statuses);
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
  return { sql: parts.length ? parts.join(' and ') : '1 = 1', params };
}

/** Both, joined with `and`. */
export function entryWhere(scope: SearchScope, filter: StoreFilter): Where {
  const v = visibilityWhere(scope);
  const f = filterWhere(filter);
  return { sql: `${v.sql} and ${f.sql}`, params: [...v.params, ...f.params] };
}

/** The narrow table the filters and the visibility rule read (13 columns besides the id). */
export const ENTRY_COLUMNS =
  'meeting_id, body_id, year, starts_at, status, kind, entity_id, agenda_item_id, item_kind, has_decision, ' +
  'for_readers, for_public_notice, for_public_minutes';

/** What a hit shows, in a table of its own (`search_text`, same id): matching and filtering never read these. */
export const TEXT_COLUMNS = 'label, title, body';

/**
 * OParl's paged lists: `{ data, pagination, links }`, filtered by `created_since`, `created_until`,
 * `modified_since` (a harvester asks for what changed since it last looked) and paged by `page` and `limit`.
 */
import { badInput } from '../errors.js';
import type { OparlObject } from './oparl-objects.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface ListQuery {
  createdSince?: Date;
  createdUntil?: Date;
  modifiedSince?: Date;
  limit: number;
  /** From 1. */
  page: number;
}

/** ISO 8601 with a time and an offset (or Z), as OParl's filters are given. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function dateParam(query: Record<string, unknown>, name: string): Date | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const d = typeof raw === 'string' && DATE_TIME.test(raw) ? new Date(raw) : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw badInput(`"${name}" must be a date and time with its offset, e.g. 2017-09-14T09:00:00+02:00.`, name);
  }
  return d;
}

function intParam(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`"${name}" must be a whole number from 1 to ${max}.`, name);
  return n;
}

/** The filters and page of a list request; anything malformed is BAD_USER_INPUT (HTTP 400). */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  if (query.modified_until !== undefined) throw badInput('"modified_until" is not supported; use modified_since.', 'modified_until');
  return {
    createdSince: dateParam(query, 'created_since'),
    createdUntil: dateParam(query, 'created_until'),
    modifiedSince: dateParam(query, 'modified_since'),
    limit: intParam(query, 'limit', DEFAULT_LIMIT, MAX_LIMIT),
    page: intParam(query, 'page', 1, 1_000_000),
  };
}

/** The list envelope, with links that keep the request's filters. */
export function listOf(listUrl: string, query: Record<string, unknown>, q: ListQuery, data: OparlObject[], total: number) {
  const totalPages = Math.max(1, Math.ceil(total / q.limit));
  const link = (page: number) => {
    const url = new URL(listUrl);
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k !== 'page') url.searchParams.set(k, v);
    url.searchParams.set('page', String(page));
    return url.toString();
  };
  return {
    data,
    pagination: { totalElements: total, elementsPerPage: q.limit, currentPage: q.page, totalPages },
    links: {
      first: link(1),
      ...(q.page > 1 ? { prev: link(Math.min(q.page - 1, totalPages)) } : {}),
      ...(q.page < totalPages ? { next: link(q.page + 1) } : {}),
      last: link(totalPages),
    },
  };
}

/** A small list filtered and paged in memory: each entry with the instants it was created and last modified. */
export function pageInMemory(entries: Array<{ created: Date; modified: Date; object: OparlObject }>, q: ListQuery) {
  const matching = entries.filter(
    (e) =>
      (!q.createdSince || e.created >= q.createdSince) &&
      (!q.createdUntil || e.created <= q.createdUntil) &&
      (!q.modifiedSince || e.modified >= q.modifiedSince),
  );
  const start = (q.page - 1) * q.limit;
  return { data: matching.slice(start, start + q.limit).map((e) => e.object), total: matching.length };
}

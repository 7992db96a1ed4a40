import { Body } from '../../schema/entities/index.js';
import type { SearchFilter } from '../../schema/inputs/index.js';
import { SearchConnection, SearchHit, SearchHitKind, SearchOrder } from '../../schema/search.js';
import { badInput } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import { isUuid } from '../../schema/ids.js';
import { highlightAll, snippet } from './highlight.js';
import { searchStoreFor } from './index.js';
import type { StoreFilter } from './port.js';
import { parseQuery } from './query.js';
import { searchScope } from './search-visibility.js';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export interface SearchArgs {
  query: string;
  filter?: SearchFilter | null;
  order?: SearchOrder | null;
  first?: number | null;
  after?: string | null;
}

/** A cursor is a position in the ordered hits: "the n-th hit". Opaque to clients. */
const cursorOf = (position: number) => Buffer.from(`hit:${position}`).toString('base64url');

function positionOf(cursor: string): number {
  const m = /^hit:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput('The cursor is not one this search gave out.', 'after');
  return Number(m[1]);
}

/** Full-text search for the viewer: only what they may read is found (search-visibility.ts). */
export class SearchService {
  constructor(private readonly ctx: ServiceContext) {}

  async search(args: SearchArgs): Promise<SearchConnection> {
    const query = parseQuery(args.query);
    const first = args.first ?? DEFAULT_PAGE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}.`, 'first');
    const offset = args.after ? positionOf(args.after) + 1 : 0;
    const filter = await this.storeFilter(args.filter ?? {});
    const found = await searchStoreFor(this.ctx.em).search({
      query,
      scope: searchScope(this.ctx.viewer),
      filter,
      order: args.order ?? SearchOrder.RELEVANCE,
      offset,
      limit: first,
    });
    const edges = found.hits.map((h, i) => ({
      cursor: cursorOf(offset + i),
      node: Object.assign(new SearchHit(), {
        id: h.entityId,
        kind: h.kind as SearchHitKind,
        label: h.label,
        title: h.title,
        titleHighlights: highlightAll(h.title, query),
        snippet: snippet(h.text, query),
        score: h.score,
        meetingId: h.meetingId,
        agendaItemId: h.agendaItemId,
      }),
    }));
    return Object.assign(new SearchConnection(), {
      totalCount: found.total,
      edges,
      pageInfo: {
        hasNextPage: offset + edges.length < found.total,
        hasPreviousPage: false, // pages are read forwards only (first/after), as in every connection of the API
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    });
  }

  private async storeFilter(f: SearchFilter): Promise<StoreFilter> {
    const out: StoreFilter = {};
    if (f.bodyIds || f.bodySlugs) {
      const ids = (f.bodyIds ?? []).filter(isUuid).map((id) => id.toLowerCase());
      if (f.bodySlugs?.length) {
        const bodies = await this.ctx.em.find(Body, { slug: { $in: f.bodySlugs } }, { fields: ['id'] });
        ids.push(...bodies.map((b) => b.id));
      }
      out.bodyIds = [...new Set(ids)];
    }
    for (const key of ['yearFrom', 'yearTo'] as const) {
      const year = f[key];
      if (year === null || year === undefined) continue;
      if (year < 1900 || year > 2999) throw badInput(`${key} must be a year between 1900 and 2999.`, key);
      out[key] = year;
    }
    if (out.yearFrom !== undefined && out.yearTo !== undefined && out.yearFrom > out.yearTo) {
      throw badInput('yearFrom is after yearTo.', 'yearFrom');
    }
    if (f.itemKinds) out.itemKinds = f.itemKinds;
    if (f.kinds) out.hitKinds = f.kinds;
    if (f.meetingStatus) out.statuses = f.meetingStatus;
    if (f.hasDecision !== null && f.hasDecision !== undefined) out.hasDecision = f.hasDecision;
    return out;
  }
}

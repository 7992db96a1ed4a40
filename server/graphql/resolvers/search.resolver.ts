import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AgendaItem, Meeting, SubItem } from '../../../schema/entities/index.js';
import { SearchFilter } from '../../../schema/inputs/index.js';
import { SearchConnection, SearchHit, SearchHitKind, SearchOrder } from '../../../schema/search.js';
import { can } from '../../auth/policies.js';
import { notFound } from '../../errors.js';
import type { GraphQLContext } from '../context.js';
import { presentMeeting, presentSubItems } from '../../auth/read-policy.js';
import { visibleItem } from '../visibility.js';

@Resolver(() => SearchHit)
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      'Full-text search over meetings, agenda items and sub-items (titles, introductions, forslag til vedtak, vedtak, ' +
      'referat notes, protocol entries, vedlegg titles): Norwegian word forms match ("vedtakene" finds "vedtak"), item ' +
      'numbers match however written ("21/17", "2017/21", "sak 21/2017"), "*" after a word matches its beginning. Only ' +
      'what the viewer may read is found.',
  })
  search(
    @Ctx() ctx: GraphQLContext,
    @Arg('query', () => String) query: string,
    @Arg('filter', () => SearchFilter, { nullable: true }) filter?: SearchFilter,
    @Arg('order', () => SearchOrder, { nullable: true, defaultValue: SearchOrder.RELEVANCE }) order?: SearchOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'Hits per page, 1–100' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page' }) after?: string,
  ) {
    return ctx.services.search.search({ query, filter, order, first, after });
  }

  @FieldResolver(() => Meeting)
  async meeting(@Root() hit: SearchHit, @Ctx() ctx: GraphQLContext) {
    const m = await ctx.loaders.meeting.load(hit.meetingId);
    if (!m || !can.readMeeting(ctx.viewer, m)) throw notFound('Meeting', hit.meetingId);
    return presentMeeting(ctx.viewer, m);
  }

  @FieldResolver(() => AgendaItem, { nullable: true, description: 'The item, or the item of the sub-item; null for a meeting' })
  agendaItem(@Root() hit: SearchHit, @Ctx() ctx: GraphQLContext) {
    return hit.agendaItemId ? visibleItem(ctx, hit.agendaItemId) : null;
  }

  @FieldResolver(() => SubItem, { nullable: true, description: 'The sub-item, for a sub-item hit' })
  async subItem(@Root() hit: SearchHit, @Ctx() ctx: GraphQLContext) {
    if (hit.kind !== SearchHitKind.SUB_ITEM || !hit.agendaItemId) return null;
    const item = await ctx.loaders.agendaItem.load(hit.agendaItemId);
    const meeting = item && (await ctx.loaders.meeting.load(item.meeting.id));
    if (!item || !meeting || !can.readMeeting(ctx.viewer, meeting)) return null;
    const subs = presentSubItems(ctx.viewer, meeting, item, await ctx.loaders.subItemsOfItem.load(item.id));
    return subs.find((s) => s.id === hit.id) ?? null;
  }
}

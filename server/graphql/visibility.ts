import type { AgendaItem, Attachment, Meeting } from '../../schema/entities/index.js';
import { can } from '../auth/policies.js';
import type { GraphQLContext } from './context.js';
import { presentItem } from './presenters.js';

/**
 * An agenda item reached from somewhere else (attendance "fra sak", a reference, a sub-item), as the viewer may
 * see it: null when its meeting is hidden from them, redacted when it is closed. Every path to an item goes
 * through this or through the meeting's own agenda, so a closed item never leaks by a side door.
 */
export async function visibleItem(ctx: GraphQLContext, itemId: string): Promise<AgendaItem | null> {
  const item = await ctx.loaders.agendaItem.load(itemId);
  if (!item) return null;
  const meeting = await ctx.loaders.meeting.load(item.meeting.id);
  return meeting && can.readMeeting(ctx.viewer, meeting) ? presentItem(ctx.viewer, meeting, item) : null;
}

/**
 * The meeting's vedlegg as the viewer may see them: those that belong only to closed items (or their sub-items)
 * are left out for anyone who may not read all of the body; one shared with an open item, or with none, stays.
 */
export async function visibleAttachments(ctx: GraphQLContext, meeting: Meeting, rows: Attachment[]): Promise<Attachment[]> {
  if (can.readAllOf(ctx.viewer, meeting.body.id)) return rows;
  const items = await ctx.loaders.itemsOfMeeting.load(meeting.id);
  const attachmentsOf = async (item: AgendaItem) => {
    const subs = await ctx.loaders.subItemsOfItem.load(item.id);
    const lists = await Promise.all([ctx.loaders.attachmentsOfItem.load(item.id), ...subs.map((s) => ctx.loaders.attachmentsOfSubItem.load(s.id))]);
    return lists.flat().map((a) => a.id);
  };
  const closed = new Set((await Promise.all(items.filter((i) => !i.public).map(attachmentsOf))).flat());
  if (!closed.size) return rows;
  const open = new Set((await Promise.all(items.filter((i) => i.public).map(attachmentsOf))).flat());
  return rows.filter((a) => !closed.has(a.id) || open.has(a.id));
}

import type { AgendaItem, Attachment, Meeting } from '../../schema/entities/index.js';
import { presentItem, readsAllOf, readsMeeting, visibleAttachmentIds } from '../auth/read-policy.js';
import type { GraphQLContext } from './context.js';

/**
 * An agenda item reached from somewhere else (attendance "fra sak", a reference, a sub-item), as the viewer may
 * see it: null when its meeting is hidden from them, redacted when it is closed. Every path to an item goes
 * through this or through the meeting's own agenda, so a closed item never leaks by a side door.
 */
export async function visibleItem(ctx: GraphQLContext, itemId: string): Promise<AgendaItem | null> {
  const item = await ctx.loaders.agendaItem.load(itemId);
  if (!item) return null;
  const meeting = await ctx.loaders.meeting.load(item.meeting.id);
  return meeting && readsMeeting(ctx.viewer, meeting) ? presentItem(ctx.viewer, meeting, item) : null;
}

/** The meeting's vedlegg as the viewer may see them (the rule: read-policy.ts visibleAttachmentIds). */
export function visibleAttachments(ctx: GraphQLContext, meeting: Meeting, rows: Attachment[]): Attachment[] | Promise<Attachment[]> {
  return readsAllOf(ctx.viewer, meeting.body.id) ? rows : visibleToOthers(ctx, meeting, rows);
}

async function visibleToOthers(ctx: GraphQLContext, meeting: Meeting, rows: Attachment[]): Promise<Attachment[]> {
  const items = await ctx.loaders.itemsOfMeeting.load(meeting.id);
  const byItem = await Promise.all(
    items.map(async (item) => {
      const subs = await ctx.loaders.subItemsOfItem.load(item.id);
      const lists = await Promise.all([ctx.loaders.attachmentsOfItem.load(item.id), ...subs.map((s) => ctx.loaders.attachmentsOfSubItem.load(s.id))]);
      return { public: item.public, attachmentIds: lists.flat().map((a) => a.id) };
    }),
  );
  const visible = visibleAttachmentIds(ctx.viewer, meeting, byItem, rows);
  return rows.filter((a) => visible.has(a.id));
}

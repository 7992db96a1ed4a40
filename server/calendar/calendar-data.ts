import { AgendaItem, Body, type Meeting } from '../../schema/entities/index.js';
import { notFound } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { presentItem } from '../auth/read-policy.js';
import { latest, meetingChanges } from '../services/meeting-changes.js';

/** A meeting as a calendar shows it: its agenda as the viewer may see it, and how often and when it changed. */
export interface CalendarMeeting {
  meeting: Meeting;
  items: AgendaItem[];
  /** iCalendar SEQUENCE: how many times the meeting itself was changed (time, place, status). */
  sequence: number;
  /** iCalendar LAST-MODIFIED: the meeting row or anything in it, whichever changed last. */
  modified: Date;
}

/** The meetings of a body that the request's viewer may see (the public: those whose notice is sent), oldest first. */
export async function bodyCalendar(ctx: GraphQLContext, slug: string): Promise<{ body: Body; meetings: CalendarMeeting[] }> {
  const body = await ctx.em.findOne(Body, { slug });
  if (!body) throw notFound('Body', slug);
  const meetings = await ctx.services.meetings.list({ bodySlug: slug });
  const ids = meetings.map((m) => m.id);
  const items = ids.length ? await ctx.em.find(AgendaItem, { meeting: { $in: ids } }, { orderBy: { position: 'asc' } }) : [];
  const changes = await meetingChanges(ctx.em, ids);
  return {
    body,
    meetings: meetings.map((meeting) => {
      const change = changes.get(meeting.id);
      return {
        meeting,
        items: items.filter((i) => i.meeting.id === meeting.id).map((i) => presentItem(ctx.viewer, meeting, i)),
        sequence: change?.meetingRevisions ?? 0,
        modified: latest(meeting.updatedAt, change?.lastChangeAt),
      };
    }),
  };
}

/** The example meeting of 14.09.2017 (items 21/2017–28/2017) the seed writes, and its texts as GraphQL returns them. */
import type { MinutesProjection } from '../../schema/ydoc-layout.js';
import type { Gql } from './graphql.js';

/** Planned start of the example meeting of 14.09.2017 (09.00 Oslo summer time). */
export const SEPT_14 = '2017-09-14T07:00:00.000Z';

/** Anything that answers GraphQL with data: a Gql client or a TestServer (as the administrator). */
type Reader = Pick<Gql, 'ok'>;

const ITEM_TEXTS = 'id number notes decision { text } subItems { letter notes decision { text } }';

const MEETING_TEXTS = /* GraphQL */ `
  query MeetingTexts($id: ID!) {
    meeting(id: $id) {
      id status
      agendaItems { ${ITEM_TEXTS} }
    }
  }
`;

export interface GqlItem {
  id: string;
  number: string;
  notes: string | null;
  decision: { text: string } | null;
  subItems: Array<{ letter: string; notes: string | null; decision: { text: string } | null }>;
}

export interface SeedMeeting {
  id: string;
  items: GqlItem[];
  /** Agenda item by its number, e.g. "24/2017"; throws when there is none. */
  item(number: string): GqlItem;
}

/** The example meeting of 14.09.2017 with its items' texts, read in one query. */
export async function seedMeeting(gql: Reader): Promise<SeedMeeting> {
  const data = await gql.ok<{ meetings: Array<{ id: string; startsAt: string; agendaItems: GqlItem[] }> }>(
    `{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt agendaItems { ${ITEM_TEXTS} } } }`,
  );
  const m = data.meetings.find((x) => x.startsAt === SEPT_14);
  if (!m) throw new Error('the seed meeting of 14.09.2017 is missing');
  const items = m.agendaItems;
  return {
    id: m.id,
    items,
    item(number) {
      const found = items.find((i) => i.number === number);
      if (!found) throw new Error(`no item ${number}`);
      return found;
    },
  };
}

/** A meeting's agenda items with their texts. */
export async function meetingItems(gql: Reader, meetingId: string): Promise<GqlItem[]> {
  return (await gql.ok<{ meeting: { agendaItems: GqlItem[] } }>(MEETING_TEXTS, { id: meetingId })).meeting.agendaItems;
}

/** GraphQL's view of a meeting's texts in the shape of projectMinutes (null read as ""). */
export async function gqlProjection(gql: Reader, meetingId: string): Promise<MinutesProjection> {
  const out: MinutesProjection = {};
  for (const item of await meetingItems(gql, meetingId)) {
    out[item.id] = {
      notes: item.notes ?? '',
      decision: item.decision?.text ?? '',
      subItems: Object.fromEntries(
        item.subItems.map((s) => [s.letter, { notes: s.notes ?? '', decision: s.decision?.text ?? '' }]),
      ),
    };
  }
  return out;
}

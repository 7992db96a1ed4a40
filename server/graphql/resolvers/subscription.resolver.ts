import type { EntityManager } from '@mikro-orm/core';
import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AgendaChange, AttendanceChange, DecisionUpdate } from '../../../schema/events.js';
import { AgendaItem, Meeting } from '../../../schema/entities/index.js';
import type { MeetingStatus } from '../../../schema/enums.js';
import { RowReader } from '../../db/rows.js';
import type { Viewer } from '../../auth/viewer.js';
import { receivesEvent, viewerClassOf, type EventPart } from '../../auth/read-policy.js';
import { Topic } from '../../pubsub.js';
import type { GraphQLContext } from '../context.js';

type WithMeeting = { args: { meetingId: string } };
export type EventPayload = { meetingId: string; agendaItemId?: string | null };
type Handler = { payload: EventPayload; context: GraphQLContext };

/** Which part of a meeting an event shows: its existence and agenda, its referat, or the texts of an item. */
export type { EventPart };

/**
 * The subscription fields, their topic and what part of the meeting their events show. The decorators below and
 * the shared fan-out (server/graphql/subscription-fanout.ts) both read this, so they cannot disagree.
 */
export const SUBSCRIPTION_FIELDS = {
  decisionUpdated: { topic: Topic.DecisionUpdated, part: 'texts' },
  agendaChanged: { topic: Topic.AgendaChanged, part: 'meeting' },
  attendanceChanged: { topic: Topic.AttendanceChanged, part: 'minutes' },
} as const satisfies Record<string, { topic: (typeof Topic)[keyof typeof Topic]; part: EventPart }>;

/** What the visibility of an event depends on: its meeting and, for texts, whether their item is open to the public. */
export interface EventFacts {
  meeting: { status: MeetingStatus; body: { id: string } } | null;
  itemPublic: boolean;
}

/**
 * The facts of an event, looked up once per event however many subscribers it goes to (every subscriber's
 * filter gets the same payload object).
 */
const factsOfEvent = new WeakMap<object, Promise<EventFacts>>();

export function factsOf(em: EntityManager, payload: EventPayload): Promise<EventFacts> {
  let facts = factsOfEvent.get(payload);
  if (!facts) {
    facts = lookUpFacts(em.fork(), payload);
    factsOfEvent.set(payload, facts);
  }
  return facts;
}

/** One plain statement (no unit of work): the meeting's status and body, and the item's publicity if it has one. */
async function lookUpFacts(em: EntityManager, payload: EventPayload): Promise<EventFacts> {
  const rows = new RowReader(em);
  const [mId, mStatus, mBody] = [rows.column(Meeting, 'id'), rows.column(Meeting, 'status'), rows.column(Meeting, 'body')];
  const asFacts = (r: Record<string, unknown> | undefined, itemPublic: boolean): EventFacts =>
    r ? { meeting: { status: r.status as MeetingStatus, body: { id: String(r.body_id) } }, itemPublic } : { meeting: null, itemPublic };
  if (payload.agendaItemId) {
    const [r] = await rows.rows(
      `select m.${mStatus} as ${rows.q('status')}, m.${mBody} as ${rows.q('body_id')}, i.${rows.column(AgendaItem, 'public')} as ${rows.q('public')} ` +
        `from ${rows.table(AgendaItem)} i join ${rows.table(Meeting)} m on m.${mId} = i.${rows.column(AgendaItem, 'meeting')} ` +
        `where i.${rows.column(AgendaItem, 'id')} = ?`,
      [payload.agendaItemId],
    );
    if (r) return asFacts(r, r.public === true || Number(r.public) === 1);
  }
  const [r] = await rows.rows(`select ${mStatus} as ${rows.q('status')}, ${mBody} as ${rows.q('body_id')} from ${rows.table(Meeting)} where ${mId} = ?`, [
    payload.meetingId,
  ]);
  return asFacts(r, true);
}

/** Whether an event reaches a viewer: the read policy decides (server/auth/read-policy.ts). */
export function mayReceive(part: EventPart, viewer: Viewer, { meeting, itemPublic }: EventFacts): boolean {
  return receivesEvent(part, viewer, meeting, itemPublic);
}

/** Subscribers the read policy answers alike for the event's meeting are one class of the shared fan-out. */
export function viewerClass(viewer: Viewer, { meeting }: EventFacts): string {
  return viewerClassOf(viewer, meeting);
}

/** The type-graphql filter, for subscriptions the shared fan-out does not take (see subscription-fanout.ts). */
const visible =
  (part: EventPart) =>
  async ({ payload, context }: Handler): Promise<boolean> =>
    mayReceive(part, context.viewer, await factsOf(context.em, payload));

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => DecisionUpdate, {
    topics: SUBSCRIPTION_FIELDS.decisionUpdated.topic,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible(SUBSCRIPTION_FIELDS.decisionUpdated.part),
    description: 'Vedtak and notes of a meeting as they are typed, set or adopted',
  })
  decisionUpdated(@Root() event: DecisionUpdate, @Arg('meetingId', () => ID) _meetingId: string): DecisionUpdate {
    return event;
  }

  @Subscription(() => AgendaChange, {
    topics: SUBSCRIPTION_FIELDS.agendaChanged.topic,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible(SUBSCRIPTION_FIELDS.agendaChanged.part),
    description: 'Changes to the agenda and status of a meeting',
  })
  agendaChanged(@Root() event: AgendaChange, @Arg('meetingId', () => ID) _meetingId: string): AgendaChange {
    return event;
  }

  @Subscription(() => AttendanceChange, {
    topics: SUBSCRIPTION_FIELDS.attendanceChanged.topic,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible(SUBSCRIPTION_FIELDS.attendanceChanged.part),
    description: 'Changes to the attendance of a meeting',
  })
  attendanceChanged(@Root() event: AttendanceChange, @Arg('meetingId', () => ID) _meetingId: string): AttendanceChange {
    return event;
  }
}

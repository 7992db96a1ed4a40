import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AgendaChange, AttendanceChange, DecisionUpdate } from '../../../schema/events.js';
import { AgendaItem, Meeting } from '../../../schema/entities/index.js';
import { can } from '../../auth/policies.js';
import { Topic } from '../../pubsub.js';
import type { GraphQLContext } from '../context.js';

type WithMeeting = { args: { meetingId: string } };
type Handler = { payload: { meetingId: string; agendaItemId?: string | null }; context: GraphQLContext };

/** What the visibility of an event depends on: its meeting and, for texts, whether their item is open to the public. */
interface EventFacts {
  meeting: Meeting | null;
  itemPublic: boolean;
}

/**
 * The facts of an event, looked up once per event however many subscribers it goes to (every subscriber's
 * filter gets the same payload object).
 */
const factsOfEvent = new WeakMap<object, Promise<EventFacts>>();

async function lookUpFacts(context: GraphQLContext, payload: Handler['payload']): Promise<EventFacts> {
  const em = context.em.fork();
  if (payload.agendaItemId) {
    const item = await em.findOne(AgendaItem, { id: payload.agendaItemId }, { populate: ['meeting'] });
    if (item) return { meeting: item.meeting, itemPublic: item.public };
  }
  return { meeting: await em.findOne(Meeting, { id: payload.meetingId }), itemPublic: true };
}

/**
 * Events reach a subscriber only if they may see that part of the meeting (checked per event: status changes).
 * The texts of a closed item (unntatt offentlighet) reach only those who may read all of the body.
 */
const visible =
  (part: 'meeting' | 'minutes' | 'texts') =>
  async ({ payload, context }: Handler): Promise<boolean> => {
    let facts = factsOfEvent.get(payload);
    if (!facts) {
      facts = lookUpFacts(context, payload);
      factsOfEvent.set(payload, facts);
    }
    const { meeting: m, itemPublic } = await facts;
    if (!m) return false;
    if (part === 'meeting') return can.readMeeting(context.viewer, m);
    if (!can.readMinutes(context.viewer, m)) return false;
    return part === 'minutes' || itemPublic || can.readAllOf(context.viewer, m.body.id);
  };

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => DecisionUpdate, {
    topics: Topic.DecisionUpdated,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible('texts'),
    description: 'Vedtak and notes of a meeting as they are typed, set or adopted',
  })
  decisionUpdated(@Root() event: DecisionUpdate, @Arg('meetingId', () => ID) _meetingId: string): DecisionUpdate {
    return event;
  }

  @Subscription(() => AgendaChange, {
    topics: Topic.AgendaChanged,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible('meeting'),
    description: 'Changes to the agenda and status of a meeting',
  })
  agendaChanged(@Root() event: AgendaChange, @Arg('meetingId', () => ID) _meetingId: string): AgendaChange {
    return event;
  }

  @Subscription(() => AttendanceChange, {
    topics: Topic.AttendanceChanged,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible('minutes'),
    description: 'Changes to the attendance of a meeting',
  })
  attendanceChanged(@Root() event: AttendanceChange, @Arg('meetingId', () => ID) _meetingId: string): AttendanceChange {
    return event;
  }
}

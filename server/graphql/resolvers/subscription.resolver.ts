import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AgendaChange, AttendanceChange, DecisionUpdate } from '../../../schema/events.js';
import { Meeting } from '../../../schema/entities/index.js';
import { can } from '../../auth/policies.js';
import { Topic } from '../../pubsub.js';
import type { GraphQLContext } from '../context.js';

type WithMeeting = { args: { meetingId: string } };
type Handler = { payload: { meetingId: string }; context: GraphQLContext };

/**
 * The meeting an event is about, looked up once per event however many subscribers it goes to (every subscriber's
 * filter gets the same payload object).
 */
const meetingOfEvent = new WeakMap<object, Promise<Meeting | null>>();

/** Events reach a subscriber only if they may see that part of the meeting (checked per event: status changes). */
const visible =
  (part: 'meeting' | 'minutes') =>
  async ({ payload, context }: Handler): Promise<boolean> => {
    let meeting = meetingOfEvent.get(payload);
    if (!meeting) {
      meeting = context.em.fork().findOne(Meeting, { id: payload.meetingId });
      meetingOfEvent.set(payload, meeting);
    }
    const m = await meeting;
    if (!m) return false;
    return part === 'meeting' ? can.readMeeting(context.viewer, m) : can.readMinutes(context.viewer, m);
  };

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => DecisionUpdate, {
    topics: Topic.DecisionUpdated,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    filter: visible('minutes'),
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

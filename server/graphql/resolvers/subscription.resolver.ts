import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AgendaChange, AttendanceChange, DecisionUpdate } from '../../../schema/events.js';
import { Topic } from '../../pubsub.js';
import type { GraphQLContext } from '../context.js';

type WithMeeting = { args: { meetingId: string } };
type Handler = { payload: { meetingId: string }; context: GraphQLContext };

/** Events reach a subscriber only if they may see that part of the meeting (checked per event: status changes). */
const visible = (part: 'meeting' | 'minutes') => ({ payload, context }: Handler) =>
  context.services.meetings.visible(payload.meetingId, part);

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

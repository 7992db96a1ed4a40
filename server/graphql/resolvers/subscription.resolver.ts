import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AgendaChange, AttendanceChange, DecisionUpdate } from '../../../schema/events.js';
import { Topic } from '../../pubsub.js';

type WithMeeting = { args: { meetingId: string } };

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => DecisionUpdate, {
    topics: Topic.DecisionUpdated,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    description: 'Vedtak and notes of a meeting as they are typed, set or adopted',
  })
  decisionUpdated(@Root() event: DecisionUpdate, @Arg('meetingId', () => ID) _meetingId: string): DecisionUpdate {
    return event;
  }

  @Subscription(() => AgendaChange, {
    topics: Topic.AgendaChanged,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    description: 'Changes to the agenda and status of a meeting',
  })
  agendaChanged(@Root() event: AgendaChange, @Arg('meetingId', () => ID) _meetingId: string): AgendaChange {
    return event;
  }

  @Subscription(() => AttendanceChange, {
    topics: Topic.AttendanceChanged,
    topicId: ({ args }: WithMeeting) => args.meetingId,
    description: 'Changes to the attendance of a meeting',
  })
  attendanceChanged(@Root() event: AttendanceChange, @Arg('meetingId', () => ID) _meetingId: string): AttendanceChange {
    return event;
  }
}

import { createPubSub } from '@graphql-yoga/subscription';

import type { AgendaChange, AttendanceChange, DecisionUpdate } from '../schema/events.js';

/** Topic names, one place. Events are published per meeting id. */
export const Topic = {
  DecisionUpdated: 'DECISION_UPDATED',
  AgendaChanged: 'AGENDA_CHANGED',
  AttendanceChanged: 'ATTENDANCE_CHANGED',
} as const;

export type Events = {
  [Topic.DecisionUpdated]: [meetingId: string, payload: DecisionUpdate];
  [Topic.AgendaChanged]: [meetingId: string, payload: AgendaChange];
  [Topic.AttendanceChanged]: [meetingId: string, payload: AttendanceChange];
};

/** The typed pubsub behind GraphQL subscriptions; an event target (e.g. Redis) can be given for several instances. */
export function createEvents(config?: { eventTarget?: EventTarget }) {
  return createPubSub<Events>(config);
}

export type EventBus = ReturnType<typeof createEvents>;

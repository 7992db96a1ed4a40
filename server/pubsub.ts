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

/**
 * The typed pubsub behind GraphQL subscriptions. With REDIS_URL the app gives it a Redis event target
 * (server/cluster/event-target.ts, on @graphql-yoga/redis-event-target) so that every instance's subscribers
 * get every instance's events; without one it is in-memory.
 */
export function createEvents(config?: { eventTarget?: EventTarget }) {
  return createPubSub<Events>(config?.eventTarget ? { eventTarget: config.eventTarget as never } : undefined);
}

export type EventBus = ReturnType<typeof createEvents>;

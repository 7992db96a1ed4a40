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
  const pubsub = createPubSub<Events>(config?.eventTarget ? { eventTarget: config.eventTarget as never } : undefined);
  const observers = new Set<(topic: keyof Events, meetingId: string) => void>();
  return {
    subscribe: pubsub.subscribe,
    publish<T extends keyof Events>(topic: T, ...args: Events[T]): void {
      pubsub.publish(topic, ...args);
      for (const observe of observers) observe(topic, args[0]);
    },
    /**
     * Calls `fn` with the topic and meeting of every event published by this process (not those relayed from other
     * instances): the search indexer's hook. Returns the function that stops it.
     */
    observe(fn: (topic: keyof Events, meetingId: string) => void): () => void {
      observers.add(fn);
      return () => observers.delete(fn);
    },
  };
}

export type EventBus = ReturnType<typeof createEvents>;

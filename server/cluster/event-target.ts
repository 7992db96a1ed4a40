/**
 * The event target of GraphQL subscriptions when several instances run: events are dispatched to this
 * instance's subscribers directly, and through Redis (the maintained @graphql-yoga/redis-event-target) to the
 * others. Each message carries the instance id, so an instance ignores its own echo; while Redis is away local
 * subscribers still get local events.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

interface Envelope {
  /** The instance that published it. */
  i: string;
  /** The event's detail (the payload). */
  d: unknown;
}

type Listener = EventListenerOrEventListenerObject;

/** Payload dates (`at`) come back from JSON as strings; GraphQL's DateTime wants Date objects. */
function revive(key: string, value: unknown): unknown {
  if (key === 'at' && typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return new Date(value);
  return value;
}

export function createClusterEventTarget(deps: { publisher: Redis; subscriber: Redis; instanceId: string; log: Logger }): EventTarget {
  const { publisher, subscriber, instanceId, log } = deps;
  // The package calls publish/subscribe without handling their promises; these wrappers do, so that Redis being
  // away never becomes an unhandled rejection. Publishing is dropped then (only local subscribers get the event).
  const publishClient = {
    publish: (channel: string, message: string) =>
      publisher.status === 'ready'
        ? publisher.publish(channel, message).catch((err: unknown) => log.debug({ err }, 'events: publish to Redis failed'))
        : Promise.resolve(0),
  };
  const subscribeClient = {
    on: (event: string, fn: (...args: any[]) => void) => subscriber.on(event, fn),
    subscribe: (channel: string) => subscriber.subscribe(channel).catch((err: unknown) => log.warn({ err }, 'events: subscribe failed')),
    unsubscribe: (channel: string) => subscriber.unsubscribe(channel).catch(() => undefined),
  };
  const remote = createRedisEventTarget<CustomEvent>({
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
    serializer: { stringify: (m) => JSON.stringify(m), parse: (m) => JSON.parse(m, revive) },
  });
  const local = new EventTarget();
  /** The remote listener standing for each (topic, listener). */
  const relays = new Map<string, Map<Listener, (event: CustomEvent) => void>>();

  const call = (listener: Listener, event: Event) => (typeof listener === 'function' ? listener(event) : listener.handleEvent(event));

  return {
    addEventListener(type: string, listener: Listener | null, options?: AddEventListenerOptions | boolean) {
      if (!listener) return;
      local.addEventListener(type, listener, options);
      let byListener = relays.get(type);
      if (!byListener) relays.set(type, (byListener = new Map()));
      if (byListener.has(listener)) return;
      const relay = (event: CustomEvent) => {
        const envelope = event.detail as Envelope | null;
        if (!envelope || envelope.i === instanceId) return; // our own: already dispatched locally
        call(listener, new CustomEvent(type, { detail: envelope.d }));
      };
      byListener.set(listener, relay);
      remote.addEventListener(type, relay);
    },
    removeEventListener(type: string, listener: Listener | null, options?: EventListenerOptions | boolean) {
      if (!listener) return;
      local.removeEventListener(type, listener, options);
      const byListener = relays.get(type);
      const relay = byListener?.get(listener);
      if (!byListener || !relay) return;
      byListener.delete(listener);
      if (!byListener.size) relays.delete(type);
      remote.removeEventListener(type, relay);
    },
    dispatchEvent(event: Event) {
      const detail = (event as CustomEvent).detail as unknown;
      local.dispatchEvent(new CustomEvent(event.type, { detail }));
      remote.dispatchEvent(new CustomEvent(event.type, { detail: { i: instanceId, d: detail } satisfies Envelope }));
      return true;
    },
  };
}

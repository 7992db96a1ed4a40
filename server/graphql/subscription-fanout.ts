/**
 * Shared fan-out of subscription events over graphql-ws.
 *
 * graphql's own `subscribe` gives every subscriber its own pubsub subscription, filter, `execute` and JSON message
 * per event: with a thousand subscribers of one meeting, a decision change became a thousand of each (and a thousand
 * promise chains to collect afterwards). Here the subscribers of one (topic, meeting) share one pubsub subscription;
 * per event, the facts its visibility depends on are looked up once, every subscriber is checked with the same rule
 * as the type-graphql filter (`mayReceive`), and the allowed ones are grouped by
 *   (what the policies say about them for this meeting, document text, operation name, variables):
 * the selection is executed once per group, serialised once, and each member's socket gets that text behind its own
 * operation id.
 *
 * Only plain operations are taken: a subscription whose one root selection is a registered field
 * (SUBSCRIPTION_FIELDS) without directives, with variables and a `meetingId` that coerce. Everything else goes to
 * graphql's `subscribe` (and the type-graphql filter), which also reports the errors.
 *
 * The messages are sent on the socket directly (graphql-ws's `extra.socket`), in the graphql-transport-ws format
 * graphql-ws itself writes; the iterator handed to graphql-ws yields nothing and ends when graphql-ws returns it
 * (the client's `complete`, or the socket closing), so graphql-ws never sends `next` or `complete` for these.
 */
import {
  execute,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  print,
  subscribe as graphqlSubscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { EventBus } from '../pubsub.js';
import type { GraphQLContext } from './context.js';
import {
  factsOf,
  mayReceive,
  SUBSCRIPTION_FIELDS,
  viewerClass,
  type EventPart,
  type EventPayload,
} from './resolvers/subscription.resolver.js';

/** What may wait in one subscriber's socket before it is closed as too slow. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

type FieldName = keyof typeof SUBSCRIPTION_FIELDS;

interface Subscriber {
  context: GraphQLContext;
  args: ExecutionArgs;
  /** Document text, operation name and coerced variables: subscribers with the same key get the same result. */
  selectionKey: string;
  socket: WebSocket;
  /** `{"id":…,"type":"next","payload":` — the message up to the payload. */
  prefix: string;
  /** Ends the iterator graphql-ws holds (with an error: graphql-ws sends it as the operation's error). */
  settle(error?: Error): void;
}

interface Channel {
  part: EventPart;
  subscribers: Set<Subscriber>;
  stop(): void;
}

export interface SubscriptionFanout {
  /** For useServer's `context`: remembers which socket and operation id the context belongs to. */
  bind(context: GraphQLContext, socket: WebSocket, id: string): GraphQLContext;
  /** For useServer's `subscribe`. */
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
  /** Subscribers and channels held (tests). */
  stats(): { channels: number; subscribers: number };
  /** Since start (metrics): events fanned out, selections executed (one per group), messages sent. */
  readonly counts: { events: number; executions: number; messages: number };
}

export function createSubscriptionFanout(options: { schema: GraphQLSchema; events: EventBus; em: EntityManager; log: Logger }): SubscriptionFanout {
  const { events, em, log } = options;
  const deliveries = new WeakMap<object, { socket: WebSocket; id: string }>();
  const channels = new Map<string, Channel>();
  const counts = { events: 0, executions: 0, messages: 0 };

  /** The registered field, its meetingId and the coerced variables, or null to leave the operation to graphql. */
  function recognise(args: ExecutionArgs): { field: FieldName; meetingId: string; variablesKey: string } | null {
    const op = getOperationAST(args.document, args.operationName);
    if (op?.operation !== 'subscription' || op.selectionSet.selections.length !== 1) return null;
    const sel = op.selectionSet.selections[0]!;
    if (sel.kind !== Kind.FIELD || (sel.directives?.length ?? 0) > 0) return null;
    const name = sel.name.value;
    if (!Object.hasOwn(SUBSCRIPTION_FIELDS, name)) return null;
    const fieldDef = args.schema.getSubscriptionType()?.getFields()[name];
    if (!fieldDef) return null;
    const vars = getVariableValues(args.schema, op.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 50 });
    if (vars.errors) return null;
    let meetingId: unknown;
    try {
      meetingId = getArgumentValues(fieldDef, sel, vars.coerced).meetingId;
    } catch {
      return null;
    }
    if (typeof meetingId !== 'string') return null;
    return { field: name as FieldName, meetingId, variablesKey: JSON.stringify(vars.coerced) };
  }

  function channelFor(field: FieldName, meetingId: string): Channel {
    const { topic, part } = SUBSCRIPTION_FIELDS[field];
    const key = `${topic}\0${meetingId}`;
    const existing = channels.get(key);
    if (existing) return existing;
    const source = events.subscribe(topic, meetingId);
    const channel: Channel = {
      part,
      subscribers: new Set(),
      stop: () => {
        if (channels.get(key) === channel) channels.delete(key);
        void source.return(undefined);
      },
    };
    channels.set(key, channel);
    void (async () => {
      try {
        for await (const payload of source) await deliver(channel, payload as EventPayload);
      } catch (err) {
        log.warn({ err, topic }, 'subscription event source failed');
        const error = err instanceof Error ? err : new Error(String(err));
        for (const s of channel.subscribers) s.settle(error);
        channel.subscribers.clear();
        if (channels.get(key) === channel) channels.delete(key);
      }
    })();
    return channel;
  }

  async function deliver(channel: Channel, payload: EventPayload): Promise<void> {
    if (channel.subscribers.size === 0) return;
    let facts;
    try {
      facts = await factsOf(em, payload);
    } catch (err) {
      // Nobody gets an event whose visibility could not be decided.
      log.warn({ err, meetingId: payload.meetingId }, 'could not look up who may see a subscription event');
      return;
    }
    counts.events++;
    const groups = new Map<string, Subscriber[]>();
    for (const s of channel.subscribers) {
      if (!mayReceive(channel.part, s.context.viewer, facts)) continue;
      const key = `${viewerClass(s.context.viewer, facts)}\0${s.selectionKey}`;
      const group = groups.get(key);
      if (group) group.push(s);
      else groups.set(key, [s]);
    }
    await Promise.all(
      [...groups.values()].map(async (members) => {
        const first = members[0]!;
        let json: string;
        try {
          // As graphql's mapSourceToResponse does per subscriber: the operation with the event as its root value.
          const result = await execute({ ...first.args, contextValue: first.context, rootValue: payload });
          counts.executions++;
          // Errors serialise through GraphQLError.toJSON, as graphql-ws writes them.
          json = JSON.stringify(result);
        } catch (err) {
          log.warn({ err }, 'subscription event could not be executed');
          return;
        }
        for (const s of members) {
          // Still subscribed (the client may have completed while the selection ran) and the socket still open.
          if (!channel.subscribers.has(s) || s.socket.readyState !== s.socket.OPEN) continue;
          // A client that does not read its socket would make the server hold every event for it: let it go instead.
          if (s.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
            log.warn({ buffered: s.socket.bufferedAmount }, 'closing a subscription socket that does not keep up');
            s.socket.close(1013, 'Too slow: events are not being read; reconnect.');
            continue;
          }
          s.socket.send(`${s.prefix}${json}}`);
          counts.messages++;
        }
      }),
    );
  }

  return {
    bind(context, socket, id) {
      deliveries.set(context, { socket, id });
      return context;
    },

    async subscribe(args) {
      const delivery = args.contextValue ? deliveries.get(args.contextValue as object) : undefined;
      const taken = delivery ? recognise(args) : null;
      if (!delivery || !taken) return graphqlSubscribe(args);
      const text = args.document.loc?.source.body ?? print(args.document);
      const channel = channelFor(taken.field, taken.meetingId);
      let settled: { error?: Error } | null = null;
      let wake: (() => void) | null = null;
      const subscriber: Subscriber = {
        context: args.contextValue as GraphQLContext,
        args,
        selectionKey: `${text}\0${args.operationName ?? ''}\0${taken.variablesKey}`,
        socket: delivery.socket,
        prefix: `{"id":${JSON.stringify(delivery.id)},"type":"next","payload":`,
        settle(error) {
          settled ??= { error };
          wake?.();
        },
      };
      channel.subscribers.add(subscriber);
      const leave = () => {
        if (!channel.subscribers.delete(subscriber)) return;
        if (channel.subscribers.size === 0) channel.stop();
      };
      const finished = { done: true, value: undefined } as const;
      const iterator: AsyncGenerator<ExecutionResult, void, unknown> = {
        [Symbol.asyncIterator]() {
          return iterator;
        },
        async next() {
          if (!settled) await new Promise<void>((resolve) => (wake = resolve));
          leave();
          if (settled?.error) throw settled.error;
          return finished;
        },
        async return() {
          leave();
          subscriber.settle();
          return finished;
        },
        async throw(error: unknown) {
          leave();
          subscriber.settle();
          throw error;
        },
      };
      return iterator;
    },

    counts,

    stats() {
      let subscribers = 0;
      for (const c of channels.values()) subscribers += c.subscribers.size;
      return { channels: channels.size, subscribers };
    },
  };
}

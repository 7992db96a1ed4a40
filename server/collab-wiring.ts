import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisRelay, type RedisRelay } from '../collab/relay/redis-relay.js';
import { createCollabServer, SqlDocumentStorage, type CollabOptions, type CollabServer } from '../collab/index.js';
import { createMinutesBinding, type MinutesBinding } from '../collab/minutes-binding.js';
import { Meeting } from '../schema/entities/index.js';
import { parseMinutesDocName } from '../schema/ydoc-layout.js';
import { TICKET_PARAM } from './auth/collab-tickets.js';
import { liveAccess } from './auth/read-policy.js';
import { bearer, type Viewer } from './auth/viewer.js';
import type { Orm } from './db/orm.js';
import type { EventBus } from './pubsub.js';
import { createMinutesModel } from './services/minutes-model.js';
import { isUuid } from '../schema/ids.js';

type ViewerOfToken = (token: string | null) => Promise<Viewer>;

export interface CollabAuth {
  viewerOf: ViewerOfToken;
  /** The viewer of a ticket for this document (and the ticket is used up); null for a bad, used or expired one. */
  ticketViewer?(docName: string, ticket: string): Promise<Viewer | null>;
}

/** The live referat: the sync server, and its binding to the relational model through the services. */
export function createLiveMinutes(
  orm: Orm,
  events: EventBus,
  log: Logger,
  /** Who a request is: the viewer of a bearer token (Authorization header), and of a ticket (`?ticket=`) if given. */
  auth: ViewerOfToken | CollabAuth,
  options: Partial<CollabOptions> = {},
  /** Several instances (REDIS_URL): a Redis connection factory and this instance's id; the relay is started here. */
  cluster?: { instanceId: string; createClient(role: 'publish' | 'subscribe'): Redis },
) {
  const collabAuth: CollabAuth = typeof auth === 'function' ? { viewerOf: auth } : auth;
  const relay: RedisRelay | null = cluster
    ? createRedisRelay({
        createClient: cluster.createClient,
        log,
        options: { instanceId: cluster.instanceId },
        // After each periodic read of the log: store texts an instance that died (or was cut off) had not stored.
        afterCatchUp: (docName) => binding.reconcile(docName),
      })
    : null;
  const binding: MinutesBinding = createMinutesBinding({
    model: createMinutesModel(orm, events),
    log,
    layoutLock: relay ? (docName, fn) => relay.withLock(`layout:${docName}`, fn) : undefined,
  });
  const collab: CollabServer = createCollabServer({
    storage: new SqlDocumentStorage(orm),
    log: log.child({ component: 'collab' }),
    options,
    hooks: relay?.hooks,
    loadInitial: binding.loadInitial,
    // Secretaries (and admins) write; members of the body read; everybody else is refused at the upgrade, before any
    // document data is sent. Who asks: a single-use ticket (`?ticket=`, what browsers use: they cannot set headers on
    // a WebSocket) or an Authorization header (other clients). A bearer token in the URL is refused.
    authorize: async (req, docName) => {
      const meetingId = parseMinutesDocName(docName);
      if (!meetingId || !isUuid(meetingId)) return null;
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      if (params.has('token')) return null;
      const ticket = params.get(TICKET_PARAM);
      const viewer =
        ticket !== null
          ? await (collabAuth.ticketViewer ? collabAuth.ticketViewer(docName, ticket).catch(() => null) : null)
          : await collabAuth.viewerOf(bearer(req.headers.authorization)).catch(() => null);
      if (!viewer) return null;
      const meeting = await orm.em.fork().findOne(Meeting, { id: meetingId });
      if (!meeting) return null;
      const access = liveAccess(viewer, meeting.body.id);
      return access ? { userId: viewer.userId, readOnly: access === 'read' } : null;
    },
  });
  binding.attach(collab);
  if (relay) {
    relay.attach(collab);
    relay.start();
  }
  return {
    collab,
    binding,
    /** The relay to other instances (null without REDIS_URL). */
    relay,
    /** Stores pending texts and every accepted update, then closes the sockets (and says goodbye to other instances). */
    async close(): Promise<void> {
      await binding.flush();
      await collab.close();
      await binding.flush();
      await relay?.stop();
    },
  };
}

export type LiveMinutes = ReturnType<typeof createLiveMinutes>;

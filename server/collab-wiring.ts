import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisRelay, type RedisRelay } from '../collab/relay/redis-relay.js';
import { createCollabServer, SqlDocumentStorage, type CollabOptions, type CollabServer } from '../collab/index.js';
import { createMinutesBinding, type MinutesBinding } from '../collab/minutes-binding.js';
import { Meeting } from '../schema/entities/index.js';
import { parseMinutesDocName } from '../schema/ydoc-layout.js';
import { liveAccess } from './auth/read-policy.js';
import { bearer, type Viewer } from './auth/viewer.js';
import type { Orm } from './db/orm.js';
import type { EventBus } from './pubsub.js';
import { createMinutesModel } from './services/minutes-model.js';
import { isUuid } from '../schema/ids.js';

/** The live referat: the sync server, and its binding to the relational model through the services. */
export function createLiveMinutes(
  orm: Orm,
  events: EventBus,
  log: Logger,
  viewerOf: (token: string | null) => Promise<Viewer>,
  options: Partial<CollabOptions> = {},
  /** Several instances (REDIS_URL): a Redis connection factory and this instance's id; the relay is started here. */
  cluster?: { instanceId: string; createClient(role: 'publish' | 'subscribe'): Redis },
) {
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
    // document data is sent. The token comes as ?token=… (y-websocket's `params`) or an Authorization header.
    authorize: async (req, docName) => {
      const meetingId = parseMinutesDocName(docName);
      if (!meetingId || !isUuid(meetingId)) return null;
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? bearer(req.headers.authorization);
      const viewer = await viewerOf(token).catch(() => null);
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

import type { Viewer } from '../auth/viewer.js';
import type { Orm } from '../db/orm.js';
import type { EventBus } from '../pubsub.js';
import { createServices, type MinutesSync } from '../services/index.js';
import type { FileDeps, NoticeDeps } from '../services/context.js';
import type { GraphQLContext } from './context.js';
import { createLoaders } from './loaders.js';

/** One EntityManager fork per operation (HTTP request or subscription), with its loaders and services. */
export function createRequestContext(orm: Orm, events: EventBus, sync: MinutesSync, viewer: Viewer, notices?: NoticeDeps, files?: FileDeps): GraphQLContext {
  const em = orm.em.fork();
  return { em, loaders: createLoaders(em), services: createServices({ em, events, sync, viewer, notices, files }), viewer };
}

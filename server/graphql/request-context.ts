import type { Links } from '../auth/links.js';
import type { Viewer } from '../auth/viewer.js';
import type { Orm } from '../db/orm.js';
import type { EventBus } from '../pubsub.js';
import { createServices, type MinutesSync } from '../services/index.js';
import type { FileDeps, NoticeDeps } from '../services/context.js';
import type { GraphQLContext } from './context.js';
import { createLoaders } from './loaders.js';

/** One EntityManager fork per operation (HTTP request or subscription), with its loaders and services. */
export interface RequestDeps {
  notices?: NoticeDeps;
  links?: Links;
  files?: FileDeps;
}

export function createRequestContext(orm: Orm, events: EventBus, sync: MinutesSync, viewer: Viewer, deps: RequestDeps = {}): GraphQLContext {
  const em = orm.em.fork();
  const { notices, links, files } = deps;
  return { em, loaders: createLoaders(em), services: createServices({ em, events, sync, viewer, notices, files }), viewer, links };
}

import type { EntityManager } from '@mikro-orm/core';
import type { Links } from '../auth/links.js';
import type { Viewer } from '../auth/viewer.js';
import type { Orm } from '../db/orm.js';
import type { EventBus } from '../pubsub.js';
import { createServices, type MinutesSync, type Services } from '../services/index.js';
import type { FileDeps, NoticeDeps } from '../services/context.js';
import type { GraphQLContext } from './context.js';
import { createLoaders, type LazyEntityManager } from './loaders.js';

/** One EntityManager fork per operation (HTTP request or subscription), with its loaders and services. */
export interface RequestDeps {
  notices?: NoticeDeps;
  links?: Links;
  files?: FileDeps;
}

/**
 * The fork and the services are made when first asked for: a read that the loaders answer (the nested meeting
 * query) needs neither, and forking cost ≈ 3 % of such a request.
 */
export function createRequestContext(orm: Orm, events: EventBus, sync: MinutesSync, viewer: Viewer, deps: RequestDeps = {}): GraphQLContext {
  const { notices, links, files } = deps;
  let em: EntityManager | undefined;
  let services: Services | undefined;
  const lazy: LazyEntityManager = { base: orm.em, get: () => (em ??= orm.em.fork()), current: () => em };
  return {
    get em() {
      return lazy.get();
    },
    loaders: createLoaders(lazy),
    get services() {
      return (services ??= createServices({ em: lazy.get(), events, sync, viewer, notices, files }));
    },
    viewer,
    links,
  };
}

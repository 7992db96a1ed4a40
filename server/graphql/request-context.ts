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
 * query) needs neither, and forking cost ≈ 3 % of such a request. The getters live on the class, not on the object:
 * Apollo copies a context's own properties into a new object (with the same prototype) for every operation, which
 * would call own getters.
 */
class RequestContext implements GraphQLContext {
  readonly loaders: GraphQLContext['loaders'];

  constructor(
    private readonly made: { lazy: LazyEntityManager; services?: Services; make(em: EntityManager): Services; live: { read: boolean } },
    readonly viewer: Viewer,
    readonly links: Links | undefined,
  ) {
    this.loaders = createLoaders(made.lazy);
  }

  get em(): EntityManager {
    return this.made.lazy.get();
  }

  get services(): Services {
    return (this.made.services ??= this.made.make(this.made.lazy.get()));
  }

  get readsLive(): boolean {
    return this.made.live.read;
  }
}

/** `onLiveRead`: also told when an answer reads the live referat (the HTTP response, for the public cache). */
export function createRequestContext(
  orm: Orm,
  events: EventBus,
  sync: MinutesSync,
  viewer: Viewer,
  deps: RequestDeps = {},
  onLiveRead?: () => void,
): GraphQLContext {
  const { notices, links, files } = deps;
  let em: EntityManager | undefined;
  const lazy: LazyEntityManager = { base: orm.em, get: () => (em ??= orm.em.fork()), current: () => em };
  const live = { read: false };
  const readsLive = () => {
    live.read = true;
    onLiveRead?.();
  };
  const make = (fork: EntityManager) => createServices({ em: fork, events, sync, viewer, notices, files, readsLive });
  return new RequestContext({ lazy, make, live }, viewer, links);
}

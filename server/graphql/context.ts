import type { EntityManager } from '@mikro-orm/core';
import type { Links } from '../auth/links.js';
import type { Viewer } from '../auth/viewer.js';
import type { Services } from '../services/index.js';
import type { Loaders } from './loaders.js';

/** What every resolver gets: one EntityManager fork, its loaders and the services bound to it. */
export interface GraphQLContext {
  em: EntityManager;
  loaders: Loaders;
  services: Services;
  viewer: Viewer;
  /** Signed links, feed links and collab tickets (absent in contexts that issue none: imports, seeds). */
  links?: Links;
  /**
   * Whether the answer read the live referat (ahead of the database until the binding stores, with no change event
   * meanwhile; ServiceContext.readsLive): then it is not kept by the private response cache (server/http/private-cache.ts).
   */
  readonly readsLive?: boolean;
}

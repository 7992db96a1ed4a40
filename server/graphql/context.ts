import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import type { Services } from '../services/index.js';
import type { Loaders } from './loaders.js';

/** What every resolver gets: one EntityManager fork, its loaders and the services bound to it. */
export interface GraphQLContext {
  em: EntityManager;
  loaders: Loaders;
  services: Services;
  viewer: Viewer;
}

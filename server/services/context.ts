import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import type { EventBus } from '../pubsub.js';
import type { MinutesSync } from './minutes-sync.js';

/** What every service needs: a request-scoped EntityManager, the event bus, the live-referat sync and who acts. */
export interface ServiceContext {
  em: EntityManager;
  events: EventBus;
  sync: MinutesSync;
  /** Who is asking: checked by every change, recorded in versions and the audit trail. */
  viewer: Viewer;
  /** Where a change comes from, for the audit trail: the API, or typing in the live referat. */
  via?: 'api' | 'live';
}

import type { EntityManager } from '@mikro-orm/core';
import type { EventBus } from '../pubsub.js';
import type { MinutesSync } from './minutes-sync.js';

/** What every service needs: a request-scoped EntityManager, the event bus, the live-referat sync and who acts. */
export interface ServiceContext {
  em: EntityManager;
  events: EventBus;
  sync: MinutesSync;
  /** User id of the caller, for versions and the audit trail; null for the system. */
  actor: string | null;
}

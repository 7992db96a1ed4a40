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
  /** Where a change comes from, for the audit trail (default: the API). */
  via?: AuditVia;
}

/** Where a change comes from: the API, typing in the live referat, an imported document, the example seed. */
export type AuditVia = 'api' | 'live' | 'import' | 'seed';

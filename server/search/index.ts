/**
 * Full-text search over the meetings' records: the index (a store per database behind port.ts, kept current by the
 * indexer from the services' events) and the query side (search-service.ts). See the README's "Search" section.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Orm } from '../db/orm.js';
import { Topic, type EventBus } from '../pubsub.js';
import { SearchIndexer, type IndexerOptions } from './indexer.js';
import type { SearchStore } from './port.js';
import { PostgresSearchStore } from './postgres-store.js';
import { SqliteSearchStore } from './sqlite-store.js';

export { SearchIndexer } from './indexer.js';
export type { SearchStore } from './port.js';

/** The store of the database `em` talks to (by the platform's name: a start on SQLite does not load the pg driver). */
export function searchStoreFor(em: EntityManager): SearchStore {
  return em.getPlatform().constructor.name.startsWith('PostgreSql') ? new PostgresSearchStore(em) : new SqliteSearchStore(em);
}

/** Creates the index tables (or rebuilds them after a layout change). Run under the setup lock, before seeding. */
export async function ensureSearchSchema(orm: Orm): Promise<void> {
  await searchStoreFor(orm.em.fork()).ensureSchema();
}

/**
 * The indexer of this process: re-indexes each meeting that an event published here names (agenda, decisions and
 * texts; attendance is not searched), and catches up at start. Other instances index what they publish themselves.
 */
export function startSearchIndexer(orm: Orm, events: EventBus, log: Logger, options: Partial<IndexerOptions> = {}): SearchIndexer {
  const indexer = new SearchIndexer(() => orm.em.fork(), searchStoreFor, log.child({ component: 'search' }), options);
  events.observe((topic, meetingId) => {
    if (topic !== Topic.AttendanceChanged) indexer.touch(meetingId);
  });
  void indexer.catchUp();
  return indexer;
}

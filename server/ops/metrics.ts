/**
 * Prometheus metrics of the process (prom-client): one registry, the metrics defined once, and the state of each
 * running app (its collab server, subscription fan-out, database pool, …) read only when /metrics is scraped.
 * Hot paths pay a pre-labelled counter increment or one histogram observation at an existing seam; everything
 * that is state already kept elsewhere is a gauge read in collect().
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { setCollabMetrics } from '../../collab/metrics.js';
import type { CollabServer } from '../../collab/types.js';
import type { Orm } from '../db/orm.js';
import type { SqlStats } from '../db/sql-logger.js';
import type { SubscriptionFanout } from '../graphql/subscription-fanout.js';

/** What one running app lets the metrics read (several apps in one process are summed: tests, benchmarks). */
export interface MetricsSource {
  collab: CollabServer;
  /** Live texts typed but not yet stored in their rows (the projection's backlog). */
  pendingProjections(): number;
  fanout: SubscriptionFanout;
  /** Open graphql-ws sockets. */
  graphqlSockets(): number;
  orm: Orm;
  sqlStats: SqlStats;
}

const FAST = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SIZES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export const registry = new Registry();
/**
 * Event-loop lag, RSS, heap, GC, handles. The lag histogram samples every 100 ms, not prom-client's 10: its timer
 * wakes the loop at that rate even when nothing happens (10 ms: 2.2 ms of CPU a second on an idle process, and a
 * wakeup between every other keystroke's frames); a sample still measures how late the loop was, whatever the rate.
 */
export const LOOP_LAG_SAMPLE_MS = 100;
collectDefaultMetrics({ register: registry, prefix: 'motebok_', eventLoopMonitoringPrecision: LOOP_LAG_SAMPLE_MS });

const sources = new Set<MetricsSource>();
const sum = (f: (s: MetricsSource) => number) => [...sources].reduce((n, s) => n + f(s), 0);

export const httpDuration = new Histogram({
  name: 'motebok_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: FAST,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'motebok_graphql_operation_duration_seconds',
  help: 'GraphQL operations over HTTP by operation name and type',
  labelNames: ['operation', 'type'] as const,
  buckets: FAST,
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: 'motebok_graphql_errors_total',
  help: 'Errors in GraphQL answers by operation name and error code',
  labelNames: ['operation', 'code'] as const,
  registers: [registry],
});

const updatesApplied = new Counter({
  name: 'motebok_collab_updates_applied_total',
  help: 'Updates applied to live documents: typed by clients, or server transactions',
  labelNames: ['source'] as const,
  registers: [registry],
});
const updatesRefused = new Counter({
  name: 'motebok_collab_updates_refused_total',
  help: 'Client updates refused: invalid (the connection is closed) or to a read-only document',
  labelNames: ['reason'] as const,
  registers: [registry],
});
const commitSeconds = new Histogram({
  name: 'motebok_collab_group_commit_seconds',
  help: 'Duration of one group commit (the write of every waiting document batch in one transaction)',
  buckets: FAST,
  registers: [registry],
});
const commitDocuments = new Histogram({
  name: 'motebok_collab_group_commit_documents',
  help: 'Documents in one group commit',
  buckets: SIZES,
  registers: [registry],
});
const commitUpdates = new Histogram({
  name: 'motebok_collab_group_commit_updates',
  help: 'Updates in one group commit (the batch size)',
  buckets: SIZES,
  registers: [registry],
});
const commitFailures = new Counter({
  name: 'motebok_collab_group_commit_failures_total',
  help: 'Group commits the database refused (their documents are then written one by one)',
  registers: [registry],
});
const appendSeconds = new Histogram({
  name: 'motebok_collab_log_append_seconds',
  help: "From a document's oldest waiting update to its batch being durable in the update log",
  buckets: FAST,
  registers: [registry],
});
const projectionLag = new Histogram({
  name: 'motebok_projection_lag_seconds',
  help: 'From the first unstored change of a live text to its row being written (debounce included)',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
  registers: [registry],
});

/** The counters the collab server reports to, pre-labelled (one increment per update). */
const applied = { client: updatesApplied.labels('client'), server: updatesApplied.labels('server') };
const refused = { invalid: updatesRefused.labels('invalid'), 'read-only': updatesRefused.labels('read-only') };
for (const c of [...Object.values(applied), ...Object.values(refused)]) c.inc(0); // every series from the start
setCollabMetrics({
  updateApplied: (source) => applied[source].inc(),
  updateRefused: (reason) => refused[reason].inc(),
  groupCommit(seconds, documents, updates, failed) {
    commitSeconds.observe(seconds);
    commitDocuments.observe(documents);
    commitUpdates.observe(updates);
    if (failed) commitFailures.inc();
  },
  appendDurable: (seconds) => appendSeconds.observe(seconds),
  projected: (seconds) => projectionLag.observe(seconds),
});

function gauge(name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

gauge('motebok_collab_documents_open', 'Live documents loaded in memory', () => sum((s) => s.collab.stats().documents));
gauge('motebok_collab_send_backlog_bytes', 'Bytes the collab sockets hold unsent (each connection is closed past its limit)', () => sum((s) => s.collab.stats().sendBacklogBytes));
gauge('motebok_projection_pending_fields', 'Live texts typed but not yet stored in their rows', () => sum((s) => s.pendingProjections()));
gauge('motebok_subscriptions_active', 'GraphQL subscriptions held by the shared fan-out', () => sum((s) => s.fanout.stats().subscribers));
gauge('motebok_subscription_channels', '(topic, meeting) channels the subscriptions share', () => sum((s) => s.fanout.stats().channels));

new Gauge({
  name: 'motebok_connections_open',
  help: 'Open websocket connections by kind (collab: live documents; graphql_ws: subscriptions)',
  labelNames: ['kind'] as const,
  registers: [registry],
  collect() {
    this.set({ kind: 'collab' }, sum((s) => s.collab.stats().connections));
    this.set({ kind: 'graphql_ws' }, sum((s) => s.graphqlSockets()));
  },
});

new Gauge({
  name: 'motebok_db_pool_connections',
  help: 'Database pool connections by state (used, free, pending acquires)',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    let used = 0;
    let free = 0;
    let pending = 0;
    for (const s of sources) {
      const pool = poolOf(s.orm);
      used += pool?.numUsed() ?? 0;
      free += pool?.numFree() ?? 0;
      pending += pool?.numPendingAcquires() ?? 0;
    }
    this.set({ state: 'used' }, used);
    this.set({ state: 'free' }, free);
    this.set({ state: 'pending' }, pending);
  },
});

/**
 * Counters whose totals another module keeps (per app): each scrape adds what grew since the last one, so an app
 * that stops takes nothing back.
 */
function mirroredCounter(name: string, help: string, read: (s: MetricsSource) => number): void {
  const seen = new WeakMap<MetricsSource, number>();
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      for (const s of sources) {
        const now = read(s);
        const delta = now - (seen.get(s) ?? 0);
        if (delta > 0) this.inc(delta);
        seen.set(s, now);
      }
    },
  });
}

mirroredCounter('motebok_subscription_events_total', 'Events fanned out to subscribers', (s) => s.fanout.counts.events);
mirroredCounter('motebok_subscription_executions_total', 'Subscription selections executed (one per group of equal subscribers)', (s) => s.fanout.counts.executions);
mirroredCounter('motebok_subscription_messages_total', 'Subscription messages sent (the fan-out)', (s) => s.fanout.counts.messages);
mirroredCounter('motebok_db_statements_total', 'SQL statements sent to the database', (s) => s.sqlStats.statements);

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** knex's connection pool (tarn), when the driver has one. */
function poolOf(orm: Orm): TarnPool | null {
  try {
    const knex = (orm.em.getConnection() as unknown as { getKnex(): { client?: { pool?: TarnPool } } }).getKnex();
    const pool = knex.client?.pool;
    return pool && typeof pool.numUsed === 'function' ? pool : null;
  } catch {
    return null;
  }
}

/** Counts the app in the metrics until the returned function is called (on stop). */
export function addMetricsSource(source: MetricsSource): () => void {
  sources.add(source);
  return () => void sources.delete(source);
}

/** The exposition text and its content type. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * Redis connections of one instance (REDIS_URL): ioredis reconnects by itself, forever, with a short backoff.
 * Nothing waits for Redis: while it is away, publishing is dropped (the database log is the truth; instances
 * catch up from it) and subscribing resumes on reconnect.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A new ioredis connection for `role`; errors are logged once per outage, not thrown. */
export function connectRedis(url: string, role: 'publish' | 'subscribe', log: Logger): Redis {
  const client = new Redis(url, {
    connectionName: `motebok-${role}`,
    // Publishing while Redis is away fails at once (and is dropped by the caller) instead of piling up.
    enableOfflineQueue: role === 'subscribe',
    maxRetriesPerRequest: role === 'subscribe' ? null : 1,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
    autoResubscribe: true,
    lazyConnect: false,
  });
  let reported = false;
  client.on('error', (err: Error) => {
    if (!reported) log.warn({ err: err.message, role }, 'redis: connection error (reconnecting)');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) log.info({ role }, 'redis: connected again');
    reported = false;
  });
  return client;
}

/** INSTANCE_ID, or host name and process id. */
export function defaultInstanceId(configured: string | null): string {
  return configured ?? `${hostname()}-${process.pid}`;
}

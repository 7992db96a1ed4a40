/**
 * motebok as two instances (two child processes of bench/peers/motebok-server.ts, each on a loopback port of its own)
 * on one scratch PostgreSQL database and one Redis, sharing the signing key, as in the README's "Running several
 * instances" and server/cluster/run-cluster.ts: the first instance migrates and seeds alone and creates the bench
 * user, the second starts once the first is ready; the first one's token works on both.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { startChild, type Child } from '../lib/child.js';
import { gqlAt } from '../lib/gql.js';
import { SEED_MEETINGS } from '../lib/queries.js';
import { scratchDatabase } from './motebok.js';
import type { Peer } from './types.js';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface MotebokClusterPeer extends Peer {
  wsUrls: string[];
  children: Child[];
  seedMeetingId: string;
}

/** Whether the Redis of BENCH_REDIS_URL (default redis://127.0.0.1:6379) answers PING (plain TCP, no password). */
export function redisReachable(url = REDIS_URL, timeoutMs = 2000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port || 6379), u.hostname);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

export async function startMotebokCluster(opts: { instances?: number; nodeArgs?: string[] } = {}): Promise<MotebokClusterPeer> {
  const n = opts.instances ?? 2;
  const db = await scratchDatabase('postgresql');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // As deployed: graphql-js, express and graphql-ws skip their development-only checks (the config itself is
    // loadConfig({ NODE_ENV: 'production', … }) in motebok-server.ts, which needs the AUTH_SECRET passed below).
    NODE_ENV: 'production',
    BENCH_DATABASE_URL: db.url,
    BENCH_AUTH_SECRET: randomBytes(24).toString('hex'),
    BENCH_REDIS_URL: REDIS_URL,
  };
  const children: Child[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await db.drop();
  };
  const start = (i: number) => {
    const child = startChild(
      [...(opts.nodeArgs ?? []), '--expose-gc', '--import', 'tsx', 'bench/peers/motebok-server.ts'],
      { ...env, BENCH_INSTANCE_ID: `bench-${i + 1}`, ...(i > 0 ? { BENCH_NO_USER: '1' } : {}) },
      { ipc: true },
    );
    children.push(child);
    return child.waitMessage<{ url: string; token: string | null }>('ready', 90_000);
  };
  try {
    // The first migrates and seeds alone; the others start after it (two migrating an empty database would collide).
    const first = await start(0);
    const rest = [];
    for (let i = 1; i < n; i++) rest.push(await start(i));
    const ready = [first, ...rest];
    const gql = gqlAt(first.url, first.token);
    const seed = (await gql.ok(SEED_MEETINGS)).meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14'));
    if (!seed) throw new Error('the seed meeting of 14.09.2017 is missing');
    const singleDoc = minutesDocName(seed.id);
    const wsUrls = ready.map((r) => `${r.url.replace(/^http/, 'ws')}/collab`);
    return {
      name: `motebok (PostgreSQL+Redis, ${n} instances)`,
      wire: 'y-websocket',
      wsUrl: wsUrls[0]!,
      wsUrls,
      token: first.token,
      singleDoc,
      manyDocs: [],
      textPath: { kind: 'minutes', itemIdByDoc: { [singleDoc]: seed.agendaItems[0].id } },
      children,
      seedMeetingId: seed.id,
      heap: () => children[0]!.request('heap'),
      cpuMs: () => children.reduce((n, c) => n + c.cpuMs(), 0),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

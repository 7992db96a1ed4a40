/**
 * Several motebok instances as child processes on one fresh PostgreSQL database and one Redis (not a test file).
 * The tests run only when MOTEBOK_TEST_PG_URL and MOTEBOK_TEST_REDIS_URL are set (CI sets both).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { freePort, killChild, startChildServer, type ChildServer } from './child-server.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { waitFor } from './wait.js';

export const PG_URL = process.env.MOTEBOK_TEST_PG_URL;
export const REDIS_URL = process.env.MOTEBOK_TEST_REDIS_URL;
export const CLUSTER_TESTS = Boolean(PG_URL && REDIS_URL);

/** Says once per file why the cluster tests do not run. */
export function logIfSkipped(file: string): void {
  if (CLUSTER_TESTS) return;
  console.log(
    `[motebok tests] ${file}: SKIPPED (several instances need MOTEBOK_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres and MOTEBOK_TEST_REDIS_URL=redis://127.0.0.1:6379)`,
  );
}

export interface Instance extends ChildServer {
  port: number;
  id: string;
}

export interface Cluster {
  db: TestDatabase;
  instances: Instance[];
  env: Record<string, string>;
  /** Starts another instance (or restarts one on a port) on the same database and Redis. */
  startInstance(id: string, port?: number): Promise<Instance>;
  stop(): Promise<void>;
}

/**
 * `n` instances on a fresh PostgreSQL database: the first migrates and seeds alone, the others start together.
 * They share AUTH_SECRET, so one token works on every instance.
 */
export async function startCluster(n: number, opts: { redisUrl?: string; env?: Record<string, string> } = {}): Promise<Cluster> {
  const db = await createTestDatabase('postgresql');
  const env: Record<string, string> = {
    AUTH_SECRET: randomBytes(32).toString('hex'),
    REDIS_URL: opts.redisUrl ?? REDIS_URL!,
    LOG_LEVEL: process.env.MOTEBOK_TEST_LOG ?? 'warn',
    ...opts.env,
  };
  const started: ChildProcess[] = [];
  const startInstance = async (id: string, port?: number): Promise<Instance> => {
    const p = port ?? (await freePort());
    const child = await startInstanceProcess({ port: p, databaseUrl: db.url, env: { ...env, INSTANCE_ID: id } }, started);
    return Object.assign(child, { port: p, id });
  };
  const instances: Instance[] = [];
  try {
    instances.push(await startInstance('i1'));
    instances.push(...(await Promise.all(Array.from({ length: n - 1 }, (_, k) => startInstance(`i${k + 2}`)))));
  } catch (error) {
    for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await db.drop();
    throw error;
  }
  return {
    db,
    instances,
    env,
    startInstance,
    async stop() {
      await Promise.all(instances.map((i) => killChild(i)));
      await db.drop().catch(() => undefined);
    },
  };
}

/** startChildServer with a longer wait (several instances start on a busy machine), every process recorded in `started` at once so that a failed start kills them all. */
function startInstanceProcess(opts: { port: number; databaseUrl: string; env: Record<string, string> }, started: ChildProcess[]): Promise<ChildServer> {
  return startChildServer({ ...opts, readyTimeoutMs: 90_000, onSpawn: (proc) => started.push(proc) });
}

/** Whether a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A private redis-server on `port` (no persistence), ready when it answers PING. */
export async function startRedisServer(port: number): Promise<{ proc: ChildProcess; exited: Promise<unknown> }> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  await waitFor(() => redisPing(port), 'redis-server to answer', 10_000);
  return { proc, exited };
}

/** Whether a Redis on 127.0.0.1:`port` answers PING. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

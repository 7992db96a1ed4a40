/**
 * `npm run cluster`: two instances on the local PostgreSQL and Redis, for trying the multi-instance set-up by hand.
 *
 *   DATABASE_URL  default postgres://postgres@127.0.0.1:5432/motebok_cluster (created if missing, seeded)
 *   REDIS_URL     default redis://127.0.0.1:6379
 *   PORTS         default 4001,4002
 *
 * Prints tokens and URLs; Ctrl-C stops both (SIGTERM: they drain and flush).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { User } from '../../schema/entities/index.js';
import { resolveAuthSecret } from '../auth/secret.js';
import { TokenService } from '../auth/tokens.js';
import { createUser } from '../services/users.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/orm.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/motebok_cluster';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ports = (process.env.PORTS ?? '4001,4002').split(',').map((p) => Number(p.trim()));
// One signing key for every instance, so that one token works on all of them (kept in the environment you give).
const authSecret = process.env.AUTH_SECRET ?? randomBytes(32).toString('hex');

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name ${JSON.stringify(name)}: letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) {
      await client.query(`create database ${name}`);
      console.log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** Migrates and seeds once (before the instances start, so that they do not race), and returns an admin token. */
async function prepare(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, SEED_EXAMPLE: 'true', LOG_LEVEL: 'warn', AUTH_SECRET: authSecret });
  const { orm } = await openDatabase(config.database, pino({ level: 'warn' }));
  try {
    const { seedExample } = await import('../services/seed/seed-example.js');
    await seedExample(orm.em.fork());
    const em = orm.em.fork();
    const email = 'cluster-admin@example.invalid';
    const user = (await em.findOne(User, { email })) ?? (await createUser(em, { name: 'Cluster admin', email, isAdmin: true }));
    return await new TokenService(resolveAuthSecret(config), config.auth.tokenTtlSeconds).issue(user.id);
  } finally {
    await orm.close(true);
  }
}

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  const token = await prepare();
  const children: ChildProcess[] = ports.map((port, i) =>
    spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        AUTH_SECRET: authSecret,
        INSTANCE_ID: `instance-${i + 1}`,
        SEED_EXAMPLE: 'true',
        PUBLISH_DRAFT_MINUTES: process.env.PUBLISH_DRAFT_MINUTES ?? 'true',
      },
    }),
  );
  const redacted = databaseUrl.replace(/\/\/[^@]*@/, '//…@');
  console.log(`\nmotebok cluster: ${ports.length} instances on ${redacted} and ${redisUrl}`);
  for (const port of ports) {
    console.log(`  http://localhost:${port}/graphql   ws://localhost:${port}/graphql   ws://localhost:${port}/collab/minutes:<meetingId>`);
  }
  console.log(`  admin token (valid on every instance): ${token}`);
  console.log('  Ctrl-C stops them.\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

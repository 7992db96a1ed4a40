import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting motebok reads from the environment; a bad value stops start-up with a message naming it. */
/** Empty or blank values count as unset, so that PORT="" does not quietly become port 0. */
const blankAsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (min: number, max: number) => z.preprocess(blankAsUnset, z.coerce.number().int().min(min).max(max).optional());

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(4000),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('sqlite:./data/motebok.sqlite')
    .refine((u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u), {
      message: 'must start with sqlite: (a file path, or sqlite::memory:) or postgres://',
    }),
  DATABASE_POOL_MAX: int(1, 100).default(10),
  /**
   * SQLite: when a commit is durable. normal (WAL, no fsync per commit): survives the process being killed (SIGKILL,
   * OOM, crash) but the last commits before an OS crash or power loss may be lost; full: an fsync per commit
   * (per group commit of the live log), survives power loss too, at the disk's fsync time per keystroke batch.
   */
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  /** SQLite: who copies the WAL back into the database file (server/db/sqlite-checkpointer.ts). */
  SQLITE_CHECKPOINT: z.enum(['background', 'inline']).default('inline'),
  SEED_EXAMPLE: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_LANDING_PAGE: bool.optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_DAYS: int(1, 3650).default(30),
  GRAPHQL_MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  /** Publish the referat before it is approved (marked as a draft), as some municipalities do. */
  PUBLISH_DRAFT_MINUTES: bool.optional(),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  /**
   * The heap may grow to (1 + N/100) × what is live before the next full garbage collection (server/ops/heap-growth.ts);
   * 0 leaves V8's own factor (up to 4× on a machine with ≥ 16 GB, which makes RSS climb by hundreds of MB).
   */
  HEAP_GROWING_PERCENT: int(0, 1000).default(50),
  /** Several instances: Redis carries subscription events and live-referat news between them (optional). */
  REDIS_URL: z.preprocess(
    blankAsUnset,
    z.string().refine((u) => /^rediss?:\/\//.test(u), { message: 'must start with redis:// or rediss://' }).optional(),
  ),
  /** A name for this instance in logs and Redis messages; default: hostname and process id. */
  /** Logs: JSON lines, or readable lines (pino-pretty); auto = readable when stdout is a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Put stack traces in GraphQL error answers (for debugging only; they are always in the server log). */
  GRAPHQL_STACKTRACES: bool.optional(),
  /** Prometheus /metrics: on the main port for an administrator's token, and also open on this port when set. */
  METRICS_PORT: int(0, 65535),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  INSTANCE_ID: z.preprocess(blankAsUnset, z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - only (at most 64)').optional()),
  /** Sending the innkalling: an SMTP server (smtp://user:pass@host:port, smtps:// for TLS); unset: kept in the outbox. */
  SMTP_URL: z.preprocess(blankAsUnset, z.string().refine((u) => /^smtps?:\/\//.test(u), { message: 'must start with smtp:// or smtps://' }).optional()),
  /** The sender of the innkalling. */
  MAIL_FROM: z.preprocess(blankAsUnset, z.string().min(3).default('motebok <motebok@localhost>')),
  /** The address members reach this server at, for the forfall links in the innkalling; default: where it listens. */
  PUBLIC_URL: z.preprocess(blankAsUnset, z.string().url().optional()),
  /** Vedlegg files: where the disk store keeps them (SQLite), or stages uploads (PostgreSQL stores the bytes itself). */
  FILES_DIR: z.preprocess(blankAsUnset, z.string().optional()),
  /** Largest vedlegg file accepted, in bytes. */
  UPLOAD_MAX_BYTES: int(1, 2_000_000_000).default(100 * 1024 * 1024),
  /** Most files in one upload request. */
  UPLOAD_MAX_FILES: int(1, 1000).default(20),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  env: RawConfig['NODE_ENV'];
  host: string;
  port: number;
  database: {
    url: string;
    kind: 'sqlite' | 'postgresql';
    poolMax: number;
    /** SQLite's `synchronous` on every connection (default normal; see SQLITE_SYNCHRONOUS). */
    sqliteSynchronous?: 'normal' | 'full';
    /** background: a worker thread checkpoints the WAL, the serving connections only past a bound; inline: SQLite's own. */
    sqliteCheckpoint?: 'background' | 'inline';
  };
  /** Seed an empty database with the example meeting of 14.09.2017. */
  seedExample: boolean;
  logLevel: RawConfig['LOG_LEVEL'];
  logFormat: RawConfig['LOG_FORMAT'];
  graphql: { introspection: boolean; landingPage: boolean; maxBodyBytes: number; stacktraces: boolean };
  /** /metrics: always for an administrator's token on the main port; without a token on `port` (null: none). */
  metrics: { port: number | null; host: string };
  auth: {
    secret: string | null;
    tokenTtlSeconds: number;
    /** The public may read a held meeting's referat before it is approved (shown as a draft). */
    publishDraftMinutes: boolean;
  };
  shutdownGraceMs: number;
  /** V8's heap growing factor as a percentage over what is live (0: V8's own); applied by the entry points. */
  heapGrowingPercent: number;
  /** Running several instances on one PostgreSQL: Redis (null: a single instance, nothing leaves the process). */
  cluster: { redisUrl: string | null; instanceId: string | null };
  /** The innkalling by e-mail (null smtpUrl: messages are kept in the outbox for the secretariat). */
  mail: { smtpUrl: string | null; from: string; publicUrl: string | null };
  /** Vedlegg files: dir null = beside the SQLite file (files/), or a temporary folder (in-memory SQLite, PostgreSQL). */
  files: { dir: string | null; maxBytes: number; maxFiles: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dev = c.NODE_ENV !== 'production';
  return {
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    database: {
      url: c.DATABASE_URL,
      kind: c.DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgresql',
      poolMax: c.DATABASE_POOL_MAX,
      sqliteSynchronous: c.SQLITE_SYNCHRONOUS,
      sqliteCheckpoint: c.SQLITE_CHECKPOINT,
    },
    seedExample: c.SEED_EXAMPLE ?? c.DATABASE_URL.startsWith('sqlite:'),
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    graphql: {
      introspection: c.GRAPHQL_INTROSPECTION ?? dev,
      landingPage: c.GRAPHQL_LANDING_PAGE ?? dev,
      maxBodyBytes: c.GRAPHQL_MAX_BODY_BYTES,
      stacktraces: c.GRAPHQL_STACKTRACES ?? false,
    },
    metrics: { port: c.METRICS_PORT ?? null, host: c.METRICS_HOST },
    auth: {
      secret: c.AUTH_SECRET ?? null,
      tokenTtlSeconds: c.TOKEN_TTL_DAYS * 86_400,
      // The embedded example publishes its draft referat so that it can be read without signing in.
      publishDraftMinutes: c.PUBLISH_DRAFT_MINUTES ?? (c.SEED_EXAMPLE ?? c.DATABASE_URL.startsWith('sqlite:')),
    },
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    heapGrowingPercent: c.HEAP_GROWING_PERCENT,
    cluster: { redisUrl: c.REDIS_URL ?? null, instanceId: c.INSTANCE_ID ?? null },
    mail: { smtpUrl: c.SMTP_URL ?? null, from: c.MAIL_FROM, publicUrl: c.PUBLIC_URL?.replace(/\/+$/, '') ?? null },
    files: { dir: c.FILES_DIR ?? null, maxBytes: c.UPLOAD_MAX_BYTES, maxFiles: c.UPLOAD_MAX_FILES },
  };
}

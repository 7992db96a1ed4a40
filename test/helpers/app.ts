import { pino } from 'pino';
import { createApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';

export interface TestServer {
  app: App;
  url: string;
  db: TestDatabase;
  /** POSTs a GraphQL operation; returns the parsed body ({ data, errors }). */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data: T; errors?: GqlError[] }>;
  /** Like gql, but throws when the answer has errors. */
  ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export interface GqlError {
  message: string;
  extensions: { code: string; [k: string]: unknown };
  path?: string[];
}

/** The real server on an ephemeral port over a fresh database, seeded with the example meeting unless told not to. */
export async function startTestServer(kind: DbKind = 'sqlite', opts: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const db = await createTestDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.url,
    SEED_EXAMPLE: opts.seed === false ? 'false' : 'true',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const app = await createApp(config, { log: pino({ level: process.env.MOTEBOK_TEST_LOG ?? 'silent' }) });
  const url = await app.start();
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: any; errors?: GqlError[] };
  };
  return {
    app,
    url,
    db,
    gql,
    async ok(query, variables) {
      const r = await gql(query, variables);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data;
    },
    async close() {
      await app.stop();
      await db.drop();
    },
  };
}

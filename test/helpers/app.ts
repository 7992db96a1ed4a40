import { pino } from 'pino';
import { createApp, type App } from '../../server/app.js';
import { createUser, grantRole } from '../../server/auth/users.js';
import { loadConfig } from '../../server/config.js';
import type { BodyRole } from '../../schema/enums.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';

export interface TestServer {
  app: App;
  url: string;
  db: TestDatabase;
  /** A token of an administrator: what gql() and ok() send unless told otherwise. */
  adminToken: string;
  /**
   * POSTs a GraphQL operation as the administrator, or as `as`: a token, or 'public' for no token.
   * Returns the parsed body ({ data, errors }).
   */
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: string): Promise<{ data: T; errors?: GqlError[] }>;
  /** Like gql, but throws when the answer has errors. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, as?: string): Promise<T>;
  /** A new user with the given role in a body (by slug), or an administrator; returns their token. */
  tokenFor(role: 'ADMIN' | BodyRole, bodySlug?: string): Promise<string>;
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
  let users = 0;
  const tokenFor = async (role: 'ADMIN' | BodyRole, bodySlug = 'radmannsgruppen') => {
    const em = app.orm.em.fork();
    const user = await createUser(em, { name: `Test ${role.toLowerCase()} ${++users}`, isAdmin: role === 'ADMIN' });
    if (role !== 'ADMIN') await grantRole(em, user, bodySlug, role);
    return app.tokens.issue(user.id);
  };
  const adminToken = await tokenFor('ADMIN');
  const gql = async (query: string, variables?: Record<string, unknown>, as: string = adminToken) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (as !== 'public') headers.authorization = `Bearer ${as}`;
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data: any; errors?: GqlError[] };
  };
  return {
    app,
    url,
    db,
    adminToken,
    gql,
    tokenFor,
    async ok(query, variables, as) {
      const r = await gql(query, variables, as);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data;
    },
    async close() {
      await app.stop();
      await db.drop();
    },
  };
}

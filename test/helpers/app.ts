import { pino, type Logger } from 'pino';
import { createApp, type App } from '../../server/app.js';
import { User } from '../../schema/entities/index.js';
import { resolveAuthSecret } from '../../server/auth/secret.js';
import { TokenService } from '../../server/auth/tokens.js';
import { createUser, grantRole } from '../../server/services/users.js';
import { openDatabase } from '../../server/db/orm.js';
import { loadConfig } from '../../server/config.js';
import type { BodyRole } from '../../schema/enums.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';
import { dataOf, postGraphql, serverTokens, type GqlAnswer } from './graphql.js';

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
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: string): Promise<GqlAnswer<T>>;
  /** Like gql, but throws when the answer has errors. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, as?: string): Promise<T>;
  /** A new user with the given role in a body (by slug), or an administrator; returns their token. */
  tokenFor(role: 'ADMIN' | `${BodyRole}`, bodySlug?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A token of an administrator of the database at `databaseUrl`, as a server using it would accept it (same signing
 * key: AUTH_SECRET, or the key file the embedded default keeps beside its SQLite file). For servers run as child
 * processes.
 */
export async function adminTokenForDatabase(databaseUrl: string, env: Record<string, string> = {}): Promise<string> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...env });
  const { orm } = await openDatabase(config.database, pino({ level: 'silent' }));
  try {
    const em = orm.em.fork();
    const email = 'test-admin@example.invalid';
    const user = (await em.findOne(User, { email })) ?? (await createUser(em, { name: 'Test admin', email, isAdmin: true }));
    return await new TokenService(resolveAuthSecret(config), config.auth.tokenTtlSeconds).issue(user.id);
  } finally {
    await orm.close(true);
  }
}

/** The real server on an ephemeral port over a fresh database, seeded with the example meeting unless told not to (`log`: a logger of the test's own). */
export async function startTestServer(
  kind: DbKind = 'sqlite',
  opts: { seed?: boolean; env?: Record<string, string>; log?: Logger } = {},
): Promise<TestServer> {
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
  const app = await createApp(config, { log: opts.log ?? pino({ level: process.env.MOTEBOK_TEST_LOG ?? 'silent' }) });
  const url = await app.start();
  let users = 0;
  const tokenFor = async (role: 'ADMIN' | `${BodyRole}`, bodySlug = 'radmannsgruppen') => {
    const em = app.orm.em.fork();
    const user = await createUser(em, { name: `Test ${role.toLowerCase()} ${++users}`, isAdmin: role === 'ADMIN' });
    if (role !== 'ADMIN') await grantRole(em, user, bodySlug, role as BodyRole);
    return app.tokens.issue(user.id);
  };
  const adminToken = await tokenFor('ADMIN');
  serverTokens.set(url, adminToken);
  const gql = (query: string, variables?: Record<string, unknown>, as: string = adminToken) =>
    postGraphql(url, query, variables, as === 'public' ? null : as);
  return {
    app,
    url,
    db,
    adminToken,
    gql,
    tokenFor,
    async ok(query, variables, as) {
      return dataOf(await gql(query, variables, as));
    },
    async close() {
      serverTokens.delete(url);
      await app.stop();
      await db.drop();
    },
  };
}

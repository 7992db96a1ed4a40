import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

/** The ConfigError thrown for an environment, or a failure when none is thrown. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has defaults for everything: a SQLite file, port 4000, seeding on for SQLite', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ url: 'sqlite:./data/motebok.sqlite', kind: 'sqlite', poolMax: 10, sqliteSynchronous: 'normal', sqliteCheckpoint: 'inline' });
    expect(c.port).toBe(4000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.seedExample).toBe(true);
    expect(c.env).toBe('development');
    expect(c.logLevel).toBe('info');
    expect(c.shutdownGraceMs).toBe(10_000);
    // Development: introspection and the landing page are on.
    expect(c.graphql).toEqual({ introspection: true, landingPage: true, maxBodyBytes: 1024 * 1024, stacktraces: false });
    expect(c.metrics).toEqual({ port: null, host: '127.0.0.1' });
    expect(c.logFormat).toBe('auto');
    expect(c.auth).toEqual({ secret: null, tokenTtlSeconds: 30 * 86_400, publishDraftMinutes: true });
  });

  it('reads the variables it is given', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '8080',
      DATABASE_URL: 'postgres://motebok:hemmelig@db:5432/motebok',
      DATABASE_POOL_MAX: '25',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '2500',
    });
    expect(c).toMatchObject({
      env: 'production',
      host: '127.0.0.1',
      port: 8080,
      database: { url: 'postgres://motebok:hemmelig@db:5432/motebok', kind: 'postgresql', poolMax: 25 },
      logLevel: 'warn',
      shutdownGraceMs: 2500,
      // Production: off unless asked for.
      graphql: { introspection: false, landingPage: false, maxBodyBytes: 1024 * 1024 },
    });
    // Seeding is off by default on PostgreSQL.
    expect(c.seedExample).toBe(false);
  });

  it('PORT=0 (an ephemeral port) and postgresql:// URLs are accepted; booleans are read in their usual spellings', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/motebok' }).database.kind).toBe('postgresql');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toMatchObject({ kind: 'sqlite', url: 'sqlite::memory:' });
    expect(loadConfig({ SEED_EXAMPLE: 'false' }).seedExample).toBe(false);
    // The heap may grow 50 % over what is live by default; 0 gives V8 its own factor back; no fractions.
    expect(loadConfig({}).heapGrowingPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(configError({ HEAP_GROWING_PERCENT: '12.5' }).message).toMatch(/HEAP_GROWING_PERCENT/);
    expect(loadConfig({ SEED_EXAMPLE: '0' }).seedExample).toBe(false);
    expect(loadConfig({ SEED_EXAMPLE: 'yes', DATABASE_URL: 'postgres://h/db' }).seedExample).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: "true" }).graphql).toEqual({ introspection: true, landingPage: false, maxBodyBytes: 1024 * 1024, stacktraces: false });
  });

  it.each([['abc'], ['-1'], ['65536'], ['80.5'], ['4000abc']])('a bad PORT (%s) throws a ConfigError naming PORT', (port) => {
    const err = configError({ PORT: port });
    expect(err.name).toBe('ConfigError');
    expect(err.message).toMatch(/\bPORT\b/);
    expect(err.message).toContain(JSON.stringify(port));
    expect(err.message).not.toMatch(/DATABASE_URL/);
  });

  it.each([['mysql://localhost/motebok'], ['./data/motebok.sqlite'], ['http://db:5432/x'], ['']])(
    'a bad DATABASE_URL (%j) throws a ConfigError naming DATABASE_URL',
    (url) => {
      const err = configError({ DATABASE_URL: url });
      expect(err.message).toMatch(/\bDATABASE_URL\b/);
      expect(err.message).not.toMatch(/\bPORT\b/);
    },
  );

  it.each([[''], ['  ']])('an empty PORT (%j) is not silently taken as port 0 (a random port): the default, or a ConfigError', (port) => {
    let result: number | ConfigError;
    try {
      result = loadConfig({ PORT: port }).port;
    } catch (err) {
      result = err as ConfigError;
    }
    if (result instanceof ConfigError) expect(result.message).toMatch(/\bPORT\b/);
    else expect(result).toBe(4000);
  });

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', SEED_EXAMPLE: 'kanskje', DATABASE_POOL_MAX: '0' });
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'SEED_EXAMPLE', 'DATABASE_POOL_MAX']) expect(err.message).toContain(name);
  });

  it('other bad values are refused too', () => {
    expect(configError({ NODE_ENV: 'staging' }).message).toContain('NODE_ENV');
    expect(configError({ SHUTDOWN_GRACE_MS: '-5' }).message).toContain('SHUTDOWN_GRACE_MS');
    expect(configError({ GRAPHQL_LANDING_PAGE: 'maybe' }).message).toContain('GRAPHQL_LANDING_PAGE');
  });
});

/** Issue 18: a readable start in a terminal, JSON lines for collectors, and no stack traces in GraphQL answers. */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startupBanner } from '../../server/ops/banner.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { freePort, killChild, startChildServer, type ChildServer } from '../helpers/child-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const BAD_QUERY = '{ meetings { noSuchField } }';

describe('start-up output', () => {
  const children: ChildServer[] = [];
  /** Every process spawned, also one whose start timed out (it is not in `children` then). */
  const spawned: ChildProcess[] = [];
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const c of children) await killChild(c);
    for (const p of spawned) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    for (const d of dbs) await d.drop();
  });

  async function start(env: Record<string, string>): Promise<ChildServer> {
    const db = await createTestDatabase('sqlite');
    dbs.push(db);
    const child = await startChildServer({ port: await freePort(), databaseUrl: db.url, env: { NODE_ENV: 'development', LOG_LEVEL: 'info', ...env }, onSpawn: (p) => spawned.push(p) });
    children.push(child);
    return child;
  }

  it('is JSON lines when stdout is not a terminal, with the example tokens in one of them', async () => {
    const child = await start({});
    const lines = child.output().trim().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(1);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.some((r) => typeof r.secretaryToken === 'string' && typeof r.adminToken === 'string')).toBe(true);
    expect(records.some((r) => String(r.msg).startsWith('motebok listening on'))).toBe(true);
  });

  it('is readable lines with LOG_FORMAT=pretty (what a terminal gets)', async () => {
    const child = await start({ LOG_FORMAT: 'pretty' });
    const out = child.output();
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: motebok listening on http:\/\/127\.0\.0\.1:\d+/m);
    expect(out).not.toContain('{"level"');
  });
});

describe('the terminal banner', () => {
  it('names the addresses and the two example tokens with what they do', () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite:./data/x.sqlite' });
    const text = startupBanner({ url: 'http://localhost:4000', config, devTokens: { secretary: 'SEC.TOKEN', admin: 'ADM.TOKEN' }, metricsUrl: null });
    for (const s of ['http://localhost:4000/', 'http://localhost:4000/graphql', 'ws://localhost:4000/graphql', 'ws://localhost:4000/collab/', 'http://localhost:4000/healthz', 'SQLite ./data/x.sqlite']) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/Secretary of Rådmannsgruppen[^\n]*\n\s+SEC\.TOKEN/);
    expect(text).toMatch(/Administrator[^\n]*\n\s+ADM\.TOKEN/);
    expect(text.split('\n').length).toBeLessThan(25);
    const pg = startupBanner({ url: 'http://h:1', config: loadConfig({ DATABASE_URL: 'postgres://u:secret@db/x' }), devTokens: null, metricsUrl: 'http://127.0.0.1:9464/metrics' });
    expect(pg).not.toContain('secret');
    expect(pg).not.toContain('token:');
    expect(pg).toContain('http://127.0.0.1:9464/metrics');
  });
});

describe('GraphQL errors', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('carry no stack trace in development unless GRAPHQL_STACKTRACES=true', async () => {
    const dev = await startTestServer('sqlite', { seed: false, env: { NODE_ENV: 'development' } });
    servers.push(dev);
    const plain = await dev.gql(BAD_QUERY);
    expect(plain.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(plain)).not.toMatch(/stacktrace|\.ts:\d+/);

    const debug = await startTestServer('sqlite', { seed: false, env: { NODE_ENV: 'development', GRAPHQL_STACKTRACES: 'true' } });
    servers.push(debug);
    const traced = await debug.gql(BAD_QUERY);
    expect(Array.isArray(traced.errors?.[0]?.extensions.stacktrace)).toBe(true);
  });
});

import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { CLUSTER_TESTS, logIfSkipped } from '../helpers/cluster.js';

logIfSkipped('test/cluster/concurrent-start.test.ts');

/** Instances started together on an empty PostgreSQL database (a fresh deployment, or a rolling start). */
describe.runIf(CLUSTER_TESTS)('cluster: three instances start at once on an empty database', () => {
  let db: TestDatabase;
  const apps: App[] = [];

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await db?.drop();
  });

  it('they take turns to migrate and seed: all come up, and the example is seeded once', async () => {
    db = await createTestDatabase('postgresql');
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: db.url,
      SEED_EXAMPLE: 'true',
      AUTH_SECRET: 'a-shared-secret-of-the-instances-0123456789',
      LOG_LEVEL: 'silent',
    });
    const started = await Promise.allSettled([0, 1, 2].map(() => createApp(config, { log: pino({ level: 'silent' }) })));
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up', 'up']);

    const em = apps[0]!.orm.em.fork();
    const count = async (sql: string) => Number((await em.getConnection().execute<{ n: string }[]>(sql))[0]!.n);
    expect(await count(`select count(*) as n from meeting where starts_at::date = '2017-09-14'`)).toBe(1);
    expect(await count(`select count(*) as n from body where slug = 'radmannsgruppen'`)).toBe(1);
    expect(await count(`select count(*) as n from mikro_orm_migrations`)).toBeGreaterThan(0);
  }, 120_000);
});

import { CHROMIUM_FOUND, CHROMIUM_PATH, CHROMIUM_HINT, chromiumStatusLine } from './browser.js';

/** Says clearly which optional test targets run and which are skipped, once per run. */
export default function setup(): void {
  const pgUrl = process.env.MOTEBOK_TEST_PG_URL;
  const redisUrl = process.env.MOTEBOK_TEST_REDIS_URL;
  const lines = [
    pgUrl ? `PostgreSQL: domain and API tests also run on ${pgUrl.replace(/\/\/[^@]*@/, '//…@')}` : 'PostgreSQL: SKIPPED (set MOTEBOK_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres to run the same tests on PostgreSQL)',
    redisUrl ? `Redis: multi-instance tests run on ${redisUrl}` : 'Redis: SKIPPED (set MOTEBOK_TEST_REDIS_URL=redis://127.0.0.1:6379 to run multi-instance tests)',
    chromiumStatusLine(),
  ];
  console.log(`\n[motebok tests]\n  ${lines.join('\n  ')}\n`);
  if (process.env.MOTEBOK_TEST_REQUIRE_SERVICES === '1' && (!pgUrl || !redisUrl)) {
    throw new Error('MOTEBOK_TEST_REQUIRE_SERVICES=1 but MOTEBOK_TEST_PG_URL or MOTEBOK_TEST_REDIS_URL is missing');
  }
  if (process.env.MOTEBOK_TEST_REQUIRE_SERVICES === '1' && !CHROMIUM_FOUND) {
    throw new Error(`MOTEBOK_TEST_REQUIRE_SERVICES=1 but ${CHROMIUM_PATH} is missing: ${CHROMIUM_HINT}`);
  }
}

/**
 * `npm run build && npx tsx bench/public-get.ts`: the P4 meeting query asked anonymously of the production build on a
 * scratch seeded SQLite file (autocannon, 10 connections × 4 s each): by POST (never cached), by GET (answered from
 * the public response cache, server/http/public-cache.ts), and by GET with If-None-Match (304).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, ROOT } from './lib/child.js';
import { MEETING_QUERY, SEED_MEETINGS } from './lib/queries.js';
import { sleep } from './lib/stats.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-public-get-'));
const port = await freePort();
const env = { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'm.sqlite')}`, AUTH_SECRET: 'b'.repeat(40), LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
const proc = spawn(process.execPath, ['dist/server/main.js'], { cwd: ROOT, env, stdio: 'ignore' });
try {
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200 && !(await fetch(`${url}/readyz`).then((r) => r.ok, () => false)); i++) await sleep(50);
  const post = (query: string, variables?: unknown) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
  const id = (await post(SEED_MEETINGS)).data.meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14')).id as string;
  const getUrl = `${url}/graphql?${new URLSearchParams({ query: MEETING_QUERY, variables: JSON.stringify({ id }) })}`;
  const preflight = { 'apollo-require-preflight': 'true' };
  const etag = (await fetch(getUrl, { headers: preflight })).headers.get('etag')!;
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const runs: Array<[string, autocannon.Options]> = [
    ['POST (not cached)', { url: `${url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: MEETING_QUERY, variables: { id } }) }],
    ['GET (public cache)', { url: getUrl, headers: preflight }],
    ['GET with If-None-Match (304)', { url: getUrl, headers: { ...preflight, 'if-none-match': etag } }],
  ];
  for (const [name, opts] of runs) {
    const r = await autocannon({ connections: 10, duration: 4, ...opts });
    console.log(`${name}: ${r.requests.average} req/s, p99 ${r.latency.p99} ms, 2xx ${r['2xx']}, non-2xx ${r.non2xx}`);
  }
} finally {
  proc.kill('SIGTERM');
  await sleep(500);
  rmSync(dir, { recursive: true, force: true });
}

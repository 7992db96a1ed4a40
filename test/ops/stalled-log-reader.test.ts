/**
 * A log collector that stops reading (its pipe to our stdout full) must not stop the server: requests are answered
 * and SIGTERM drains and exits. With a blocking stdout the process waited inside its log write (pino's synchronous
 * destination retrying EAGAIN) and ignored SIGTERM for good (found by the soak, bench/PROFILE-NOTES.md "soak2").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, startChildServer, type ChildServer } from '../helpers/child-server.js';

describe('a log reader that stops reading', () => {
  let db: TestDatabase;
  let server: ChildServer | null = null;

  afterAll(async () => {
    if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL');
    await db?.drop();
  });

  /** A child server logging one debug line per request, whose stdout is no longer read, after 400 requests. */
  async function serverWithFullPipe(): Promise<ChildServer> {
    db = await createTestDatabase('sqlite');
    // One debug line per request: 400 requests write far more than a pipe holds (64 KiB).
    server = await startChildServer({ port: await freePort(), databaseUrl: db.url, env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' } });
    server.proc.stdout!.pause(); // the collector stops reading; the pipe fills
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) {
      const res = await fetch(`${server.url}/healthz?n=${'x'.repeat(200)}${i}`, { signal: AbortSignal.timeout(5_000) });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(new Set(statuses)).toEqual(new Set([200]));
    return server;
  }

  it('neither blocks requests nor SIGTERM', async () => {
    const server = await serverWithFullPipe();
    server.proc.kill('SIGTERM');
    const code = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('still running after 15 s'), 15_000))]);
    expect(code).toBe(0);
  }, 90_000);

  it('still gets the last lines (how the shutdown went) when it reads again soon after', async () => {
    const server = await serverWithFullPipe();
    const out: Buffer[] = [];
    server.proc.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    server.proc.stdout!.pause(); // 'data' resumed the stream
    server.proc.kill('SIGTERM');
    // An idle server drains in well under this; it then waits (at most 2 s) for the pipe to take its backlog.
    await new Promise((r) => setTimeout(r, 600));
    server.proc.stdout!.resume();
    expect(await server.exited).toBe(0);
    const lines = Buffer.concat(out).toString('utf8').trim().split('\n');
    expect(lines.at(-1)).toContain('stopped cleanly');
  }, 90_000);
});

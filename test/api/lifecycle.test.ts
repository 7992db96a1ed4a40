import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dbKinds, type TestDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { freePort, ROOT } from '../helpers/child-server.js';
import { fixture, vedtakTexts } from '../helpers/fixtures.js';
import { wsClient } from '../helpers/graphql-ws.js';

interface Child {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx server/main.ts` with the given environment (on top of a minimal one). */
function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      // Production on PostgreSQL requires a signing key (SQLite keeps a generated one beside its file).
      AUTH_SECRET: 'lifecycle-test-secret-of-at-least-32-characters',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, out: () => out, err: () => err, exited };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

describe.each(dbKinds())('health and lifecycle (%s)', (kind) => {
  let server: TestServer;
  const children: Child[] = [];
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
  });

  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await server?.close();
    for (const db of databases) await db.drop();
  });

  it('/healthz and /readyz answer 200', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${server.url}/no-such-page`)).status).toBe(404);
  });

  it(
    'as a child process: starts within 15 s on a fresh database, answers acceptance 1, and exits 0 on SIGTERM ("stopped cleanly")',
    async () => {
      const db = await createTestDatabase(kind);
      databases.push(db);
      const port = await freePort();
      const started = Date.now();
      const child = startChild({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        SEED_EXAMPLE: 'true',
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_MS: '3000',
      });
      children.push(child);
      const base = `http://127.0.0.1:${port}`;

      let up = false;
      while (!up && Date.now() - started < 15_000 && child.proc.exitCode === null) {
        up = await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up, `not ready within 15 s; stdout: ${child.out()} stderr: ${child.err()}`).toBe(true);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(child.out()).toContain(`motebok listening on http://127.0.0.1:${port}`);

      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ meetings { startsAt agendaItems { number title decision { text } subItems { letter title } } } }' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { meetings: any[] }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      const sept = body.data.meetings.find((m) => m.startsAt === '2017-09-14T07:00:00.000Z');
      expect(sept.agendaItems.map((i: { number: string }) => i.number)).toEqual([
        '21/2017', '22/2017', '23/2017', '24/2017', '25/2017', '26/2017', '27/2017', '28/2017',
      ]);
      const texts = sept.agendaItems.flatMap((i: { decision: { text: string } | null }) => (i.decision ? [i.decision.text] : []));
      for (const t of texts) expect(vedtakTexts(fixture('referat-radmannsgruppen-2017-09-14.txt'))).toContain(t);
      expect(sept.agendaItems[5].subItems.map((s: { letter: string }) => s.letter).join('')).toBe('ABCDEFG');

      // A live subscription does not keep the process from stopping.
      const ws = wsClient(base, null);
      const completed = new Promise<void>((resolve) => {
        ws.subscribe(
          { query: `subscription ($id: ID!) { agendaChanged(meetingId: $id) { kind } }`, variables: { id: '00000000-0000-4000-8000-000000000000' } },
          { next: () => undefined, error: () => resolve(), complete: () => resolve() },
        );
      });
      await new Promise((r) => setTimeout(r, 200));

      child.proc.kill('SIGTERM');
      const exit = await within(child.exited, 12_000, 'exit after SIGTERM');
      await within(completed, 5_000, 'subscription closed').catch(() => undefined);
      await ws.dispose();
      expect(exit, `stdout: ${child.out()} stderr: ${child.err()}`).toEqual({ code: 0, signal: null });
      expect(child.out()).toContain('stopped cleanly');
      expect(child.out()).toContain('SIGTERM');
      // It really is gone.
      expect(await fetch(`${base}/healthz`).then(() => 'answered', () => 'refused')).toBe('refused');
    },
    40_000,
  );

  it('a bad environment value stops start-up with a non-zero exit and a message naming the variable', async () => {
    const port = await freePort();
    // Both at once: each is a Node start-up.
    const badPort = startChild({ PORT: 'abc', DATABASE_URL: 'sqlite::memory:' });
    const badUrl = startChild({ PORT: String(port), DATABASE_URL: 'mysql://localhost/motebok' });
    children.push(badPort, badUrl);
    const [exit, exit2] = await Promise.all([
      within(badPort.exited, 30_000, 'exit with PORT=abc'),
      within(badUrl.exited, 30_000, 'exit with a mysql DATABASE_URL'),
    ]);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(badPort.err()).toMatch(/\bPORT\b/);
    expect(badPort.err()).toContain('"abc"');
    expect(exit2.code).not.toBe(0);
    expect(exit2.code).not.toBeNull();
    expect(badUrl.err()).toMatch(/\bDATABASE_URL\b/);
    // It never listened.
    expect(await fetch(`http://127.0.0.1:${port}/healthz`).then(() => 'answered', () => 'refused')).toBe('refused');
  }, 40_000);
});

/** The server as a child process, as it is deployed: started, waited for, killed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serverTokens } from './graphql.js';
import { waitFor } from './wait.js';
import { adminTokenForDatabase } from './app.js';

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port (bound to 0, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  output(): string;
}

/**
 * `node --import tsx server/main.ts` with PORT, DATABASE_URL and LOG_LEVEL=warn, as it is deployed
 * (NODE_ENV=production, not the test mode the runner sets); resolves once /readyz answers 200, with the
 * administrator token of its database registered for its URL (serverTokens).
 */
export async function startChildServer(opts: {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  /** How long to wait for /readyz (several instances start on a busy machine). */
  readyTimeoutMs?: number;
  /** Called with the process as soon as it is spawned (so that a caller can kill it should the start fail). */
  onSpawn?(proc: ChildProcess): void;
}): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    DATABASE_URL: opts.databaseUrl,
    SEED_EXAMPLE: 'true',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.onSpawn?.(proc);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${opts.port}`;
  let done = false;
  void exited.then(() => (done = true));
  await waitFor(
    async () => {
      if (done) throw new Error(`the server exited before it was ready:\n${out}`);
      try {
        return (await fetch(`${url}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
    'the child server to be ready',
    opts.readyTimeoutMs ?? 60_000,
  );
  serverTokens.set(url, await adminTokenForDatabase(opts.databaseUrl, opts.env));
  return { proc, url, exited, output: () => out };
}

/** Kills a child server we started (by its pid) if it still runs, and waits for it to exit. */
export async function killChild(child: ChildServer | null | undefined): Promise<void> {
  if (!child) return;
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
  await child.exited;
}

// After bundling, `npm run build` starts the bundle once as `npm start` runs it (the start script's node options),
// on a scratch SQLite database, until it has written its V8 code cache (server/ops/code-cache.ts), and stops it. So
// the first real start runs from the cache too: a start that compiles the bundle and then writes the cache keeps
// ≈ 50 MB more for its whole life (idle RSS 182 against 128 MB; bench/PROFILE-NOTES.md, "Lead, session 6"), and
// `npm start` builds before it starts. If the warm-up fails the build still succeeds, with a warning: the first
// start then compiles and writes the cache itself.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const BUILT_ENTRY = 'dist/bundle/main.js';

/** The node options package.json's start script gives the bundle (what `npm start` runs). */
export function startNodeArgs(root) {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const command = start
    .split('&&')
    .map((part) => part.trim().split(/\s+/))
    .find((words) => words[0] === 'node' && words.at(-1) === BUILT_ENTRY);
  if (!command) throw new Error(`package.json's start script does not run node ${BUILT_ENTRY}: ${start}`);
  return command.slice(1, -1);
}

/** Starts the bundle until its code cache is written; resolves with whether it was (a warning is printed if not). */
export async function warmCodeCache(root, timeoutMs = 60_000) {
  const dir = mkdtempSync(join(tmpdir(), 'motebok-warm-'));
  const out = join(root, 'dist', 'bundle');
  const written = () => readdirSync(out).some((f) => f.endsWith('.v8cache'));
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'warm.sqlite')}`,
    FILES_DIR: join(dir, 'files'),
    AUTH_SECRET: randomBytes(24).toString('hex'),
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [...startNodeArgs(root), BUILT_ENTRY], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (!gone && !written() && Date.now() < deadline) await sleep(100);
  const ok = written();
  if (!gone) {
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) child.kill('SIGKILL');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
  if (!ok) console.warn(`motebok: the built server did not write its code cache (the first start will):\n${stderr.trim()}`);
  return ok;
}

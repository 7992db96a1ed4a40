/**
 * motebok as production runs it, for the memory bench: `node dist/bundle/main.js` (what `npm start` runs after
 * `npm run build`) with NODE_ENV=production on a fresh SQLite file, seeded by the embedded default, no tsx and no
 * bench code in the process. The example secretary's token (logged at start) writes Rådmannsgruppen, which is enough
 * for the memory scenarios: the seed meeting's referat, and one new meeting for the paste.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { freePort, ROOT, startChild } from '../lib/child.js';
import { gqlAt } from '../lib/gql.js';
import { ADD_ITEM, BODY_ID, CREATE_MEETING, SEED_MEETINGS } from '../lib/queries.js';
import { sleep } from '../lib/stats.js';
import type { Peer } from '../peers/types.js';
import { BUILT_ENTRY, startNodeArgs as startArgsOf } from '../../build/warm-cache.mjs';

export { BUILT_ENTRY };

/** The server's sources the bundle is built from (a bundle older than any of them measures old code). */
const SOURCE_DIRS = ['server', 'collab', 'schema'];

/** Throws unless the bundle exists and is newer than every server source file: run `npm run build` first. */
export function requireBuild(): void {
  const entry = join(ROOT, BUILT_ENTRY);
  if (!existsSync(entry)) throw new Error(`${BUILT_ENTRY} is missing: run \`npm run build\` first`);
  const built = statSync(entry).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (file.endsWith('.ts') && statSync(join(ROOT, dir, file)).mtimeMs > built) {
        throw new Error(`${BUILT_ENTRY} is older than ${dir}/${file}: run \`npm run build\` first`);
      }
    }
  }
}

/** The node options `npm start` gives the server (package.json's start script), so that it is measured as it runs. */
export const startNodeArgs = (): string[] => startArgsOf(ROOT);

/** The environment of the built server in the benches: production, the embedded default on `sqliteFile`, seeded. */
export function builtServerEnv(sqliteFile: string, port: number, authSecret: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:${sqliteFile}`,
    SEED_EXAMPLE: 'true',
    AUTH_SECRET: authSecret,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    // glibc malloc tunables given to the bench (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, …) and SQLITE_CHECKPOINT
    // (an A/B of the checkpoint worker) reach the server too.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_') || k === 'SQLITE_CHECKPOINT')),
  };
}

/** `extra`: node options before the entry and environment variables on top (profiling: bench/paste-profile.ts). */
export async function startBuiltMotebok(extra: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Peer> {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), 'bench-built-'));
  const port = await freePort();
  const env = { ...builtServerEnv(join(dir, 'motebok.sqlite'), port, randomBytes(24).toString('hex')), ...extra.env };
  const child = startChild([...startNodeArgs(), ...(extra.nodeArgs ?? []), BUILT_ENTRY], env);
  const stop = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (child.proc.exitCode !== null) throw new Error(`motebok exited (${child.proc.exitCode}):\n${child.output().slice(-2000)}`);
      if (i > 1200) throw new Error(`motebok not ready after 60 s:\n${child.output().slice(-2000)}`);
      if (await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false)) break;
      await sleep(50);
    }
    await sleep(100); // the token line follows the start-up line
    const line = child.output().split('\n').find((l) => l.includes('"secretaryToken"'));
    if (!line) throw new Error('motebok logged no example token (embedded default)');
    const token = JSON.parse(line).secretaryToken as string;
    const gql = gqlAt(url, token);
    const seed = (await gql.ok(SEED_MEETINGS)).meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14'));
    if (!seed) throw new Error('the seed meeting of 14.09.2017 is missing');
    const bodyId = (await gql.ok(BODY_ID, { slug: 'radmannsgruppen' })).body.id as string;
    const startsAt = new Date(Date.UTC(2100, 0, 10, 8)).toISOString();
    const m = (await gql.ok(CREATE_MEETING, { input: { bodyId, startsAt, approvePreviousMinutes: false } })).createMeeting;
    const item = (await gql.ok(ADD_ITEM, { input: { meetingId: m.id, title: 'Bench-sak 1' } })).addAgendaItem;
    const itemIdByDoc = { [minutesDocName(seed.id)]: seed.agendaItems[0].id as string, [minutesDocName(m.id)]: item.id as string };
    return {
      name: 'motebok (SQLite, npm start)',
      wire: 'y-websocket',
      pid: child.proc.pid,
      wsUrl: `${url.replace(/^http/, 'ws')}/collab`,
      token,
      singleDoc: minutesDocName(seed.id),
      manyDocs: [minutesDocName(m.id)],
      textPath: { kind: 'minutes', itemIdByDoc },
      cpuMs: () => child.cpuMs(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

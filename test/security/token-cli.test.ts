/**
 * Acceptance 7: the token CLI on a temporary SQLite database. A user created, granted SECRETARY of Rådmannsgruppen and
 * issued a token through the CLI can write Rådmannsgruppen on a server started on that database (and nothing else);
 * after `revoke` the same token is refused with UNAUTHENTICATED, by GraphQL and by the live referat.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { createApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/orm.js';
import { seedExample } from '../../server/services/seed/seed-example.js';
import { ROOT } from '../helpers/child-server.js';
import { gqlAt } from '../helpers/graphql.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { sleep } from '../helpers/wait.js';

const run = promisify(execFile);
const EMAIL = 'x@example.invalid';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const CLI_TIMEOUT = 120_000;

describe('token CLI', () => {
  let dir: string;
  let databaseUrl: string;
  let app: App | null = null;
  let url: string;
  let token: string;
  let issuedAt: number;

  /** `npx tsx server/auth/token-cli.ts …` against the temporary database; resolves with stdout. */
  async function cli(...args: string[]): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
    delete env.AUTH_SECRET; // the embedded default: the key file beside the SQLite file, as the server uses it
    const { stdout } = await run('npx', ['tsx', 'server/auth/token-cli.ts', ...args], { cwd: ROOT, env, timeout: 60_000 });
    return stdout;
  }

  /** GraphQL as the holder of `as` (by default the token the CLI issued; null: none). */
  const gql = (query: string, variables: Record<string, unknown> = {}, as: string | null = token) => gqlAt(url, as).raw(query, variables);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motebok-cli-'));
    databaseUrl = `sqlite:${join(dir, 'cli.sqlite')}`;
    // Create and seed the database (migrations run on open).
    const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
    const { orm } = await openDatabase(config.database, pino({ level: 'silent' }));
    try {
      expect(await seedExample(orm.em.fork())).toBe(true);
    } finally {
      await orm.close(true);
    }
    // Each CLI run transpiles the server's modules: seconds each, one after the other.
    const created = await cli('create-user', '--name', 'X', '--email', EMAIL);
    expect(created).toMatch(/created user X \(/);
    const granted = await cli('grant', '--user', EMAIL, '--body', 'radmannsgruppen', '--role', 'SECRETARY');
    expect(granted).toContain('X is now SECRETARY of radmannsgruppen');
    token = (await cli('issue', '--user', EMAIL)).trim().split('\n').pop()!.trim();
    issuedAt = Date.now();
  }, CLI_TIMEOUT);

  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create-user, grant and issue give a token that writes Rådmannsgruppen on a server over that database', async () => {
    expect(token).toMatch(JWT);

    app = await createApp(
      loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: databaseUrl, SEED_EXAMPLE: 'false', LOG_LEVEL: 'silent' }),
      { log: pino({ level: 'silent' }) },
    );
    url = await app.start();

    const meetings = await gql(`{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt agendaItems { id number } } }`);
    expect(meetings.errors).toBeUndefined();
    const seed = meetings.data.meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14'));
    const item = seed.agendaItems.find((i: { number: string }) => i.number === '25/2017');

    const write = await gql(
      `mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "Skrevet med et token fra CLI-en." }) { id notes } }`,
      { i: item.id },
    );
    expect(write.errors).toBeUndefined();
    expect(write.data.setMinutesText.notes).toBe('Skrevet med et token fra CLI-en.');
    const audit = await gql(`query ($m: ID!) { auditLog(meetingId: $m, limit: 1) { userName action } }`, { m: seed.id });
    expect(audit.data.auditLog).toEqual([{ userName: 'X', action: 'TEXT_SET' }]);

    // SECRETARY of Rådmannsgruppen only: Styringsgruppen is refused.
    const sg = (await gql(`{ body(slug: "styringsgruppen") { id } }`)).data.body.id;
    const other = await gql(`mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2018-03-01T09:00:00Z" }) { id } }`, { b: sg });
    expect(other.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);

    // The live referat accepts the token too.
    const live = await rawCollabUpgrade(url, minutesDocName(seed.id), token, { listenMs: 200 });
    expect(live.status).toBe(101);
  });

  it('revoke makes the same token fail with UNAUTHENTICATED', async () => {
    expect(app).not.toBeNull();
    // Token times have a resolution of one second; revoke in a later second than the one the token was issued in.
    const wait = issuedAt + 2_100 - Date.now();
    if (wait > 0) await sleep(wait);
    const revoked = await cli('revoke', '--user', EMAIL);
    expect(revoked).toContain('every token of X issued before now is refused');

    const res = await gql(`{ meetings { id } }`);
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(res.data ?? null).toBeNull();
    const write = await gql(`mutation { createPerson(input: { name: "Etter tilbakekalling" }) { id } }`);
    expect(write.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const meetings = await gql(`{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt } }`, {}, null);
    const seedId = meetings.data.meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14')).id;
    const live = await rawCollabUpgrade(url, minutesDocName(seedId), token);
    expect(live.opened).toBe(false);
    expect([401, 403]).toContain(live.status);

    // The user and their role are still there: only the token is dead (an anonymous read still works).
    expect(meetings.errors).toBeUndefined();
  }, CLI_TIMEOUT);
});

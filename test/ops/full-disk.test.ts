/**
 * Issue 18, faults: the embedded default (SQLite) on a disk that fills up. Writes are refused with a clear error
 * (STORAGE_FULL), the server stays up and keeps answering reads, live typing waits in memory, nothing stored is
 * damaged, and writes (and the waiting live text) go through once space returns.
 * Needs root (to mount a small tmpfs); skipped with a printed line otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName, projectMinutes } from '../../schema/ydoc-layout.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, roundTrip, waitSynced, type LiveClient as Live } from '../helpers/live-docs.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'motebok-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const RUN = canMount();
if (!RUN) console.log('[motebok tests] test/ops/full-disk.test.ts: SKIPPED (needs root and `mount -t tmpfs` to make a small disk)');

const UPDATE = `mutation ($id: ID!, $t: String!) { updateAgendaItem(id: $id, input: { introduction: $t }) { introduction } }`;
const INTRO = `query ($id: ID!) { meeting(id: $id) { agendaItems { id introduction } } }`;

describe.runIf(RUN)('a full disk under the embedded SQLite database', () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'motebok-full-disk-'));
  const dbFile = join(mountPoint, 'motebok.sqlite');
  const filler = join(mountPoint, 'filler');
  let mounted = false;
  let server: TestServer;
  let live: Live;
  let meetingId: string;
  let itemId: string;

  const introduction = async () =>
    (await server.ok<{ meeting: { agendaItems: Array<{ id: string; introduction: string | null }> } }>(INTRO, { id: meetingId })).meeting.agendaItems.find(
      (i) => i.id === itemId,
    )!.introduction;

  beforeAll(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
    mounted = true;
    server = await startTestServer('sqlite', { env: { DATABASE_URL: `sqlite:${dbFile}`, AUTH_SECRET: 'x'.repeat(40) } });
    const seed = await seedMeeting(server);
    meetingId = seed.id;
    itemId = seed.item('24/2017').id;
    live = connectLive(server.url, meetingId, { token: await server.tokenFor(BodyRole.SECRETARY) });
    await waitSynced([live], [itemId], 8_000);
  });

  afterAll(async () => {
    live?.destroy();
    rmSync(filler, { force: true });
    await server?.close();
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('refuses writes clearly while full, stays up, loses nothing, and resumes when space returns', async () => {
    await server.ok(UPDATE, { id: itemId, t: 'Skrevet før disken ble full.' });
    // An empty WAL, so that the next write must grow a file; then fill every free block.
    await server.app.orm.em.getConnection().execute('pragma wal_checkpoint(truncate)');
    const { bavail, bsize } = statfsSync(mountPoint);
    try {
      writeFileSync(filler, Buffer.alloc(Number(bavail) * Number(bsize)));
    } catch {
      // ENOSPC on the last block: the disk is as full as it gets
    }
    expect(statfsSync(mountPoint).bavail).toBe(0);

    // A GraphQL write is refused with a code and a message a person understands; nothing of it is stored.
    const refused = await server.gql(UPDATE, { id: itemId, t: 'Skal ikke lagres.' });
    expect(refused.errors?.[0]?.extensions.code).toBe('STORAGE_FULL');
    expect(refused.errors?.[0]?.message).toMatch(/disk is full.*not saved/);
    // The server stays up and answers reads.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await introduction()).toBe('Skrevet før disken ble full.');

    // Live typing meanwhile waits in memory (its writes are retried); the server does not crash.
    const logRows = async () =>
      Number((await server.app.orm.em.getConnection().execute<Array<{ n: number }>>('select count(*) as n from document_update'))[0]!.n);
    const rowsBefore = await logRows();
    const decision = () => live.text(itemId, 'decision');
    decision().insert(decision().length, ' TYPED-WHILE-FULL');
    await roundTrip(live);
    await sleep(500);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await logRows(), 'nothing could be appended to the log while full').toBe(rowsBefore);

    // Space returns: writes go through, and the waiting live text is stored.
    rmSync(filler);
    await waitFor(async () => !(await server.gql(UPDATE, { id: itemId, t: 'Skrevet etter.' })).errors, 'writes to resume', 10_000);
    expect(await introduction()).toBe('Skrevet etter.');
    await waitFor(async () => (await server.app.live.collab.whenStored(minutesDocName(meetingId)).then(() => true)), 'the live text to be stored', 15_000);
    await server.app.live.binding.flush();
    const typed = decision().toString();
    expect(typed).toContain('TYPED-WHILE-FULL');

    // Nothing stored is damaged: the file passes SQLite's integrity check, and a new server reads everything.
    const [check] = await server.app.orm.em.getConnection().execute<Array<Record<string, string>>>('pragma integrity_check');
    expect(Object.values(check!)[0]).toBe('ok');
    live.destroy();
    await server.close();
    const again = await createApp(loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: `sqlite:${dbFile}`, SEED_EXAMPLE: 'false', AUTH_SECRET: 'x'.repeat(40) }), {
      log: pino({ level: 'silent' }),
    });
    try {
      expect(projectMinutes(await again.live.collab.getDocument(minutesDocName(meetingId)))[itemId]!.decision).toBe(typed);
    } finally {
      await again.stop();
    }
    server = null as unknown as TestServer;
  }, 90_000);
});

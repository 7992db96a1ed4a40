/**
 * Issue 18: `npm run backup` / `npm run restore` on SQLite and PostgreSQL. A backup taken while a secretary types
 * restores to a consistent state (the typed text up to some keystroke); a backup of the quiet server restores to
 * exactly the same rows in every table: meetings, the live documents' update log and snapshots, versions, audit.
 * Restore refuses a database that is not empty unless --force.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName, projectMinutes } from '../../schema/ydoc-layout.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Orm } from '../../server/db/orm.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { createTestDatabase, dbKinds, type DbKind, type TestDatabase } from '../helpers/databases.js';
import { connectLive, roundTrip, waitSynced, type LiveClient as Live } from '../helpers/live-docs.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep } from '../helpers/wait.js';
import { ROOT } from '../helpers/child-server.js';

const run = promisify(execFile);

/** The backup CLI as `npm run backup|restore -- …` runs it; resolves with its exit code and output. */
async function cli(command: 'backup' | 'restore', databaseUrl: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'server/ops/backup-cli.ts', command, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: 'x'.repeat(40) },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Every row of every table, in a stable order, with bytes and dates made comparable. */
async function dumpTables(orm: Orm, kind: DbKind): Promise<Record<string, string[]>> {
  const conn = orm.em.getConnection();
  const postgres = kind === 'postgresql';
  const tables: string[] = (
    await conn.execute<Array<{ name: string }>>(
      postgres
        ? "select table_name as name from information_schema.tables where table_schema = 'public' order by 1"
        : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1",
    )
  ).map((t: { name: string }) => t.name);
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await conn.execute<Array<Record<string, unknown>>>(`select * from "${table}"`);
    out[table] = rows
      .map((row: Record<string, unknown>) =>
        JSON.stringify(row, (_k, v) => {
          if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') return `bytes:${Buffer.from((v as { data: number[] }).data).toString('base64')}`;
          if (v instanceof Uint8Array || v instanceof ArrayBuffer) return `bytes:${Buffer.from(v as Uint8Array).toString('base64')}`;
          return typeof v === 'bigint' ? String(v) : v;
        }),
      )
      .sort();
  }
  return out;
}

/** An app on an existing database (no seeding), to read it as the server would. */
async function openApp(url: string) {
  return createApp(loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: url, SEED_EXAMPLE: 'false', AUTH_SECRET: 'x'.repeat(40) }), {
    log: pino({ level: 'silent' }),
  });
}

describe.each(dbKinds())('backup and restore (%s)', (kind) => {
  let server: TestServer;
  let meetingId: string;
  let itemId: string;
  let live: Live;
  const dir = mkdtempSync(join(tmpdir(), 'motebok-backup-'));
  const databases: TestDatabase[] = [];

  const decisionIn = (doc: Parameters<typeof projectMinutes>[0]) => projectMinutes(doc)[itemId]!.decision;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const seed = await seedMeeting(server);
    meetingId = seed.id;
    itemId = seed.item('24/2017').id;
    const other = seed.item('26/2017').id;
    // Edits through the API (audit entries), a version, and live typing (the update log).
    await server.ok(`mutation ($id: ID!) { updateAgendaItem(id: $id, input: { introduction: "Innledning før sikkerhetskopi." }) { id } }`, { id: other });
    await server.ok(`mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }`, {
      v: { target: { agendaItemId: other }, field: 'NOTES', text: 'Notat satt gjennom API-et.' },
    });
    live = connectLive(server.url, meetingId, { token: await server.tokenFor(BodyRole.SECRETARY) });
    await waitSynced([live], [itemId], 8_000);
    live.text(itemId, 'decision').insert(0, 'Før: ');
    await roundTrip(live);
    await server.ok(`mutation ($m: ID!) { createMinutesVersion(meetingId: $m, label: "Før sikkerhetskopi") { id } }`, { m: meetingId });
  });

  afterAll(async () => {
    live?.destroy();
    await server?.close();
    for (const db of databases) await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function emptyDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase(kind);
    databases.push(db);
    return db;
  }

  it('a backup taken while a secretary types restores to the text as it was at one keystroke', async () => {
    const before = decisionIn(live.doc);
    let typed = '';
    let stop = false;
    const typing = (async () => {
      for (let i = 0; !stop; i++) {
        const ch = String.fromCharCode(97 + (i % 26));
        const text = live.text(itemId, 'decision');
        text.insert(text.length, ch);
        typed += ch;
        await sleep(10);
      }
    })();
    await sleep(200);
    const typedAtStart = typed.length;
    const file = join(dir, `during.${kind}`);
    const backup = await cli('backup', server.db.url, file);
    const typedDuring = typed.length - typedAtStart;
    stop = true;
    await typing;
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/backed up .* to /);
    expect(typedDuring, 'keystrokes during the backup').toBeGreaterThan(0);

    const target = await emptyDatabase();
    const restore = await cli('restore', target.url, file);
    expect(restore.code, restore.out).toBe(0);
    const app = await openApp(target.url);
    try {
      const restored = decisionIn(await app.live.collab.getDocument(minutesDocName(meetingId)));
      expect(restored.startsWith(before), restored).toBe(true);
      const kept = restored.slice(before.length);
      expect(typed.startsWith(kept), `restored "${kept}" is not a prefix of what was typed`).toBe(true);
      expect(kept.length).toBeGreaterThanOrEqual(typedAtStart - 5); // all but the last, unstored keystrokes before it began
    } finally {
      await app.stop();
    }
  }, 120_000);

  it('a backup of the quiet server restores every row of every table identically; restore refuses a non-empty target unless --force', async () => {
    await roundTrip(live);
    await server.app.live.binding.flush();
    await server.app.live.collab.flush();
    await server.app.search.flush(); // the search index follows typing at background priority, within 30 s
    const source = await dumpTables(server.app.orm, kind);
    expect(source.document_update!.length + source.document_snapshot!.length).toBeGreaterThan(0);
    expect(source.minutes_version!.length).toBeGreaterThan(0);
    expect(source.audit_entry!.length).toBeGreaterThan(0);
    expect(source.meeting!.length).toBeGreaterThan(0);

    const file = join(dir, `quiet.${kind}`);
    expect((await cli('backup', server.db.url, file)).code).toBe(0);
    expect(await dumpTables(server.app.orm, kind), 'the server wrote during the quiet backup').toEqual(source);
    const again = await cli('backup', server.db.url, file);
    expect(again.code).toBe(2);
    expect(again.out).toContain('exists');

    const target = await emptyDatabase();
    expect((await cli('restore', target.url, file)).code).toBe(0);
    const check = async () => {
      const app = await openApp(target.url);
      try {
        expect(await dumpTables(app.orm, kind)).toEqual(source);
        expect(decisionIn(await app.live.collab.getDocument(minutesDocName(meetingId)))).toBe(decisionIn(live.doc));
      } finally {
        await app.stop();
      }
    };
    await check();

    const refused = await cli('restore', target.url, file);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/not empty .*--force/);
    const forced = await cli('restore', target.url, file, '--force');
    expect(forced.code, forced.out).toBe(0);
    await check();
  }, 180_000);
});

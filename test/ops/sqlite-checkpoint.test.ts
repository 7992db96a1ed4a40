/**
 * SQLite's WAL is copied back into the database file by a worker thread (server/db/sqlite-checkpointer.ts), not by
 * the commit that happens to pass 1 000 pages on the event loop. Seen from outside: a change reaches the database
 * file itself (a copy of it without its -wal holds the change) within a second or so, while SQLite's own checkpoint
 * (SQLITE_CHECKPOINT=inline) leaves a small change in the WAL; the serving connection checkpoints only past a bound.
 * Either way a stopped server leaves everything in the database file, its WAL empty.
 */
import Database from 'libsql';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePath } from '../../server/db/orm.js';
import { BOUNDED_AUTOCHECKPOINT_PAGES } from '../../server/db/sqlite-checkpointer.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { bodyId, createMeeting } from '../helpers/meeting-api.js';
import { waitFor } from '../helpers/wait.js';

const scratch = mkdtempSync(join(tmpdir(), 'motebok-checkpoint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether the database file alone (copied without its WAL) holds the meeting. */
function inDatabaseFile(server: TestServer, meetingId: string): boolean {
  const copy = join(scratch, `copy-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(sqlitePath(server.db.url), copy);
  const db = new Database(copy, { readonly: true });
  try {
    const tables = db.prepare("select count(*) as n from sqlite_master where name = 'meeting'").get() as { n: number };
    if (tables.n === 0) return false; // not even the schema has been copied yet
    return (db.prepare('select count(*) as n from meeting where id = ?').get([meetingId]) as { n: number }).n === 1;
  } finally {
    db.close();
  }
}

async function autocheckpoint(server: TestServer): Promise<number> {
  const rows = await server.app.orm.em.getConnection().execute<Array<{ wal_autocheckpoint: number }>>('pragma wal_autocheckpoint');
  return Number(rows[0]!.wal_autocheckpoint);
}

for (const mode of ['background', 'inline'] as const) {
  describe(`SQLite checkpoints, SQLITE_CHECKPOINT=${mode}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer('sqlite', { env: { SQLITE_CHECKPOINT: mode } });
    });
    afterAll(async () => {
      await server?.close();
    });

    it(mode === 'background' ? 'copies a change into the database file off the event loop' : 'leaves a small change in the WAL', async () => {
      const meeting = await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2019-03-07T08:00:00.000Z', approvePreviousMinutes: false });
      if (mode === 'background') {
        await waitFor(() => inDatabaseFile(server, meeting.id) || null, 'the meeting in the database file', 10_000);
        expect(await autocheckpoint(server)).toBe(BOUNDED_AUTOCHECKPOINT_PAGES);
      } else {
        await new Promise((r) => setTimeout(r, 1_500)); // three of the worker's periods, had it been running
        expect(inDatabaseFile(server, meeting.id)).toBe(false);
        expect(await autocheckpoint(server)).toBe(1000);
      }
    });
  });
}

for (const mode of ['inline', 'background'] as const) {
  it(`a stopped server leaves everything in the database file, its WAL empty (SQLITE_CHECKPOINT=${mode})`, async () => {
    const server = await startTestServer('sqlite', { env: { SQLITE_CHECKPOINT: mode } });
    try {
      const meeting = await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2019-03-14T08:00:00.000Z', approvePreviousMinutes: false });
      await server.app.stop();
      const wal = `${sqlitePath(server.db.url)}-wal`;
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
      expect(inDatabaseFile(server, meeting.id)).toBe(true);
    } finally {
      await server.close();
    }
  });
}

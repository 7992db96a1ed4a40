/**
 * Acceptance 1 (crash): a server killed (SIGKILL) in the middle of an upload leaves no visible file: no vedlegg row,
 * no blob (whole or partial); the staged part it had received is removed when the server starts again. Real server
 * processes (test/helpers/child-server.ts), a real slow upload over a socket; SQLite, and PostgreSQL when set.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, killChild, startChildServer, type ChildServer } from '../helpers/child-server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../helpers/databases.js';
import { makePdf } from '../helpers/files.js';
import { gqlAt, serverTokens } from '../helpers/graphql.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

const list = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);

describe.each(dbKinds())('SIGKILL during an upload (%s)', (kind) => {
  let child: ChildServer | null = null;
  let db: TestDatabase | null = null;
  let filesDir = '';
  afterEach(async () => {
    await killChild(child);
    await db?.drop();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it('leaves no vedlegg, no blob and, after the restart, no staged part', async () => {
    db = await createTestDatabase(kind);
    filesDir = mkdtempSync(join(tmpdir(), 'motebok-crash-files-'));
    const env = { FILES_DIR: filesDir, AUTH_SECRET: randomBytes(32).toString('hex') };
    const port = await freePort();
    child = await startChildServer({ port, databaseUrl: db.url, env });
    const token = serverTokens.get(child.url)!;
    const meeting = await seedMeeting(gqlAt(child.url));

    // A 6 MB multipart body announced in full, of which 2 MB is sent, slowly.
    const boundary = `----motebok${randomBytes(8).toString('hex')}`;
    const pdf = await makePdf(['Halvveis']);
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const bodyBytes = 6 * 1024 * 1024;
    const req = request(`${child.url}/meetings/${meeting.id}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + bodyBytes + tail.length),
      },
    });
    req.on('error', () => undefined); // the server dies under it
    req.write(head);
    req.write(pdf);
    let sent = pdf.length;
    const staging = join(filesDir, 'tmp');
    while (sent < 2 * 1024 * 1024) {
      req.write(Buffer.alloc(64 * 1024, 0x20));
      sent += 64 * 1024;
      await sleep(10);
    }
    await waitFor(() => list(staging).length > 0, 'the upload to be staged', 10_000);

    child.proc.kill('SIGKILL');
    await child.exited;
    req.destroy();
    expect(list(staging).length, 'the killed server left its staged part').toBeGreaterThan(0);

    child = await startChildServer({ port, databaseUrl: db.url, env });
    const { meeting: after } = await gqlAt(child.url).ok<any>(`query ($id: ID!) { meeting(id: $id) { attachments { id checksum } } }`, { id: meeting.id });
    expect(after.attachments.filter((a: any) => a.checksum !== null)).toEqual([]);
    expect(list(staging), 'the staged part is removed at start').toEqual([]);
    expect(list(join(filesDir, 'blobs')).filter((p) => /[0-9a-f]{64}$/.test(p)), 'no blob on disk').toEqual([]);
    if (kind === 'postgresql') {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const n = (await c.query('select (select count(*) from file_blob) + (select count(*) from file_chunk) as n')).rows[0].n;
      await c.end();
      expect(Number(n), 'no blob or chunk in PostgreSQL').toBe(0);
    }
    // And the server takes uploads again.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)]), 'igjen.pdf');
    const res = await fetch(`${child.url}/meetings/${meeting.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(res.status).toBe(201);
  }, 180_000);
});

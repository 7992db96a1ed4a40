/**
 * Acceptance 2: two instances on one PostgreSQL (no other shared service): a file uploaded on one downloads,
 * byte-identical, from the other — the bytes live in PostgreSQL (server/files/postgres-store.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, killChild, startChildServer, type ChildServer } from '../helpers/child-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { download, makePdf, upload } from '../helpers/files.js';
import { gqlAt, serverTokens } from '../helpers/graphql.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

const PG = process.env.MOTEBOK_TEST_PG_URL;
if (!PG) console.log('[motebok tests] test/files/two-instances.test.ts: SKIPPED (set MOTEBOK_TEST_PG_URL to run two instances on one PostgreSQL)');

describe.runIf(PG)('vedlegg files on two instances sharing one PostgreSQL', () => {
  const children: ChildServer[] = [];
  let db: TestDatabase | null = null;
  const dirs: string[] = [];
  afterAll(async () => {
    for (const c of children) await killChild(c);
    await db?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('uploads on one instance and downloads the same bytes from the other', async () => {
    db = await createTestDatabase('postgresql');
    const secret = randomBytes(32).toString('hex');
    // Each instance has its own staging folder: nothing on local disk is shared.
    for (const id of ['a', 'b']) {
      dirs.push(mkdtempSync(join(tmpdir(), `motebok-files-${id}-`)));
      const env = { AUTH_SECRET: secret, INSTANCE_ID: id, FILES_DIR: dirs.at(-1)! };
      children.push(await startChildServer({ port: await freePort(), databaseUrl: db.url, env, readyTimeoutMs: 90_000 }));
    }
    const [a, b] = children as [ChildServer, ChildServer];
    const token = serverTokens.get(a.url)!;
    const meeting = await seedMeeting(gqlAt(a.url));
    const pdf = await makePdf(['Delt mellom instanser', 'Kristiansand og Ås'], 4);
    const big = Buffer.concat([pdf, randomBytes(3 * 1024 * 1024)]); // several 1 MiB chunks (still a PDF by its head)
    const up = await upload(a.url, meeting.id, [{ name: 'Delt fil.pdf', bytes: big }], { agendaItemIds: meeting.item('25/2017').id }, token);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const id = up.body.attachments[0].id;

    const got = await download(b.url, id, token);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(big)).toBe(true);
    expect(got.headers.get('etag')).toBe(`"${createHash('sha256').update(big).digest('hex')}"`);
    const part = await download(b.url, id, token, { range: `bytes=${1024 * 1024 - 5}-${1024 * 1024 + 4}` });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(big.subarray(1024 * 1024 - 5, 1024 * 1024 + 5))).toBe(true);
    const listed = await gqlAt(b.url, token).ok<any>(`query ($id: ID!) { agendaItem(id: $id) { attachments { id checksum size } } }`, { id: meeting.item('25/2017').id });
    expect(listed.agendaItem.attachments.find((x: any) => x.id === id)).toMatchObject({ size: big.length });
  }, 240_000);
});

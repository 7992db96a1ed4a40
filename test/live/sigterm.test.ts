import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort, killChild, startChildServer, type ChildServer } from '../helpers/child-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { meetingItems, seedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

describe('live: SIGTERM right after typing', () => {
  let db: TestDatabase | null = null;
  let child: ChildServer | null = null;
  let clients: LiveClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await killChild(child);
    child = null;
    await db?.drop();
    db = null;
  });

  it('exits 0 after storing the pending text, which is in the document and in GraphQL after a restart; idle, it exits 0 too', async () => {
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    // A shorter grace than the default 10 s, so that a hanging shutdown fails the test quickly.
    const env = { SHUTDOWN_GRACE_MS: '3000' };
    child = await startChildServer({ port, databaseUrl: db.url, env });
    const meeting = await seedMeeting(gqlAt(child.url));
    const item = meeting.item('27/2017');

    const c = connectLive(child.url, meeting.id, { maxBackoffTime: 300 });
    clients.push(c);
    await waitSynced([c], [item.id]);
    const text = c.text(item.id, 'decision');
    const typed = ' Tilleggsvedtak skrevet rett før stopp.';
    for (const ch of typed) text.insert(text.length, ch);
    const expected = text.toString();
    const lastKeystroke = Date.now();
    await roundTrip(c); // the server has the keystrokes; the binding's write (250 ms quiet) is still pending
    const sigtermAfter = Date.now() - lastKeystroke;
    child.proc.kill('SIGTERM');
    expect(sigtermAfter).toBeLessThan(250);

    const startedAt = Date.now();
    const code = await child.exited;
    const took = Date.now() - startedAt;
    console.log(`[live] SIGTERM: exit ${code} after ${took} ms`);
    expect({ code, output: code === 0 ? '' : child.output() }).toEqual({ code: 0, output: '' });

    child = await startChildServer({ port, databaseUrl: db.url, env });
    const fresh = connectLive(child.url, meeting.id);
    clients.push(fresh);
    await waitSynced([fresh], [item.id]);
    expect(fresh.text(item.id, 'decision').toString()).toBe(expected);
    const items = await meetingItems(gqlAt(child.url), meeting.id);
    expect(items.find((i) => i.id === item.id)!.decision?.text).toBe(expected);

    // The restarted server, idle once the providers are gone (nothing to flush), exits 0 on SIGTERM as well.
    const sockets = clients.map((x) => x.provider.ws as unknown as WebSocket | null);
    for (const client of clients) client.destroy();
    clients = [];
    await waitFor(() => sockets.every((ws) => !ws || ws.readyState === WebSocket.CLOSED), 'the providers to close', 3_000);
    child.proc.kill('SIGTERM');
    const idleStartedAt = Date.now();
    const idleCode = await child.exited;
    console.log(`[live] SIGTERM of the idle restarted server: exit ${idleCode} after ${Date.now() - idleStartedAt} ms`);
    expect({ idleCode, output: idleCode === 0 ? '' : child.output() }).toEqual({ idleCode: 0, output: '' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { projectMinutes } from '../../schema/ydoc-layout.js';
import { freePort, killChild, startChildServer, type ChildServer } from '../helpers/child-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, converged, tokensIn, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { rng } from '../helpers/random.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

describe('live: the server is killed (SIGKILL) while clients type', () => {
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

  it('loses nothing any client had received, and the clients reconnect and converge by themselves', async () => {
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    child = await startChildServer({ port, databaseUrl: db.url });
    const meeting = await seedMeeting(gqlAt(child.url));
    const fields: Array<[string, 'notes' | 'decision', string | undefined]> = [
      [meeting.item('24/2017').id, 'decision', undefined],
      [meeting.item('25/2017').id, 'notes', undefined],
      [meeting.item('26/2017').id, 'decision', 'C'],
    ];

    const n = 4;
    clients = Array.from({ length: n }, () => connectLive(child!.url, meeting.id, { maxBackoffTime: 300 }));
    await waitSynced(clients, meeting.items.map((i) => i.id));

    // Each client types tokens "[c<i>-<k>]" into the three fields, at random places, until told to stop.
    const typed: Array<Set<string>> = clients.map(() => new Set());
    let typing = true;
    const loops = clients.map(async (c, i) => {
      const random = rng(77 + i);
      for (let k = 0; typing; k++) {
        const [item, field, letter] = fields[k % fields.length]!;
        const text = c.text(item, field, letter);
        const token = `[c${i}-${k}]`;
        // Between tokens only: never split another token.
        const cuts = [0, ...[...text.toString().matchAll(/\]/g)].map((m) => m.index! + 1)];
        text.insert(cuts[Math.floor(random() * cuts.length)]!, token);
        typed[i]!.add(token);
        await sleep(5 + Math.floor(random() * 10));
      }
    });
    const othersSeen = (c: LiveClient, i: number) => [...tokensIn(c.doc)].filter((t) => !t.startsWith(`[c${i}-`)).length;
    await waitFor(() => clients.every((c, i) => othersSeen(c, i) >= 15), 'every client to receive text of others', 5_000);

    // What each client has received from the server (tokens of other clients in its own document), then SIGKILL.
    const received = clients.map((c, i) => [...tokensIn(c.doc)].filter((t) => !t.startsWith(`[c${i}-`)));
    child.proc.kill('SIGKILL');
    typing = false;
    await Promise.all(loops);
    expect(await child.exited).toBe('SIGKILL');
    const receivedAll = new Set(received.flat());
    expect(receivedAll.size).toBeGreaterThan(10);

    // Same database file, same port: the providers reconnect by themselves and converge.
    child = await startChildServer({ port, databaseUrl: db.url });
    await waitFor(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 'the providers to reconnect', 15_000);
    await waitFor(() => converged(clients.map((c) => c.doc)), 'the providers to converge after the restart', 10_000);

    // A fresh provider loads everything any client had received before the kill: zero loss.
    const fresh = connectLive(child.url, meeting.id);
    clients.push(fresh);
    await waitSynced([fresh], meeting.items.map((i) => i.id));
    const loaded = tokensIn(fresh.doc);
    const lost = [...receivedAll].filter((t) => !loaded.has(t));
    expect(lost).toEqual([]);
    // The clients still held what they typed and uploaded it again on reconnect: every token is there, once.
    await waitFor(() => converged([fresh.doc, clients[0]!.doc]), 'the fresh provider to converge', 5_000);
    const everything = new Set(typed.flatMap((s) => [...s]));
    expect(tokensIn(fresh.doc)).toEqual(everything);
    const json = JSON.stringify(projectMinutes(fresh.doc));
    for (const t of everything) expect(json.split(t).length - 1).toBe(1);
  });
});

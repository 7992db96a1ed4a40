import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_TESTS, logIfSkipped, startCluster, type Cluster } from '../helpers/cluster.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, converged, encodedProjection, tokensIn, typeLoop, waitSynced, type Field, type LiveClient } from '../helpers/live-docs.js';
import { gqlProjection, seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

logIfSkipped('test/cluster/failover.test.ts');

/** A provider that moves on to the next instance of `urls` whenever its connection drops. */
function connectWithFailover(urls: string[], meetingId: string): LiveClient {
  const client = connectLive(urls[0]!, meetingId, { maxBackoffTime: 200 });
  let at = 0;
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'disconnected') return;
    at = (at + 1) % urls.length;
    client.provider.serverUrl = `${urls[at]!.replace(/^http/, 'ws')}/collab`;
  });
  return client;
}

describe.runIf(CLUSTER_TESTS)('cluster: an instance is killed (SIGKILL) while its clients type', () => {
  let cluster: Cluster;
  let meeting: SeedMeeting;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
    meeting = await seedMeeting(gqlAt(cluster.instances[0]!.url));
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.stop();
  });

  it('its clients reconnect to another instance; nothing that had been broadcast is lost, and GraphQL has it all', async () => {
    const [a, b] = cluster.instances;
    const fields: Field[] = [
      [meeting.item('24/2017').id, 'decision', undefined],
      [meeting.item('25/2017').id, 'notes', undefined],
      [meeting.item('26/2017').id, 'decision', 'B'],
    ];
    // Two providers on A (the one to die), one on B; each knows both instances.
    clients.push(connectWithFailover([a!.url, b!.url], meeting.id), connectWithFailover([a!.url, b!.url], meeting.id));
    clients.push(connectWithFailover([b!.url, a!.url], meeting.id));
    await waitSynced(clients, meeting.items.map((i) => i.id), 10_000);

    const loops = clients.map((c, k) => typeLoop(c, String.fromCharCode(112 + k), fields, 10));
    const othersSeen = (c: LiveClient, k: number) => [...tokensIn(c.doc)].filter((t) => !t.startsWith(`[${String.fromCharCode(112 + k)}-`));
    await waitFor(() => clients.every((c, k) => othersSeen(c, k).length >= 15), 'every client to receive text of the others', 10_000);

    const received = new Set(clients.flatMap((c, k) => othersSeen(c, k)));
    a!.proc.kill('SIGKILL');
    expect(await a!.exited).toBe('SIGKILL');
    await sleep(1_000); // typing goes on while A's clients find B
    await Promise.all(loops.map((l) => l.stop()));

    await waitFor(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 'every provider to be connected to B', 15_000);
    await waitFor(() => converged(clients.map((c) => c.doc)), 'the providers to converge on B', 10_000);

    // A fresh provider on B loads everything any client had received before the kill, and everything typed.
    const fresh = connectLive(b!.url, meeting.id);
    clients.push(fresh);
    await waitSynced([fresh], meeting.items.map((i) => i.id));
    await waitFor(() => converged([fresh.doc, clients[0]!.doc]), 'the fresh provider to converge', 5_000);
    const loaded = tokensIn(fresh.doc);
    expect([...received].filter((t) => !loaded.has(t))).toEqual([]);
    const everything = new Set(loops.flatMap((l) => [...l.typed]));
    expect(loaded).toEqual(everything);

    // What A had not stored into the relational model yet is stored by B (its periodic reconcile).
    const texts = encodedProjection(fresh.doc);
    await waitFor(async () => expect(await gqlProjection(gqlAt(b!.url), meeting.id)).toEqual(texts), 'GraphQL on B to return the texts', 15_000);
  });
});

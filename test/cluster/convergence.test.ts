import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_TESTS, logIfSkipped, startCluster, type Cluster } from '../helpers/cluster.js';
import { gqlAt } from '../helpers/graphql.js';
import { wsClient } from '../helpers/graphql-ws.js';
import { connectLive, converged, encodedProjection, tokensIn, typeLoop, waitSynced, type Field, type LiveClient } from '../helpers/live-docs.js';
import { gqlProjection, seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

logIfSkipped('test/cluster/convergence.test.ts');

describe.runIf(CLUSTER_TESTS)('cluster: three instances on one PostgreSQL and Redis', () => {
  let cluster: Cluster;
  let meeting: SeedMeeting;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    cluster = await startCluster(3);
    meeting = await seedMeeting(gqlAt(cluster.instances[0]!.url));
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.stop();
  });

  it('providers spread over the instances type into one vedtak and into sub-items, and all converge; GraphQL agrees everywhere', async () => {
    const [a, b, c] = cluster.instances;
    const shared: Field = [meeting.item('24/2017').id, 'decision', undefined];
    const sub = meeting.item('26/2017').id;
    // Two providers on each instance, all connecting at once to a document no instance has loaded yet.
    const spread = [a!, b!, c!, a!, b!, c!];
    clients.push(...spread.map((i) => connectLive(i.url, meeting.id)));
    await waitSynced(clients, meeting.items.map((i) => i.id), 10_000);

    const letters = ['A', 'B', 'C', 'D', 'E', 'F'];
    const loops = clients.map((client, k) => typeLoop(client, String.fromCharCode(97 + k), [shared, [sub, 'decision', letters[k]]], 12));
    await sleep(2_500);
    await Promise.all(loops.map((l) => l.stop()));
    const lastKeystroke = Date.now();

    await waitFor(() => converged(clients.map((x) => x.doc)), 'every provider to converge within 2 s of the last keystroke', 2_000);
    expect(Date.now() - lastKeystroke).toBeLessThan(2_000);
    const everything = new Set(loops.flatMap((l) => [...l.typed]));
    expect(everything.size).toBeGreaterThan(100);
    expect(tokensIn(clients[0]!.doc)).toEqual(everything);
    // Each sub-item holds exactly its own typist's tokens, and the shared vedtak everybody's.
    const texts = encodedProjection(clients[0]!.doc);
    letters.forEach((letter, k) => {
      const own = [...loops[k]!.typed].filter((t) => texts[sub]!.subItems[letter]!.decision.includes(t));
      expect(own.length).toBeGreaterThan(0);
      expect(texts[sub]!.subItems[letter]!.decision.match(/\[([a-z])\d*-/g)!.every((m) => m === `[${String.fromCharCode(97 + k)}-`)).toBe(true);
    });

    // What GraphQL returns on every instance is the converged text (stored by the instance each typist used).
    for (const instance of cluster.instances) {
      await waitFor(async () => expect(await gqlProjection(gqlAt(instance.url), meeting.id)).toEqual(texts), 'GraphQL on every instance to return the texts', 5_000);
    }
  });

  it('a client’s awareness (cursor, name) reaches clients on the other instances, and goes when it leaves', async () => {
    const [a, , c] = cluster.instances;
    const x = connectLive(a!.url, meeting.id);
    const y = connectLive(c!.url, meeting.id);
    clients.push(y);
    await waitSynced([x, y]);
    const hasNina = () => [...y.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Nina');
    x.provider.awareness.setLocalStateField('user', { name: 'Nina' });
    await waitFor(hasNina, 'C’s client to see the cursor of A’s', 5_000);
    x.destroy();
    await waitFor(() => !hasNina(), 'the cursor to go when its client leaves', 5_000);
  });

  it('a decisionUpdated subscriber on one instance receives typing done on another', async () => {
    const [a, b] = cluster.instances;
    const ws = wsClient(b!.url);
    const received: Array<{ text: string; subItemLetter: string | null }> = [];
    const item = meeting.item('25/2017').id;
    const unsubscribe = ws.subscribe(
      { query: `subscription($id: ID!) { decisionUpdated(meetingId: $id) { agendaItemId subItemLetter field text at } }`, variables: { id: meeting.id } },
      {
        next: (r) => {
          const e = (r.data as any)?.decisionUpdated;
          if (e?.agendaItemId === item) received.push(e);
        },
        error: (e) => received.push({ text: `ERROR ${JSON.stringify(e)}`, subItemLetter: null }),
        complete: () => undefined,
      },
    );
    try {
      await sleep(300); // the subscription is registered on B (and so in Redis)
      const typist = connectLive(a!.url, meeting.id);
      clients.push(typist);
      await waitSynced([typist], [item]);
      const text = typist.text(item, 'decision');
      text.insert(text.length, ' Vedtatt på instans A.');
      await waitFor(() => received.some((e) => e.text.endsWith('Vedtatt på instans A.')), 'B’s subscriber to get A’s typing', 5_000);
      expect(received.every((e) => !e.text.startsWith('ERROR'))).toBe(true);
    } finally {
      unsubscribe();
      await ws.dispose();
    }
  });
});

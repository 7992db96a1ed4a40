import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child-server.js';
import { CLUSTER_TESTS, hasRedisServer, logIfSkipped, startCluster, startRedisServer, type Cluster } from '../helpers/cluster.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, converged, encodedProjection, tokensIn, typeLoop, waitSynced, type Field, type LiveClient } from '../helpers/live-docs.js';
import { gqlProjection, seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

logIfSkipped('test/cluster/redis-restart.test.ts');
const RUN = CLUSTER_TESTS && hasRedisServer();
if (CLUSTER_TESTS && !RUN) console.log('[motebok tests] test/cluster/redis-restart.test.ts: SKIPPED (no redis-server on PATH to run a private Redis)');

describe.runIf(RUN)('cluster: Redis restarts while clients type', () => {
  let cluster: Cluster;
  let meeting: SeedMeeting;
  let redisPort: number;
  let redis: Awaited<ReturnType<typeof startRedisServer>> | null = null;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    cluster = await startCluster(2, { redisUrl: `redis://127.0.0.1:${redisPort}` });
    meeting = await seedMeeting(gqlAt(cluster.instances[0]!.url));
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.stop();
    if (redis && redis.proc.exitCode === null && redis.proc.signalCode === null) redis.proc.kill('SIGKILL');
  });

  it('instances go on serving their own clients, catch up from the log, and converge', async () => {
    const [a, b] = cluster.instances;
    const shared: Field = [meeting.item('24/2017').id, 'decision', undefined];
    const own = (letter: string): Field => [meeting.item('26/2017').id, 'notes', letter];
    clients.push(connectLive(a!.url, meeting.id), connectLive(a!.url, meeting.id), connectLive(b!.url, meeting.id), connectLive(b!.url, meeting.id));
    await waitSynced(clients, meeting.items.map((i) => i.id), 10_000);
    const loops = clients.map((c, k) => typeLoop(c, String.fromCharCode(119 + k), [shared, own('ABCD'[k]!)], 15));

    await sleep(1_000);
    redis!.proc.kill('SIGKILL');
    await redis!.exited;
    await sleep(1_500); // typing without Redis
    redis = await startRedisServer(redisPort);
    await sleep(1_000); // typing after it is back
    await Promise.all(loops.map((l) => l.stop()));

    await waitFor(() => converged(clients.map((c) => c.doc)), 'the providers on both instances to converge', 10_000);
    const everything = new Set(loops.flatMap((l) => [...l.typed]));
    expect(tokensIn(clients[0]!.doc)).toEqual(everything);
    const texts = encodedProjection(clients[0]!.doc);
    for (const instance of cluster.instances) {
      await waitFor(async () => expect(await gqlProjection(gqlAt(instance.url), meeting.id)).toEqual(texts), 'GraphQL on every instance to return the texts', 15_000);
    }
  });
});

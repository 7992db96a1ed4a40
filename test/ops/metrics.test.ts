/**
 * Issue 18: Prometheus /metrics. After GraphQL, subscription and live-editing traffic, an administrator's scrape
 * shows the series moving; without an administrator's token it is refused; METRICS_PORT serves it without a token.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, roundTrip, waitSynced, type LiveClient as Live } from '../helpers/live-docs.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';
import { subscribe, wsClient } from '../helpers/graphql-ws.js';
import { LOOP_LAG_SAMPLE_MS } from '../../server/ops/metrics.js';

/** Sums the samples of a metric whose labels include `labels` (a Prometheus text exposition). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      total += Number(m[4]);
      found = true;
    }
  }
  if (!found) throw new Error(`no sample ${name}${JSON.stringify(labels)} in the scrape`);
  return total;
}

describe('/metrics', () => {
  let server: TestServer;
  let meetingId: string;
  let itemId: string;
  let secretary: string;
  let member: string;
  const clients: Live[] = [];

  const scrape = async (token: string | null = server.adminToken) =>
    fetch(`${server.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const metrics = async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite', { env: { METRICS_PORT: '0' } });
    const seed = await seedMeeting(server);
    meetingId = seed.id;
    itemId = seed.item('24/2017').id;
    [secretary, member] = await Promise.all([server.tokenFor(BodyRole.SECRETARY), server.tokenFor(BodyRole.MEMBER)]);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
  });

  it('is refused without an administrator token: 401 anonymous or invalid, 403 for a secretary', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('not-a-token')).status).toBe(401);
    expect((await scrape(secretary)).status).toBe(403);
    const body = await (await scrape(null)).text();
    expect(body).not.toContain('motebok_');
  });

  it('moves with GraphQL, subscription and live-editing traffic', async () => {
    const before = await metrics();
    const errorsBefore = (t: string) => {
      try {
        return sample(t, 'motebok_graphql_errors_total', { operation: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' });
      } catch {
        return 0;
      }
    };

    // GraphQL over HTTP: a named query, and a named one that fails validation.
    await server.ok(`query Bodies { bodies { slug } }`);
    await server.ok(`query Bodies { bodies { slug } }`);
    expect((await server.gql(`query Broken { nope }`)).errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // A subscriber of the meeting, and a change it hears about.
    const ws = wsClient(server.url, server.adminToken);
    const sub = subscribe(ws, `subscription ($id: ID!) { agendaChanged(meetingId: $id) { meetingId kind } }`, { id: meetingId });
    try {
      await waitFor(() => server.app.subscriptionStats().subscribers === 1, 'the subscription', 5_000);
      await server.ok(`mutation Touch($id: ID!) { updateMeeting(id: $id, input: { remote: false }) { id } }`, { id: meetingId });
      await waitFor(() => sub.events.length > 0, 'the event', 5_000);

      // Live editing: a secretary types (applied, logged, projected); a member's typing is refused (read-only).
      const sec = connectLive(server.url, meetingId, { token: secretary });
      const mem = connectLive(server.url, meetingId, { token: member });
      clients.push(sec, mem);
      await waitSynced([sec, mem], [itemId], 8_000);
      for (const ch of 'Vedtatt.') sec.text(itemId, 'decision').insert(sec.text(itemId, 'decision').length, ch);
      mem.text(itemId, 'notes').insert(0, 'medlem');
      await roundTrip(sec);
      await roundTrip(mem);
      await server.app.live.binding.flush();

      const after = await metrics();
      const grew = (name: string, labels: Record<string, string> = {}) =>
        expect(sample(after, name, labels), `${name}${JSON.stringify(labels)}`).toBeGreaterThan(sample(before, name, labels));

      expect(sample(after, 'motebok_graphql_operation_duration_seconds_count', { operation: 'Bodies', type: 'query' })).toBe(2);
      expect(sample(after, 'motebok_graphql_operation_duration_seconds_count', { operation: 'Touch', type: 'mutation' })).toBe(1);
      expect(errorsBefore(after) - errorsBefore(before)).toBe(1);
      grew('motebok_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' });
      grew('motebok_collab_updates_applied_total', { source: 'client' });
      grew('motebok_collab_updates_refused_total', { reason: 'read-only' });
      grew('motebok_collab_group_commit_seconds_count');
      grew('motebok_collab_group_commit_updates_sum');
      grew('motebok_collab_log_append_seconds_count');
      grew('motebok_projection_lag_seconds_count');
      grew('motebok_subscription_events_total');
      grew('motebok_subscription_messages_total');
      grew('motebok_db_statements_total');
      expect(sample(after, 'motebok_collab_documents_open')).toBe(1);
      // Clients that read what they are sent leave nothing unsent once the flush is done.
      expect(sample(after, 'motebok_collab_send_backlog_bytes')).toBe(0);
      expect(sample(after, 'motebok_connections_open', { kind: 'collab' })).toBe(2);
      expect(sample(after, 'motebok_connections_open', { kind: 'graphql_ws' })).toBe(1);
      expect(sample(after, 'motebok_subscriptions_active')).toBe(1);
      expect(sample(after, 'motebok_process_resident_memory_bytes')).toBeGreaterThan(10e6);
      expect(sample(after, 'motebok_nodejs_heap_size_used_bytes')).toBeGreaterThan(1e6);
      expect(sample(after, 'motebok_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      sample(after, 'motebok_db_pool_connections', { state: 'used' });
    } finally {
      sub.stop();
      await ws.dispose();
    }
  });

  it('shows a blocked event loop in the lag histogram, sampled every LOOP_LAG_SAMPLE_MS', async () => {
    await metrics(); // a scrape resets the histogram
    await new Promise((r) => setTimeout(r, 3 * LOOP_LAG_SAMPLE_MS)); // a few samples of a quiet loop
    const until = performance.now() + 400;
    while (performance.now() < until); // the server shares this process: its loop is blocked for 400 ms
    await new Promise((r) => setTimeout(r, 2 * LOOP_LAG_SAMPLE_MS)); // the late sample is recorded
    const text = await metrics();
    // The histogram holds the sampling timer's intervals: the quiet ones are the interval, the blocked one 400 ms more.
    const interval = LOOP_LAG_SAMPLE_MS / 1000;
    expect(sample(text, 'motebok_nodejs_eventloop_lag_min_seconds')).toBeGreaterThan(0.9 * interval);
    expect(sample(text, 'motebok_nodejs_eventloop_lag_p50_seconds')).toBeLessThan(0.35); // most samples: not the block
    expect(sample(text, 'motebok_nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.4);
  });

  it('is served without a token on METRICS_PORT, and nothing else is', async () => {
    const url = server.app.metricsUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('motebok_collab_updates_applied_total');
    expect((await fetch(url!.replace('/metrics', '/graphql'))).status).toBe(404);
  });

  it('answers a request target that is no URL on METRICS_PORT with 400, and goes on serving', async () => {
    const { hostname, port } = new URL(server.app.metricsUrl()!);
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(`GET //[ HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
      let got = '';
      socket.on('data', (d) => (got += d.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
      socket.setTimeout(5_000, () => socket.destroy());
    });
    expect(status).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(server.app.metricsUrl()!)).status).toBe(200);
  });
});

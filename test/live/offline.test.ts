import { afterEach, describe, expect, it } from 'vitest';
import { getMinutesText } from '../../schema/ydoc-layout.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, converged, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { meetingItems, seedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

describe('live: a provider that goes offline, keeps typing and reconnects', () => {
  let server: TestServer | null = null;
  let clients: LiveClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server?.close();
    server = null;
  });

  it('is merged with what was typed meanwhile, in the documents and in GraphQL', async () => {
    server = await startTestServer('sqlite');
    const gql = gqlAt(server.url);
    const meeting = await seedMeeting(gql);
    const item = meeting.item('25/2017');
    const original = item.decision!.text;
    const a = connectLive(server.url, meeting.id);
    const b = connectLive(server.url, meeting.id);
    clients = [a, b];
    await waitSynced(clients, [item.id]);
    expect(a.text(item.id, 'decision').toString()).toBe(original);

    a.provider.disconnect();
    await waitFor(() => !a.provider.wsconnected && !a.provider.wsconnecting, 'a to disconnect', 2_000);

    // A types at the end while offline; B types at the start of the same text, online.
    const offline = ' Vedtatt med tillegg fra Asker (skrevet uten nett).';
    const online = 'Enstemmig: ';
    for (const ch of offline) a.text(item.id, 'decision').insert(a.text(item.id, 'decision').length, ch);
    for (const ch of online) b.text(item.id, 'decision').insert(b.text(item.id, 'decision').toString().indexOf(original), ch);
    const serverDoc = await server.app.live.collab.getDocument(`minutes:${meeting.id}`);
    const serverText = () => getMinutesText(serverDoc, item.id, 'decision')?.toString();
    await waitFor(() => serverText() === online + original, "b's edit to reach the server", 3_000);
    expect(a.text(item.id, 'decision').toString()).toBe(original + offline);

    a.provider.connect();
    await waitFor(() => converged([a.doc, b.doc]), 'a and b to converge after reconnecting', 5_000);
    const merged = online + original + offline;
    expect(a.text(item.id, 'decision').toString()).toBe(merged);
    expect(b.text(item.id, 'decision').toString()).toBe(merged);
    expect(serverText()).toBe(merged);

    await waitFor(async () => {
      const items = await meetingItems(gql, meeting.id);
      expect(items.find((i) => i.id === item.id)!.decision?.text).toBe(merged);
      return true;
    }, 'GraphQL to return the merged text', 5_000);
  });
});

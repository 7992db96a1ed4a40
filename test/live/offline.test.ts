import { afterEach, describe, expect, it } from 'vitest';
import { getMinutesText } from '../../schema/ydoc-layout.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, converged, gqlAt, meetingItems, seedMeeting, waitFor, waitSynced, type LiveClient } from './helpers.js';

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
    await waitFor(() => !a.provider.wsconnected && !a.provider.wsconnecting, 2_000, 'a to disconnect');

    // A types at the end while offline; B types at the start of the same text, online.
    const offline = ' Vedtatt med tillegg fra Asker (skrevet uten nett).';
    const online = 'Enstemmig: ';
    for (const ch of offline) a.text(item.id, 'decision').insert(a.text(item.id, 'decision').length, ch);
    for (const ch of online) b.text(item.id, 'decision').insert(b.text(item.id, 'decision').toString().indexOf(original), ch);
    const serverDoc = await server.app.live.collab.getDocument(`minutes:${meeting.id}`);
    const serverText = () => getMinutesText(serverDoc, item.id, 'decision')?.toString();
    await waitFor(() => serverText() === online + original, 3_000, "b's edit to reach the server");
    expect(a.text(item.id, 'decision').toString()).toBe(original + offline);

    a.provider.connect();
    await waitFor(() => converged([a.doc, b.doc]), 5_000, 'a and b to converge after reconnecting');
    const merged = online + original + offline;
    expect(a.text(item.id, 'decision').toString()).toBe(merged);
    expect(b.text(item.id, 'decision').toString()).toBe(merged);
    expect(serverText()).toBe(merged);

    await waitFor(async () => {
      const items = await meetingItems(gql, meeting.id);
      expect(items.find((i) => i.id === item.id)!.decision?.text).toBe(merged);
      return true;
    }, 5_000);
  });
});

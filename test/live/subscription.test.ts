import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { gqlAt } from '../helpers/graphql.js';
import { wsClient } from '../helpers/graphql-ws.js';
import { connectLive, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

interface Update {
  itemNumber: string;
  subItemLetter: string | null;
  field: string;
  text: string;
  receivedAt: number;
}

describe('live: typing reaches GraphQL subscribers', () => {
  let server: TestServer | null = null;
  let client: LiveClient | null = null;
  let ws: Client | null = null;

  afterEach(async () => {
    client?.destroy();
    client = null;
    await ws?.dispose();
    ws = null;
    await server?.close();
    server = null;
  });

  it('decisionUpdated carries text typed into 26/2017 B within 1 s of the last keystroke', async () => {
    server = await startTestServer('sqlite');
    const gql = gqlAt(server.url);
    const meeting = await seedMeeting(gql);
    const item = meeting.item('26/2017');

    ws = wsClient(server.url);
    const updates: Update[] = [];
    const errors: unknown[] = [];
    const unsubscribe = ws.subscribe<{ decisionUpdated: Omit<Update, 'receivedAt'> }>(
      {
        query: `subscription ($id: ID!) { decisionUpdated(meetingId: $id) { itemNumber subItemLetter field text } }`,
        variables: { id: meeting.id },
      },
      {
        next: (r) => {
          if (r.data) updates.push({ ...r.data.decisionUpdated, receivedAt: Date.now() });
          if (r.errors) errors.push(r.errors);
        },
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );

    // The subscription is live once it delivers a change made through the API (to another field).
    // A text equal to the stored one changes nothing and fires no event: each try writes a new one.
    const warmUp = 'Orientering gitt i møtet.';
    let tries = 0;
    await waitFor(async () => {
      await gql.ok(
        `mutation ($id: ID!, $text: String!) { setMinutesText(input: { target: { agendaItemId: $id, subItemLetter: "A" }, field: NOTES, text: $text }) { id } }`,
        { id: item.id, text: `${warmUp} (${++tries})` },
      );
      return updates.some((u) => u.subItemLetter === 'A' && u.text.startsWith(warmUp));
    }, 'the subscription to start', 5_000);

    client = connectLive(server.url, meeting.id);
    await waitSynced([client], [item.id]);
    const text = client.text(item.id, 'decision', 'B');
    const original = text.toString();
    expect(original).toBe('Rådmannsgruppen tar framlagt sak til orientering.');

    const typed = ' Saken følges opp i neste møte.';
    let lastKeystroke = 0;
    for (const ch of typed) {
      text.insert(text.length, ch);
      lastKeystroke = Date.now();
      await sleep(15);
    }
    const expected = original + typed;
    const update = await waitFor(
      () => updates.find((u) => u.subItemLetter === 'B' && u.field === 'DECISION' && u.text === expected),
      'the typed text to be published',
      3_000,
    );
    const latency = update.receivedAt - lastKeystroke;
    console.log(`[live] decisionUpdated latency after the last keystroke: ${latency} ms`);
    expect(update).toMatchObject({ itemNumber: '26/2017', subItemLetter: 'B', field: 'DECISION', text: expected });
    expect(latency).toBeLessThan(1000);
    expect(errors).toEqual([]);
    unsubscribe();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DECISION_KEY, NOTES_KEY, SUB_ITEMS_KEY, itemsMap } from '../../schema/ydoc-layout.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, converged, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { meetingItems, seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

const SET_TEXT = /* GraphQL */ `
  mutation ($id: ID!, $letter: String, $field: MinutesField!, $text: String!) {
    setMinutesText(input: { target: { agendaItemId: $id, subItemLetter: $letter }, field: $field, text: $text }) { id }
  }
`;
const RECORD = /* GraphQL */ `
  mutation ($id: ID!, $text: String!) {
    recordDecision(input: { target: { agendaItemId: $id }, text: $text, vote: { outcome: UNANIMOUS } }) { id decision { text voteOutcome } }
  }
`;

/**
 * Runs a mutation and measures how long after its answer every client's text equals `expected` (and, for the
 * report, how long after it was sent).
 */
async function mutateAndMeasure(
  clients: LiveClient[],
  read: (c: LiveClient) => string,
  expected: string,
  mutate: () => Promise<unknown>,
): Promise<{ afterAnswer: number; afterSend: number }> {
  const sentAt = performance.now();
  await mutate();
  const answeredAt = performance.now();
  await waitFor(() => clients.every((c) => read(c) === expected), 'the mutation to reach every provider', 2_000);
  const now = performance.now();
  return { afterAnswer: now - answeredAt, afterSend: now - sentAt };
}

describe('live: GraphQL mutations reach the live documents', () => {
  let server: TestServer | null = null;
  let clients: LiveClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server?.close();
    server = null;
  });

  async function setUp() {
    server = await startTestServer('sqlite');
    const gql = gqlAt(server.url);
    const meeting = await seedMeeting(gql);
    const a = connectLive(server.url, meeting.id);
    const b = connectLive(server.url, meeting.id);
    clients = [a, b];
    await waitSynced(clients, meeting.items.map((i) => i.id));
    return { gql, meeting, a, b };
  }

  it('setMinutesText and recordDecision appear in both providers within 100 ms, as a minimal diff', async () => {
    const { gql, meeting, a, b } = await setUp();
    const item = meeting.item('24/2017');
    const decision = (c: LiveClient) => c.text(item.id, 'decision').toString();
    const original = decision(a);
    expect(original).toBe(item.decision!.text);
    expect(original.startsWith('Rådmannsgruppen slutter seg til')).toBe(true);

    // A cursor in the unchanged tail: 12 characters before the end ("med innspill fra deltakerne." ends the text).
    const tailIndex = original.length - 12;
    const cursor = Y.createRelativePositionFromTypeIndex(a.text(item.id, 'decision'), tailIndex);
    const charAtCursor = original[tailIndex];

    // Only the head changes.
    const changed = original.replace('Rådmannsgruppen slutter seg til', 'Rådmannsgruppen støtter');
    const latencies: Array<{ afterAnswer: number; afterSend: number }> = [];
    latencies.push(
      await mutateAndMeasure(clients, decision, changed, () =>
        gql.ok(SET_TEXT, { id: item.id, letter: null, field: 'DECISION', text: changed }),
      ),
    );
    const resolved = Y.createAbsolutePositionFromRelativePosition(cursor, a.doc);
    expect(resolved).not.toBeNull();
    expect(resolved!.type).toBe(a.text(item.id, 'decision'));
    expect(resolved!.index).toBe(changed.length - 12);
    expect(decision(a)[resolved!.index]).toBe(charAtCursor);

    // recordDecision of another item, and setMinutesText of a sub-item.
    const item25 = meeting.item('25/2017');
    const recorded = 'Rådmannsgruppen anbefaler styringsgruppen å godkjenne tertialrapporten.';
    latencies.push(
      await mutateAndMeasure(clients, (c) => c.text(item25.id, 'decision').toString(), recorded, async () => {
        const r = await gql.ok(RECORD, { id: item25.id, text: recorded });
        expect(r.recordDecision.decision).toEqual({ text: recorded, voteOutcome: 'UNANIMOUS' });
      }),
    );
    const item26 = meeting.item('26/2017');
    const subText = 'Framlagt sak tas til orientering, med merknad.';
    latencies.push(
      await mutateAndMeasure(clients, (c) => c.text(item26.id, 'decision', 'D').toString(), subText, () =>
        gql.ok(SET_TEXT, { id: item26.id, letter: 'D', field: 'DECISION', text: subText }),
      ),
    );
    console.log(
      `[live] mutation-to-doc latency: ${latencies.map((l) => `${l.afterAnswer.toFixed(1)} ms after the answer (${l.afterSend.toFixed(1)} ms after sending)`).join('; ')}`,
    );
    for (const l of latencies) expect(l.afterAnswer).toBeLessThan(100);
    expect(converged([a.doc, b.doc])).toBe(true);
  });

  it('typing and mutations in turn neither echo nor duplicate text', async () => {
    const { gql, meeting, a, b } = await setUp();
    const item = meeting.item('23/2017');
    const text = (c: LiveClient) => c.text(item.id, 'decision').toString();
    let expected = text(a);
    const gqlText = async () => (await meetingItems(gql, meeting.id)).find((i) => i.id === item.id)!.decision?.text;

    for (let round = 1; round <= 4; round++) {
      // A provider types at the end; the binding stores it after its quiet time.
      const typed = ` [skrevet ${round}]`;
      for (const ch of typed) a.text(item.id, 'decision').insert(a.text(item.id, 'decision').length, ch);
      expected += typed;
      await waitFor(async () => (await gqlText()) === expected, `round ${round}: typing to be stored`, 4_000);
      await waitFor(() => text(b) === expected, `round ${round}: typing to reach b`, 2_000);

      // Then the API changes the head and appends; the documents get exactly that.
      expected = `${round}. ${expected.replace(/^\d+\. /, '')} [satt ${round}]`;
      await gql.ok(SET_TEXT, { id: item.id, letter: null, field: 'DECISION', text: expected });
      await waitFor(() => text(a) === expected && text(b) === expected, `round ${round}: the mutation to reach both`, 2_000);
    }

    // Quiet for longer than the binding's debounce ceiling: nothing echoes back, nothing is doubled.
    await roundTrip(a);
    await sleep(600);
    for (const c of [a, b]) expect(text(c)).toBe(expected);
    expect(await gqlText()).toBe(expected);
    for (let round = 1; round <= 4; round++) {
      expect(expected.split(`[skrevet ${round}]`).length - 1).toBe(1);
      expect(expected.split(`[satt ${round}]`).length - 1).toBe(1);
    }
    expect(server!.app.live.binding.pending()).toBe(0);
    const serverDoc = await server!.app.live.collab.getDocument(`minutes:${meeting.id}`);
    expect(Y.encodeStateVector(serverDoc)).toEqual(Y.encodeStateVector(a.doc));
  });

  it('addAgendaItem on a planned meeting creates the item in that meeting’s document', async () => {
    server = await startTestServer('sqlite');
    const gql = gqlAt(server.url);
    const { body } = await gql.ok<{ body: { id: string } }>(`{ body(slug: "radmannsgruppen") { id } }`);
    const { createMeeting: m } = await gql.ok(
      `mutation ($body: ID!) { createMeeting(input: { bodyId: $body, startsAt: "2017-10-26T07:00:00.000Z" }) { id status agendaItems { id number } } }`,
      { body: body.id },
    );
    expect(m.status).toBe('PLANNED');
    expect(m.agendaItems).toHaveLength(1); // approval of the minutes of 14.09.2017

    const c = connectLive(server.url, m.id);
    clients = [c];
    await waitSynced([c], [m.agendaItems[0].id]);
    expect([...itemsMap(c.doc).keys()]).toEqual([m.agendaItems[0].id]);

    const { addAgendaItem: added } = await gql.ok(
      `mutation ($m: ID!) { addAgendaItem(input: { meetingId: $m, title: "Budsjett 2018" }) { id number } }`,
      { m: m.id },
    );
    expect(added.number).toBe('30/2017');
    const { addSubItem: sub } = await gql.ok(
      `mutation ($i: ID!) { addSubItem(input: { agendaItemId: $i, title: "Drift" }) { letter } }`,
      { i: added.id },
    );
    expect(sub.letter).toBe('A');

    await waitFor(() => {
      const entry = itemsMap(c.doc).get(added.id);
      if (!(entry instanceof Y.Map)) return false;
      const subs = entry.get(SUB_ITEMS_KEY);
      const a = subs instanceof Y.Map ? subs.get('A') : null;
      return (
        entry.get(NOTES_KEY) instanceof Y.Text &&
        entry.get(DECISION_KEY) instanceof Y.Text &&
        a instanceof Y.Map &&
        a.get(NOTES_KEY) instanceof Y.Text &&
        a.get(DECISION_KEY) instanceof Y.Text
      );
    }, 'the new item to appear in the document', 2_000);
    expect(new Set(itemsMap(c.doc).keys())).toEqual(new Set([m.agendaItems[0].id, added.id]));

    // The structure is usable: typing into it is stored.
    c.text(added.id, 'decision', 'A').insert(0, 'Tas til orientering.');
    await waitFor(async () => {
      const items = await meetingItems(gql, m.id);
      return items.find((i) => i.id === added.id)!.subItems[0]!.decision?.text === 'Tas til orientering.';
    }, 'the typed sub-item decision to be stored', 4_000);
  });
});

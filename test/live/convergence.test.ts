import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, converged, encodedProjection, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { rng } from '../helpers/random.js';
import { gqlProjection, seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

/** One character per client that the seed texts never contain, so that each client's keystrokes can be counted. */
const marker = (client: number) => String.fromCharCode(0x3b1 + client); // α, β, γ …

const count = (s: string, ch: string) => [...s].filter((c) => c === ch).length;

/**
 * Inserts `n` markers at random positions in bursts of a few keystrokes (each its own transaction, so its own
 * update), awaiting a random short pause between bursts so that clients interleave.
 */
async function typeBursts(text: Y.Text, ch: string, n: number, random: () => number): Promise<void> {
  let typed = 0;
  while (typed < n) {
    const burst = Math.min(n - typed, 1 + Math.floor(random() * 4));
    for (let k = 0; k < burst; k++) text.insert(Math.floor(random() * (text.length + 1)), ch);
    typed += burst;
    await sleep(Math.floor(random() * 6));
  }
}

describe.each(dbKinds())('live: concurrent editing of the seed referat converges (%s)', (kind) => {
  let server: TestServer | null = null;
  let clients: LiveClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server?.close();
    server = null;
  });

  async function run(n: number, keystrokes: number): Promise<void> {
    server = await startTestServer(kind);
    const gql = gqlAt(server.url);
    const meeting = await seedMeeting(gql);
    const item24 = meeting.item('24/2017');
    const item26 = meeting.item('26/2017');
    expect(item26.subItems.map((s) => s.letter)).toEqual(LETTERS);
    const before = await gqlProjection(gql, meeting.id);

    clients = Array.from({ length: n }, () => connectLive(server!.url, meeting.id));
    await waitSynced(clients, meeting.items.map((i) => i.id));

    // What each client types into: the shared decision of 24/2017, the notes of "its" item, and the decision of
    // the sub-items of 26/2017 assigned to it (exactly one client per letter).
    const notesItem = (i: number) => meeting.items[i % meeting.items.length]!.id;
    const lettersOf = (i: number) => LETTERS.filter((_, l) => l % n === i);
    await Promise.all(
      clients.map(async (c, i) => {
        const random = rng(1000 * n + i);
        await Promise.all([
          typeBursts(c.text(item24.id, 'decision'), marker(i), keystrokes, random),
          typeBursts(c.text(notesItem(i), 'notes'), marker(i), keystrokes, rng(2000 * n + i)),
          ...lettersOf(i).map((letter, k) => typeBursts(c.text(item26.id, 'decision', letter), marker(i), keystrokes, rng(3000 * n + 10 * i + k))),
        ]);
      }),
    );

    await waitFor(() => converged(clients.map((c) => c.doc)), `${n} clients to converge`, 10_000);
    const docs = clients.map((c) => encodedProjection(c.doc));
    for (const d of docs) expect(d).toEqual(docs[0]);
    const texts = docs[0]!;
    const serverDoc = await server.app.live.collab.getDocument(`minutes:${meeting.id}`);
    expect(encodedProjection(serverDoc)).toEqual(texts);

    // Every keystroke arrived, at random places, around the seed text.
    const decision24 = texts[item24.id]!.decision;
    expect(decision24.length).toBe(before[item24.id]!.decision.length + n * keystrokes);
    for (let i = 0; i < n; i++) expect(count(decision24, marker(i))).toBe(keystrokes);
    for (const item of meeting.items) {
      const writers = clients.map((_, i) => i).filter((i) => notesItem(i) === item.id);
      expect(texts[item.id]!.notes.length).toBe(before[item.id]!.notes.length + writers.length * keystrokes);
      for (const i of writers) expect(count(texts[item.id]!.notes, marker(i))).toBe(keystrokes);
    }
    for (const [l, letter] of LETTERS.entries()) {
      const value = texts[item26.id]!.subItems[letter]!.decision;
      expect(value.length).toBe(before[item26.id]!.subItems[letter]!.decision.length + keystrokes);
      expect(count(value, marker(l % n))).toBe(keystrokes);
    }

    // After the binding's quiet time, GraphQL serves exactly the texts of the documents.
    await waitFor(async () => {
      expect(await gqlProjection(gql, meeting.id)).toEqual(texts);
      return true;
    }, 'GraphQL to return the converged texts', 6_000);
  }

  it('two providers', async () => {
    await run(2, 40);
  });

  it('ten providers', async () => {
    await run(10, 15);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ensureLayout, getMinutesText, minutesDocName, projectMinutes, type LayoutItem } from '../../schema/ydoc-layout.js';
import { serverOrigin } from '../../collab/origins.js';
import {
  connectClient,
  converged,
  startCollab,
  waitFor,
  waitSynced,
  type CollabHarness,
  type TestClient,
} from './helpers.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Types `count` characters at random places, yielding between keystrokes so that clients interleave. */
async function type(text: Y.Text, chars: string, random: () => number): Promise<void> {
  for (const ch of chars) {
    text.insert(Math.floor(random() * (text.length + 1)), ch);
    await tick();
  }
}

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const ITEMS: LayoutItem[] = [
  { id: 'item-1', notes: 'Orientering', decision: null, subItems: [] },
  { id: 'item-2', notes: null, decision: 'Saken utsettes.', subItems: [] },
  { id: 'item-3', notes: null, decision: null, subItems: LETTERS.map((letter) => ({ letter, notes: `Punkt ${letter}`, decision: null })) },
];

describe('collab: concurrent editing converges', () => {
  let h: CollabHarness;
  let clients: TestClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await h?.stop();
  });

  async function start(n: number, docName: string, withLayout = false) {
    h = await startCollab({
      loadInitial: withLayout ? async (_name, doc) => void ensureLayout(doc, ITEMS, serverOrigin('layout')) : undefined,
    });
    clients = Array.from({ length: n }, () => connectClient(h.serverUrl, docName));
    await waitSynced(...clients);
    return clients;
  }

  it('two clients typing into the same Y.Text', async () => {
    const [a, b] = await start(2, 'minutes:two');
    await Promise.all([type(a!.text(), 'abcdefghij', rng(1)), type(b!.text(), 'KLMNOPQRST', rng(2))]);
    await waitFor(() => converged([a!.doc, b!.doc]) && a!.text().length === 20, 'two clients to converge');
    const server = await h.collab.getDocument('minutes:two');
    expect(server.getText('text').toString()).toBe(a!.text().toString());
    expect([...a!.text().toString()].sort().join('')).toBe('KLMNOPQRSTabcdefghij');
  });

  it('ten clients typing into the same Y.Text', async () => {
    const all = await start(10, 'minutes:ten');
    await Promise.all(all.map((c, i) => type(c.text(), String.fromCharCode(65 + i).repeat(15), rng(10 + i))));
    await waitFor(() => converged(all.map((c) => c.doc)) && all[0]!.text().length === 150, 'ten clients to converge');
    const server = await h.collab.getDocument('minutes:ten');
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(all[0]!.doc));
  });

  it('clients typing into different items and into sub-items A–G', async () => {
    const docName = minutesDocName('m-3');
    const all = await start(10, docName, true);
    await waitFor(() => all.every((c) => getMinutesText(c.doc, 'item-3', 'notes', 'G') !== null), 'layout to arrive');
    const fields: Array<[string, 'notes' | 'decision', string | undefined]> = [
      ['item-1', 'notes', undefined],
      ['item-2', 'decision', undefined],
      ...LETTERS.map((l): [string, 'notes' | 'decision', string | undefined] => ['item-3', l < 'D' ? 'notes' : 'decision', l]),
      ['item-1', 'decision', undefined],
    ];
    await Promise.all(
      all.map((c, i) => {
        const [item, field, letter] = fields[i]!;
        return type(getMinutesText(c.doc, item, field, letter)!, ` ${i}-${i}`, rng(100 + i));
      }),
    );
    await waitFor(
      () => {
        const first = JSON.stringify(projectMinutes(all[0]!.doc));
        return converged(all.map((c) => c.doc), []) && all.every((c) => JSON.stringify(projectMinutes(c.doc)) === first);
      },
      'items to converge',
    );
    const server = projectMinutes(await h.collab.getDocument(docName));
    expect(server).toEqual(projectMinutes(all[5]!.doc));
    expect(Object.keys(server['item-3']!.subItems).sort()).toEqual(LETTERS);
    // Each client's characters arrived (at random places) in its own field.
    for (let i = 0; i < all.length; i++) {
      const [item, field, letter] = fields[i]!;
      const value = letter ? server[item]!.subItems[letter]![field] : server[item]![field];
      for (const ch of ` ${i}-${i}`) expect(value).toContain(ch);
    }
  });

  it('a client that disconnects, keeps typing and reconnects is merged', async () => {
    const [a, b] = await start(2, 'minutes:offline');
    a!.text().insert(0, 'shared ');
    await waitFor(() => b!.text().toString() === 'shared ', 'first edit to arrive');

    a!.provider.disconnect();
    await waitFor(() => !a!.provider.wsconnected, 'a to disconnect');
    a!.text().insert(a!.text().length, 'offline-a ');
    b!.text().insert(0, 'online-b ');
    await waitFor(() => b!.text().toString().startsWith('online-b'), 'b to type');
    await h.collab.flush();
    expect(a!.text().toString()).not.toContain('online-b');

    a!.provider.connect();
    await waitFor(() => converged([a!.doc, b!.doc]), 'reconnected client to merge');
    expect(a!.text().toString()).toContain('offline-a');
    expect(a!.text().toString()).toContain('online-b');
    const server = await h.collab.getDocument('minutes:offline');
    expect(server.getText('text').toString()).toBe(a!.text().toString());
  });
});

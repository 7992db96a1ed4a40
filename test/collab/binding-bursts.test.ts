/**
 * The live binding's stores come in bursts: documents whose typing started together fall due together (their
 * debounce ceiling), and when typing stops they all go quiet at once. A batch of stores is written in one go on the
 * event loop (its statements and its events), so a burst is cut into batches of at most `storeBatchMax` fields, each
 * on a turn of its own, with the sockets' keystrokes read in between. Real binding, real Y.Docs and client-origin
 * transactions as the collab server applies them; the model records the batches it is given.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMinutesBinding, type MinutesModel, type TextWriteResult } from '../../collab/minutes-binding.js';
import { clientOrigin } from '../../collab/origins.js';
import type { CollabServer } from '../../collab/types.js';
import { DECISION_KEY, getMinutesText, minutesDocName } from '../../schema/ydoc-layout.js';
import { silentLog, waitFor } from './helpers.js';

describe('minutes binding: bursts of stores', () => {
  it('fields of 60 documents falling due together are stored in batches of at most 20, each on its own turn of the event loop', async () => {
    const batches: Array<{ fields: number; turn: number }> = [];
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    const model: MinutesModel = {
      layout: async (meetingId) => ({ locked: false, items: [{ id: `item-${meetingId}`, notes: null, decision: null, subItems: [] }] }),
      writeTexts: async (changes) => {
        batches.push({ fields: changes.length, turn });
        return changes.map((): TextWriteResult => 'stored');
      },
      saveVersion: async () => undefined,
    };
    const binding = createMinutesBinding({ model, log: silentLog, options: { debounceMs: 30 } });
    binding.attach({} as CollabServer);
    const docs: Y.Doc[] = [];
    for (let i = 0; i < 60; i++) {
      const doc = new Y.Doc();
      await binding.loadInitial(minutesDocName(`m${i}`), doc);
      docs.push(doc);
    }
    expect(batches).toEqual([]); // nothing differed on load
    setImmediate(tick);
    docs.forEach((doc, i) => doc.transact(() => getMinutesText(doc, `item-m${i}`, DECISION_KEY)!.insert(0, 'Vedtak.'), clientOrigin(`c${i}`, null)));
    try {
      await waitFor(() => batches.reduce((n, b) => n + b.fields, 0) === 60, 'every field to be stored', 5_000);
    } finally {
      ticking = false;
    }
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.fields))).toBeLessThanOrEqual(20);
    expect(new Set(batches.map((b) => b.turn)).size).toBe(batches.length); // the loop turned between any two
    await binding.flush();
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyTextDiff,
  ensureLayout,
  getMinutesText,
  minutesDocName,
  parseMinutesDocName,
  projectMinutes,
  textDiff,
  type LayoutItem,
} from '../../schema/ydoc-layout.js';

const ITEMS: LayoutItem[] = [
  { id: 'a1', notes: 'Notat', decision: 'Vedtak', subItems: [] },
  { id: 'a2', notes: null, decision: null, subItems: [{ letter: 'A', notes: 'Under A', decision: null }, { letter: 'B', notes: null, decision: 'Vedtak B' }] },
];

describe('ydoc layout', () => {
  it('names documents per meeting', () => {
    expect(minutesDocName('42')).toBe('minutes:42');
    expect(parseMinutesDocName('minutes:42')).toBe('42');
    expect(parseMinutesDocName('minutes:')).toBeNull();
    expect(parseMinutesDocName('other:42')).toBeNull();
  });

  it('creates missing structure only, in one transaction with the origin, and projects it', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const origin = { kind: 'server', reason: 'layout' };
    expect(ensureLayout(doc, ITEMS, origin)).toBe(true);
    expect(origins).toEqual([origin]);
    expect(projectMinutes(doc)).toEqual({
      a1: { notes: 'Notat', decision: 'Vedtak', subItems: {} },
      a2: { notes: '', decision: '', subItems: { A: { notes: 'Under A', decision: '' }, B: { notes: '', decision: 'Vedtak B' } } },
    });

    // Existing texts keep what was typed; initial text is not written again; new parts are added.
    getMinutesText(doc, 'a1', 'notes')!.insert(0, 'Skrevet: ');
    const sv = Y.encodeStateVector(doc);
    expect(ensureLayout(doc, ITEMS, origin)).toBe(false);
    expect(Y.encodeStateVector(doc)).toEqual(sv);
    expect(ensureLayout(doc, [{ ...ITEMS[1]!, subItems: [...ITEMS[1]!.subItems, { letter: 'C', notes: 'Ny', decision: null }] }], origin)).toBe(true);
    const projected = projectMinutes(doc);
    expect(projected.a1!.notes).toBe('Skrevet: Notat');
    expect(projected.a2!.subItems.C).toEqual({ notes: 'Ny', decision: '' });
  });

  it('ensureLayout on two replicas from the same state converges without duplicating text', () => {
    const a = new Y.Doc();
    ensureLayout(a, ITEMS, null);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(ensureLayout(b, ITEMS, null)).toBe(false);
    expect(projectMinutes(b)).toEqual(projectMinutes(a));
  });

  it('applies a minimal diff inside one transaction', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'Styret vedtok budsjettet.');
    const deltas: unknown[] = [];
    const origins: unknown[] = [];
    text.observe((event) => {
      deltas.push(event.delta);
      origins.push(event.transaction.origin);
    });
    expect(applyTextDiff(text, 'Styret vedtok det reviderte budsjettet.', 'binding')).toBe(true);
    expect(text.toString()).toBe('Styret vedtok det reviderte budsjettet.');
    expect(deltas).toEqual([[{ retain: 14 }, { insert: 'det reviderte ' }]]);
    expect(origins).toEqual(['binding']);

    expect(applyTextDiff(text, 'Styret vedtok budsjettet.', 'binding')).toBe(true);
    expect(deltas[1]).toEqual([{ retain: 14 }, { delete: 14 }]);
    expect(applyTextDiff(text, 'Styret vedtok budsjettet.', 'binding')).toBe(false);
    expect(applyTextDiff(text, 'Styret avviste budsjettet.', 'binding')).toBe(true);
    expect(deltas[2]).toEqual([{ retain: 7 }, { delete: 6 }, { insert: 'avviste' }]);
    expect(deltas).toHaveLength(3);
  });

  it('never splits a surrogate pair', () => {
    expect(textDiff('a😀b', 'a😁b')).toEqual({ index: 1, remove: 2, insert: '😁' });
    expect(textDiff('😀', '😀😀')).toEqual({ index: 2, remove: 0, insert: '😀' });
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'x😀y');
    applyTextDiff(text, 'x😃y');
    expect(text.toString()).toBe('x😃y');
  });

  it('refuses a text that is not in a document', () => {
    expect(() => applyTextDiff(new Y.Text(), 'x')).toThrow(/not in a document/);
  });
});

/** How search reads Norwegian text and queries (server/search/text.ts, query.ts, highlight.ts): no database. */
import { describe, expect, it } from 'vitest';
import { highlightAll, snippet } from '../../server/search/highlight.js';
import { parseQuery } from '../../server/search/query.js';
import { fold, numberKeys, stem, stems } from '../../server/search/text.js';

const marked = (parts: Array<{ text: string; match: boolean }>) => parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describe('Norwegian text', () => {
  it('keeps æ, ø and å, folds ä, ö, ü as Norwegian does and drops other diacritics', () => {
    expect(fold('Økonomi ÆRE Året')).toBe('økonomi ære året');
    expect(fold('Jönköping Müller Bär')).toBe('jønkøping myller bær');
    expect(fold('kafé Óslo àpropos')).toBe('kafe oslo apropos');
    // å written as a + combining ring is still å, not a
    expect(fold('a\u030Arsmøte')).toBe('årsmøte');
  });

  it('stems word forms to one stem (Snowball Norwegian)', () => {
    for (const [a, b] of [['vedtak', 'vedtakene'], ['vedtak', 'vedtaket'], ['kommune', 'kommunene'], ['kommune', 'kommunens'], ['søknad', 'søknader'], ['budsjett', 'budsjettet']]) {
      expect(stem(a!), `${a} / ${b}`).toBe(stem(b!));
    }
    expect(stem('økonomi')).not.toBe(stem('okonomi'));
    expect(stems('Vedtakene i kommunene')).toBe('vedtak i kommun');
  });

  it('gives an item number one key however it is written', () => {
    const key = ['21/2017', '21/17', '2017/21', 'sak 21/2017', 'Sak 21 / 2017', 'SAK 2017/21'].map((t) => numberKeys(t));
    for (const k of key) expect(k).toEqual(['sak2017n21']);
    expect(numberKeys('Sak 24a/2017')).toEqual(['sak2017n24a']);
    expect(numberKeys('06/2017')).toEqual(numberKeys('6/17'));
    expect(numberKeys('22/2017')).not.toEqual(numberKeys('21/2017'));
    // An archive case number: a four-digit year or a two-digit one, the same key
    expect(numberKeys('Arkivsak 17/1234')).toEqual(['nr17x1234']);
    expect(numberKeys('2017/1234')).toEqual(['nr17x1234']);
    expect(numberKeys('19/4711')).toEqual(numberKeys('2019/4711'));
    // Dates and plain numbers give none
    expect(numberKeys('pr 30.07.2017, 12 saker')).toEqual([]);
  });
});

describe('queries', () => {
  it('reads words, prefixes and numbers', () => {
    const q = parseQuery('Vedtakene sak 21/17 tertial*');
    expect(q.keys).toEqual(['sak2017n21']);
    expect(q.terms).toEqual([
      { word: 'vedtakene', stem: 'vedtak', prefix: false },
      { word: 'tertial', stem: 'tertial', prefix: true },
    ]);
  });

  it('refuses nothing to search for, and too much', () => {
    for (const text of ['', '   ', '?!  …']) expect(() => parseQuery(text), text).toThrow(/at least one word/);
    expect(() => parseQuery('x'.repeat(201))).toThrow(/longer than 200/);
    expect(() => parseQuery(Array.from({ length: 17 }, (_, i) => `ord${i}`).join(' '))).toThrow(/at most 16/);
  });
});

describe('highlights', () => {
  it('marks every form of a query word and the numbers it names', () => {
    const q = parseQuery('vedtak 21/17');
    expect(marked(highlightAll('Vedtakene i sak 21/2017 og vedtaket', q))).toBe('[Vedtakene] i [sak 21/2017] og [vedtaket]');
    expect(marked(highlightAll('Økonomi', parseQuery('økonomi')))).toBe('[Økonomi]');
    expect(marked(highlightAll('Tertialrapport 2', parseQuery('tertial*')))).toBe('[Tertialrapport] 2');
  });

  it('cuts a long text around the matches, at word boundaries', () => {
    const text = `${'Innledende tekst uten treff. '.repeat(20)}Her kommer budsjettet for neste år. ${'Avsluttende tekst. '.repeat(20)}`;
    const parts = snippet(text, parseQuery('budsjett'), 120);
    const joined = parts.map((p) => p.text).join('');
    expect(joined.length).toBeLessThanOrEqual(130);
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined.endsWith(' …')).toBe(true);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['budsjettet']);
    expect(joined).not.toMatch(/ \S*… $/); // no half words
    // A short text is whole; line breaks become spaces
    expect(marked(snippet('Linje én\nlinje to med vedtak', parseQuery('vedtak')))).toBe('Linje én linje to med [vedtak]');
  });
});

import { describe, expect, it } from 'vitest';
import { andThen, both, KnownLoader } from '../../server/graphql/known-loader.js';

/** A loader over a fixed table that counts its batches; 'bad' is an error, 'none' reads as null. */
function loaderOver(table: Record<string, { n: number }>) {
  const batches: string[][] = [];
  const loader = new KnownLoader<string, { n: number } | null>(async (keys) => {
    batches.push([...keys]);
    return keys.map((k) => (k === 'bad' ? new Error('bad key') : (table[k] ?? null)));
  });
  return { loader, batches };
}

describe('KnownLoader: what the request has read is answered without a promise', () => {
  it('answers a key it has not read with a promise, and the same object without one once read', async () => {
    const { loader, batches } = loaderOver({ a: { n: 1 }, b: { n: 2 } });
    const first = loader.get('a');
    expect(first).toBeInstanceOf(Promise);
    const loaded = await first;
    expect(loader.get('a')).toBe(loaded);
    expect(await loader.load('a')).toBe(loaded);
    expect(loader.get('none')).toBeInstanceOf(Promise);
    expect(await loader.get('none')).toBeNull();
    expect(loader.get('none')).toBeNull(); // a row that is not there is known too
    expect(batches).toEqual([['a'], ['none']]);
  });

  it('knows primed values at once; a later prime of a known key changes nothing', async () => {
    const { loader, batches } = loaderOver({});
    const primed = { n: 7 };
    loader.prime('p', primed);
    expect(loader.get('p')).toBe(primed);
    loader.prime('p', { n: 8 });
    expect(loader.get('p')).toBe(primed);
    expect(await loader.load('p')).toBe(primed);
    expect(batches).toEqual([]);
  });

  it('answers an error with a promise (DataLoader keeps the rejection), and forgets what it is told to clear', async () => {
    const { loader, batches } = loaderOver({ a: { n: 1 } });
    await expect(loader.load('bad')).rejects.toThrow('bad key');
    const again = loader.get('bad');
    expect(again).toBeInstanceOf(Promise);
    await expect(again).rejects.toThrow('bad key');
    const a = await loader.load('a');
    loader.clear('a');
    const reread = loader.get('a');
    expect(reread).toBeInstanceOf(Promise);
    expect(await reread).toEqual(a);
    loader.clearAll();
    expect(loader.get('a')).toBeInstanceOf(Promise);
    await loader.load('a');
    expect(batches).toEqual([['bad'], ['a'], ['a'], ['a']]);
  });

  it('andThen and both apply at once to known values and wait for promises', async () => {
    expect(andThen(2, (x) => x + 1)).toBe(3);
    expect(await andThen(Promise.resolve(2), (x) => x + 1)).toBe(3);
    expect(both(2, 3, (x, y) => x * y)).toBe(6);
    const later = both(2, Promise.resolve(3), (x, y) => x * y);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(6);
  });
});

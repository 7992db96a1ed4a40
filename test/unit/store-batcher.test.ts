import { describe, expect, it } from 'vitest';
import { StoreBatcher } from '../../collab/store-batcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StoreBatcher', () => {
  it('writes what is added within the window as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const b = new StoreBatcher<number, string>(async (items) => {
      batches.push(items);
      return items.map((i) => `r${i}`);
    }, { windowMs: 20, maxBatch: 100 });
    const results = await Promise.all([b.add(1), sleep(5).then(() => b.add(2)), sleep(10).then(() => b.add(3))]);
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects what is added while a batch is written into the next one, written right after', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const b = new StoreBatcher<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await first;
      return items;
    }, { windowMs: 1, maxBatch: 100 });
    const p1 = b.add(1);
    await sleep(10); // batch [1] is being written
    const rest = [b.add(2), b.add(3)];
    await sleep(10);
    expect(batches).toEqual([[1]]);
    expect(b.size).toBe(2);
    release();
    expect(await Promise.all([p1, ...rest])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('splits at maxBatch and rejects every caller of a failed batch', async () => {
    const batches: number[][] = [];
    const b = new StoreBatcher<number, number>(async (items) => {
      batches.push(items);
      if (items.includes(3)) throw new Error('refused');
      return items;
    }, { windowMs: 50, maxBatch: 2 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((i) => b.add(i)));
    expect(batches).toEqual([[1, 2], [3, 4]]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });
});

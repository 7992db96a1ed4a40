import { describe, expect, it } from 'vitest';
import { Batcher } from '../../collab/batcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A batcher whose writes are recorded (with their start time) and return `r<item>`. */
function recording(options: ConstructorParameters<typeof Batcher>[1]) {
  const batches: number[][] = [];
  const startedAt: number[] = [];
  const b = new Batcher<number, string>(async (items) => {
    batches.push(items);
    startedAt.push(Date.now());
    return items.map((i) => `r${i}`);
  }, options);
  return { b, batches, startedAt };
}

describe('Batcher', () => {
  it('writes what is added within the window as one batch, each caller getting its own result', async () => {
    const { b, batches } = recording({ windowMs: 20, maxBatch: 100 });
    const results = await Promise.all([b.add(1), sleep(5).then(() => b.add(2)), sleep(10).then(() => b.add(3))]);
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects what is added while a batch is written into the next one, written right after', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let writing = 0;
    let overlapped = false;
    const b = new Batcher<number, number>(async (items) => {
      overlapped ||= writing > 0;
      writing++;
      batches.push(items);
      if (batches.length === 1) await first;
      writing--;
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
    expect(overlapped).toBe(false);
  });

  it('splits at maxBatch and rejects every caller of a failed batch', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (items) => {
      batches.push(items);
      if (items.includes(3)) throw new Error('refused');
      return items;
    }, { windowMs: 50, maxBatch: 2 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((i) => b.add(i)));
    expect(batches).toEqual([[1, 2], [3, 4]]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });

  it('an Error result rejects only its own caller', async () => {
    const b = new Batcher<number, number>(async (items) => items.map((i) => (i === 2 ? new Error(`item ${i} refused`) : i * 10)), { windowMs: 5 });
    const settled = await Promise.allSettled([1, 2, 3].map((i) => b.add(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('item 2 refused') },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('rejects the batch when write returns the wrong number of results', async () => {
    const b = new Batcher<number, number>(async () => [1], { windowMs: 1 });
    await expect(Promise.all([b.add(1), b.add(2)])).rejects.toThrow(/1 results for 2 items/);
  });

  it('a write that throws before returning its promise rejects its batch, and the next batch is written', async () => {
    let calls = 0;
    const b = new Batcher<number, number>(
      (items) => {
        if (calls++ === 0) throw new Error('refused at once');
        return Promise.resolve(items);
      },
      { windowMs: 1 },
    );
    await expect(Promise.all([b.add(1), b.add(2)])).rejects.toThrow('refused at once');
    expect(await b.add(3)).toBe(3);
  });

  it('writeAtOnceWhenIdle: writes at once after a quiet window, waits for the window right after a write', async () => {
    const { b, batches, startedAt } = recording({ windowMs: 200, writeAtOnceWhenIdle: true });
    const t0 = Date.now();
    await b.add(1);
    expect(startedAt[0]! - t0).toBeLessThan(100); // idle: not held back by the 200 ms window
    const t1 = Date.now();
    await Promise.all([b.add(2), b.add(3)]);
    expect(startedAt[1]! - t1).toBeGreaterThanOrEqual(150); // busy a moment ago: waits for company
    expect(batches).toEqual([[1], [2, 3]]);

    const { b: plain, startedAt: plainStarted } = recording({ windowMs: 100 });
    const t2 = Date.now();
    await plain.add(1);
    expect(plainStarted[0]! - t2).toBeGreaterThanOrEqual(80); // off (the default): the first item waits too
  });

  it('microtaskAfterQuietMs: after an idle spell a batch is written right after the code that added it; right after a write, or after a busy loop, it waits for the turn', async () => {
    const { b, batches } = recording({ windowMs: 0, writeAtOnceWhenIdle: true, microtaskAfterQuietMs: 20 });
    const order: string[] = [];
    setImmediate(() => order.push('turn'));
    await b.add(1);
    order.push('written');
    expect(order).toEqual(['written']); // on a microtask, before what the turn does next
    // A write a moment ago: what later microtasks of this turn add joins the batch.
    await Promise.all([b.add(2), Promise.resolve().then(() => b.add(3))]);
    expect(batches).toEqual([[1], [2, 3]]);
    // Quiet again: at once, alone.
    await sleep(30);
    await Promise.all([b.add(4), Promise.resolve().then(() => b.add(5))]);
    expect(batches).toEqual([[1], [2, 3], [4], [5]]);
    // No write for 30 ms, but the event loop was busy all along (a long task): the turn gathers what waited.
    await new Promise<void>((resolve) => setImmediate(() => {
      const until = Date.now() + 30;
      while (Date.now() < until);
      resolve();
    }));
    await Promise.all([b.add(6), Promise.resolve().then(() => b.add(7))]);
    expect(batches).toEqual([[1], [2, 3], [4], [5], [6, 7]]);
  });

  it('an urgent item, an item older than the window, and hurry() are written without waiting', async () => {
    const { b, batches, startedAt } = recording({ windowMs: 10_000 });
    let t = Date.now();
    await Promise.all([b.add(1), b.add(2, { urgent: true })]);
    expect(startedAt[0]! - t).toBeLessThan(1_000);
    t = Date.now();
    await b.add(3, { since: t - 10_000 });
    expect(startedAt[1]! - t).toBeLessThan(1_000);
    t = Date.now();
    const pending = b.add(4);
    await sleep(5);
    expect(batches).toHaveLength(2);
    b.hurry();
    await pending;
    expect(startedAt[2]! - t).toBeLessThan(1_000);
    expect(batches).toEqual([[1, 2], [3], [4]]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { Debouncer } from '../../collab/debouncer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Debouncer', () => {
  it('fires once, waitMs after the last touch', async () => {
    const runs: string[] = [];
    const d = new Debouncer<string>(30, 1_000, () => undefined);
    for (const v of ['a', 'b', 'c']) {
      d.touch('k', async () => void runs.push(v));
      await sleep(5);
    }
    await sleep(80);
    expect(runs).toEqual(['c']);
  });

  it('fires at the latest maxWaitMs after the first untouched change, however long the touching goes on', async () => {
    let runs = 0;
    const d = new Debouncer<string>(40, 100, () => undefined);
    const until = Date.now() + 260;
    while (Date.now() < until) {
      d.touch('k', async () => void runs++);
      await sleep(10);
    }
    expect(runs).toBeGreaterThanOrEqual(2);
    await d.flush();
  });

  it("never runs one key's runs at the same time: a later run starts after the earlier one has finished", async () => {
    const events: string[] = [];
    const d = new Debouncer<string>(1, 1, () => undefined);
    const slow = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await sleep(ms);
      events.push(`end ${name}`);
    };
    d.touch('k', slow('first', 60));
    await sleep(10); // the first is running now
    d.touch('k', slow('second', 1));
    d.touch('other', slow('other', 1));
    await sleep(10);
    await d.flush();
    expect(events.indexOf('start second')).toBeGreaterThan(events.indexOf('end first'));
    expect(events.indexOf('start other')).toBeLessThan(events.indexOf('end first')); // other keys are not held up
  });

  it('a failing run is reported and does not stop the next run of that key', async () => {
    const errors: unknown[] = [];
    const runs: string[] = [];
    const d = new Debouncer<string>(1, 1, (_k, e) => errors.push(e));
    d.touch('k', async () => {
      throw new Error('boom');
    });
    await sleep(5);
    d.touch('k', async () => void runs.push('after'));
    await d.flush();
    expect(errors).toHaveLength(1);
    expect(runs).toEqual(['after']);
  });

  it('a touch with its own quiet time (a large text: maxWaitMs) fires once per maxWaitMs, not after the usual quiet time', async () => {
    vi.useFakeTimers();
    try {
      const runs: number[] = [];
      const d = new Debouncer<string>(50, 1_000, () => undefined);
      const start = Date.now();
      const touch = () => d.touch('k', async () => void runs.push(Date.now() - start), 1_000);
      touch(); // a paste, then quiet
      await vi.advanceTimersByTimeAsync(500);
      expect(runs).toEqual([]); // the usual 50 ms quiet time has long passed
      await vi.advanceTimersByTimeAsync(500);
      expect(runs).toEqual([1_000]);
      for (let t = 0; t < 2_000; t += 100) { // more pastes every 100 ms: one run per second
        touch();
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(runs).toEqual([1_000, 2_000, 3_000]);
      d.touch('k', async () => void runs.push(-1)); // back to a small text: the usual quiet time
      await vi.advanceTimersByTimeAsync(60);
      expect(runs.at(-1)).toBe(-1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('with a jitter, keys typed into together from the same instant hit their ceilings spread out, never later than maxWaitMs', async () => {
    vi.useFakeTimers();
    try {
      const firstRun = new Map<number, number>();
      let draw = 0;
      // 20 keys, their ceilings drawn evenly over the jitter (a stand-in for Math.random).
      const d = new Debouncer<number>(250, 2_000, () => undefined, { maxWaitJitterMs: 500, random: () => (draw++ % 20) / 20 });
      const start = Date.now();
      for (let t = 0; t < 2_100; t += 50) { // every key typed into every 50 ms: never quiet for 250 ms
        for (let k = 0; k < 20; k++) d.touch(k, async () => void (firstRun.has(k) || firstRun.set(k, Date.now() - start)));
        await vi.advanceTimersByTimeAsync(50);
      }
      const at = [...firstRun.values()];
      expect(at).toHaveLength(20);
      expect(Math.max(...at)).toBeLessThanOrEqual(2_000);
      expect(Math.min(...at)).toBeGreaterThanOrEqual(1_500);
      // Spread over the jitter, not one burst: without it all 20 run at 2 000 ms.
      expect(Math.max(...at) - Math.min(...at)).toBeGreaterThanOrEqual(400);
      expect(new Set(at).size).toBeGreaterThanOrEqual(10);
      await d.flush();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a jitter does not make a large text (quiet time maxWaitMs) be stored more often than once per maxWaitMs', async () => {
    vi.useFakeTimers();
    try {
      const runs: number[] = [];
      const d = new Debouncer<string>(50, 1_000, () => undefined, { maxWaitJitterMs: 500, random: () => 0.99 });
      const start = Date.now();
      for (let t = 0; t < 3_000; t += 100) {
        d.touch('k', async () => void runs.push(Date.now() - start), 1_000);
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(runs).toEqual([1_000, 2_000, 3_000]);
    } finally {
      vi.useRealTimers();
    }
  });
});

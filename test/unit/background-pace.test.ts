import { describe, expect, it } from 'vitest';
import { whenLoopHasTime, type PaceOptions } from '../../server/ops/background-pace.js';
import { busyLoop } from '../helpers/busy-loop.js';

const PACE: PaceOptions = { busyShare: 0.3, sampleMs: 50, maxDeferMs: 600 };

describe('whenLoopHasTime', () => {
  it('goes on after one window when the loop is idle', async () => {
    const waited = await whenLoopHasTime(PACE, Date.now(), () => false);
    expect(waited).toBeGreaterThanOrEqual(PACE.sampleMs - 5);
    expect(waited).toBeLessThan(PACE.sampleMs * 4);
  });

  it('waits while the loop is busy, and at most maxDeferMs after the work became due', async () => {
    const stop = busyLoop(15);
    try {
      const waited = await whenLoopHasTime(PACE, Date.now(), () => false);
      expect(waited).toBeGreaterThanOrEqual(PACE.maxDeferMs - 5);
      expect(waited).toBeLessThan(PACE.maxDeferMs + 400);
      // Overdue: one window per slice, however busy the loop
      const overdue = await whenLoopHasTime(PACE, Date.now() - PACE.maxDeferMs, () => false);
      expect(overdue).toBeLessThan(PACE.sampleMs * 4);
    } finally {
      stop();
    }
  });

  it('goes on at once when told to (a flush or a shutdown)', async () => {
    const stop = busyLoop(15);
    try {
      let urgent = false;
      setTimeout(() => (urgent = true), 100);
      const waited = await whenLoopHasTime(PACE, Date.now(), () => urgent);
      expect(waited).toBeLessThan(400);
    } finally {
      stop();
    }
  });
});

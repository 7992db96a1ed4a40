/**
 * The soak's figures from its memory samples: the RSS slope, and the slope of the live heap's floor (the lowest heap
 * used in each window: what survives the full collections, without the garbage waiting for the next one).
 */

export interface SoakSample {
  t: number;
  phase: 1 | 2;
  rss: number;
  heap: number;
  heapTotal: number;
  external: number;
  oldSpace: number;
  largeObjects: number;
  /** Committed sizes of the young generation and of old space (V8 keeps pages it may need again). */
  newSpaceTotal: number;
  oldSpaceTotal: number;
  /** Characters typed so far, all editors (what the documents grew by, net of resets). */
  typedChars: number;
}

/** Least-squares slope of `value` over t, in MB per minute; NaN with fewer than 3 points. */
export function slopeMbPerMin(points: readonly { t: number }[], value: (p: any) => number): number {
  const n = points.length;
  if (n < 3) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + value(p), 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mx) * (value(p) - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mx) ** 2, 0);
  return ((num / den) * 60) / 1024 / 1024;
}

/** The sample with the lowest heap used in each window of `windowS` seconds (at least two full GCs per window). */
export function heapFloor(points: readonly SoakSample[], windowS = 60): SoakSample[] {
  const out: SoakSample[] = [];
  if (!points.length) return out;
  const start = points[0]!.t;
  for (const p of points) {
    const w = Math.floor((p.t - start) / windowS);
    const i = out.findIndex((q) => Math.floor((q.t - start) / windowS) === w);
    if (i < 0) out.push(p);
    else if (p.heap < out[i]!.heap) out[i] = p;
  }
  return out;
}

/** Each server's samples after the first `skip` of them (warm-up: a third by default). */
export function warm(samples: readonly SoakSample[], phase: 1 | 2, skip = 1 / 3): SoakSample[] {
  const ps = samples.filter((s) => s.phase === phase);
  return ps.slice(Math.floor(ps.length * skip));
}

/** Characters typed per minute over the points (the documents' own growth). */
export function charsPerMin(points: readonly SoakSample[]): number {
  if (points.length < 2) return Number.NaN;
  const a = points[0]!;
  const b = points.at(-1)!;
  return ((b.typedChars - a.typedChars) / (b.t - a.t)) * 60;
}

/** The figures a bench run collects, per scenario (and per peer where several are compared). */
import type { P1Result } from '../scenarios/p1.js';
import type { P2Result } from '../scenarios/p2.js';
import type { P3Result } from '../scenarios/p3.js';
import type { P4Result } from '../scenarios/p4.js';
import type { P5Result } from '../scenarios/p5.js';

/** A peer's figures over the runs. */
export type PerPeer<T> = Map<string, T[]>;
export const push = <T>(m: PerPeer<T>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);

export const PG_NAME = 'motebok (PostgreSQL)';
/** motebok on SQLite with its search indexer stopped: P1's A/B of "typing latency unchanged by indexing" (issue 14). */
export const NO_INDEX_NAME = 'motebok (SQLite, search index off)';

export const figures = {
  p1a: new Map() as PerPeer<P1Result>,
  p1b: new Map() as PerPeer<P1Result>,
  p2: new Map() as PerPeer<P2Result>,
  p3: [] as P3Result[],
  /** motebok executed (private cache bypassed), motebok answered from its private cache, the in-memory ceiling. */
  p4: { motebok: [] as P4Result[], cached: [] as P4Result[], ceiling: [] as P4Result[] },
  p5: [] as P5Result[],
  /** What failed, one line each. */
  problems: [] as string[],
  /** Why motebok on PostgreSQL was not measured ('' when it was). */
  pgSkipped: '',
  /** Why the two instances were not measured ('' when they were). */
  clusterSkipped: '',
  /** The name of the two-instance peer, once it started. */
  clusterName: '',
};

/**
 * Keeps the search index current. The services publish an event for every change of a meeting (server/pubsub.ts);
 * each marks the meeting dirty here, and dirty meetings are re-indexed together once changes have been quiet for
 * `quietMs` (and at least every `maxWaitMs` while they go on). Live typing stores its texts every quarter second or so
 * and publishes decisionUpdated each time: the typing path only adds a meeting id to a set. The re-index runs in
 * slices of `sliceSize` meetings (a transaction each), each when the event loop has time to spare
 * (server/ops/background-pace.ts): it shares the loop with live typing and must not queue keystrokes behind it, so
 * the index follows within seconds when the server has time, and within `pace.maxDeferMs` when it has none.
 *
 * At start, and whenever `catchUp()` is called, meetings that were changed without an event reaching this process
 * (the seed, an import run from the command line, a crash before a pending re-index) are found by comparing their
 * rows' updatedAt with when they were indexed, and indexed in batches.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { AgendaItem, Meeting, ProtocolEntry, SubItem } from '../../schema/entities/index.js';
import { RowReader } from '../db/rows.js';
import { backgroundWork } from '../db/sql-logger.js';
import { DEFAULT_PACE, whenLoopHasTime, type PaceOptions } from '../ops/background-pace.js';
import { createLoaders } from '../graphql/loaders.js';
import { meetingEntries } from './entries.js';
import type { SearchStore } from './port.js';

export interface IndexerOptions {
  quietMs: number;
  maxWaitMs: number;
  /** Meetings per transaction when catching up or rebuilding. */
  batchSize: number;
  /** Meetings per transaction when following changes (each slice waits for the loop to have time). */
  sliceSize: number;
  pace: PaceOptions;
  /** Called after each batch is stored (search answers changed): the public response cache forgets its answers. */
  onIndexed: () => void;
}

const DEFAULTS: IndexerOptions = { quietMs: 1000, maxWaitMs: 30_000, batchSize: 100, sliceSize: 20, pace: DEFAULT_PACE, onIndexed: () => undefined };

export class SearchIndexer {
  private readonly options: IndexerOptions;
  private readonly dirty = new Set<string>();
  private firstDirtyAt = 0;
  private lastTouchAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private catchingUp: Promise<void> = Promise.resolve();
  private closed = false;
  /** Flushes waiting: paced work stops waiting for the loop to have time. */
  private flushing = 0;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly storeFor: (em: EntityManager) => SearchStore,
    private readonly log: Logger,
    options: Partial<IndexerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** A meeting changed: re-index it soon. Cheap enough to call per keystroke. */
  touch(meetingId: string): void {
    if (this.closed) return;
    const now = Date.now();
    if (!this.dirty.size) this.firstDirtyAt = now;
    this.lastTouchAt = now;
    this.dirty.add(meetingId);
    this.timer ??= setTimeout(() => this.due(), this.options.quietMs);
  }

  /** Re-indexes every dirty meeting now (after a catch-up under way) and waits until it is stored. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      await this.catchingUp;
      this.clearTimer();
      await this.runDirty(false);
    } finally {
      this.flushing--;
    }
  }

  /** Finds and indexes meetings the index lags behind (see the module comment); runs in the background. */
  catchUp(): Promise<void> {
    this.catchingUp = this.catchingUp.then(() => this.doCatchUp()).catch((err) => {
      this.log.error({ err }, 'search index: catching up failed');
    });
    return this.catchingUp;
  }

  /**
   * Re-indexes the given meetings in batches; resolves when stored. Now, or `paced`: each batch when the loop has time
   * (catching up in the background).
   */
  async reindex(meetingIds: string[], paced = false): Promise<void> {
    const dueAt = Date.now();
    for (let i = 0; i < meetingIds.length; i += this.options.batchSize) {
      const batch = meetingIds.slice(i, i + this.options.batchSize);
      if (paced) await whenLoopHasTime(this.options.pace, dueAt, this.urgent);
      await this.serial(() => this.indexBatch(batch));
      await new Promise((r) => setImmediate(r)); // let requests in between batches
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.clearTimer();
  }

  private readonly urgent = (): boolean => this.closed || this.flushing > 0;

  private due(): void {
    this.timer = null;
    const now = Date.now();
    const deadline = Math.min(this.lastTouchAt + this.options.quietMs, this.firstDirtyAt + this.options.maxWaitMs);
    if (deadline > now) {
      this.timer = setTimeout(() => this.due(), deadline - now);
      return;
    }
    void this.runDirty(true);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Re-indexes the dirty meetings: now, or `paced` (a slice at a time, each when the loop has time). */
  private runDirty(paced: boolean): Promise<void> {
    const dueAt = Date.now();
    return this.serial(async () => {
      while (this.dirty.size) {
        if (paced) await whenLoopHasTime(this.options.pace, dueAt, this.urgent);
        const batch = [...this.dirty].slice(0, paced ? this.options.sliceSize : this.options.batchSize);
        for (const id of batch) this.dirty.delete(id);
        try {
          await this.indexBatch(batch);
        } catch (err) {
          // Keep them dirty and try again later, instead of at once in a loop.
          this.log.error({ err, meetings: batch.length }, 'search index: re-indexing failed; retrying later');
          for (const id of batch) this.dirty.add(id);
          this.firstDirtyAt = this.lastTouchAt = Date.now();
          if (!this.closed) this.timer ??= setTimeout(() => this.due(), this.options.maxWaitMs);
          return;
        }
      }
    });
  }

  /** Runs one thing at a time: batches never overlap, so a later state is always written last. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.running.then(fn);
    this.running = next.catch(() => undefined);
    return next;
  }

  private indexBatch(meetingIds: string[]): Promise<void> {
    return backgroundWork.run('search-index', async () => {
      const indexedAt = Date.now();
      // Read with one EntityManager, write with another that holds nothing: the loaders load some managed entities
      // (references, protocol entries), and a transaction on their EntityManager would flush them — a domain write.
      const reader = this.fork();
      const batch = await meetingEntries(createLoaders(reader), meetingIds);
      reader.clear();
      await this.storeFor(this.fork()).replace(batch, indexedAt);
      this.options.onIndexed();
    });
  }

  private async doCatchUp(): Promise<void> {
    const em = this.fork();
    const started = Date.now();
    const [indexed, changed] = await backgroundWork.run('search-index', () => Promise.all([this.storeFor(em).indexedMeetings(), lastChanges(em)]));
    const stale = [...changed].filter(([id, at]) => (indexed.get(id) ?? -1) < at).map(([id]) => id);
    const gone = [...indexed.keys()].filter((id) => !changed.has(id));
    if (!stale.length && !gone.length) return;
    this.log.info({ stale: stale.length, gone: gone.length }, 'search index: catching up');
    await this.reindex([...stale, ...gone], true);
    this.log.info({ meetings: stale.length + gone.length, ms: Date.now() - started }, 'search index: caught up');
  }
}

const toMs = (v: unknown): number => {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return /^\d+$/.test(v) ? Number(v) : new Date(v).getTime();
  return 0;
};

/** Per meeting, the latest updatedAt of the meeting and of its items, sub-items and protocol entries (epoch ms). */
async function lastChanges(em: EntityManager): Promise<Map<string, number>> {
  const rows = new RowReader(em);
  const [mId, mAt] = [rows.column(Meeting, 'id'), rows.column(Meeting, 'updatedAt')];
  const [iId, iMeeting, iAt] = [rows.column(AgendaItem, 'id'), rows.column(AgendaItem, 'meeting'), rows.column(AgendaItem, 'updatedAt')];
  const queries = [
    `select ${mId} as id, ${mAt} as at from ${rows.table(Meeting)}`,
    `select ${iMeeting} as id, max(${iAt}) as at from ${rows.table(AgendaItem)} group by ${iMeeting}`,
    `select i.${iMeeting} as id, max(s.${rows.column(SubItem, 'updatedAt')}) as at from ${rows.table(SubItem)} s ` +
      `join ${rows.table(AgendaItem)} i on i.${iId} = s.${rows.column(SubItem, 'agendaItem')} group by i.${iMeeting}`,
    `select i.${iMeeting} as id, max(p.${rows.column(ProtocolEntry, 'updatedAt')}) as at from ${rows.table(ProtocolEntry)} p ` +
      `join ${rows.table(AgendaItem)} i on i.${iId} = p.${rows.column(ProtocolEntry, 'agendaItem')} group by i.${iMeeting}`,
  ];
  const latest = new Map<string, number>();
  const [meetings, ...children] = await Promise.all(queries.map((sql) => rows.rows(sql, [])));
  for (const r of meetings!) latest.set(String(r.id), toMs(r.at));
  for (const list of children) {
    for (const r of list) {
      const id = String(r.id);
      if (latest.has(id)) latest.set(id, Math.max(latest.get(id)!, toMs(r.at)));
    }
  }
  return latest;
}

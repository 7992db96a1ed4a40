/**
 * The file store in PostgreSQL (when DATABASE_URL is PostgreSQL): every instance reads what any instance stored,
 * with no other service. A blob is a row of file_blob and its bytes in 1 MiB rows of file_chunk (bytea), written in
 * one transaction: a crash mid-write rolls back, so a blob is whole or absent. Uploads are staged on local disk
 * first (staging.ts), so a slow client never holds a transaction open.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/core';
import { boundRows, type BindingConnection } from '../db/bound-sql.js';
import { SHA256_HEX, type ByteRange, type FileStore, type StagedFile } from './port.js';
import { discardStaged, putStaged, stageStream, sweepStaging } from './staging.js';

export const CHUNK_BYTES = 1024 * 1024;

export const FILE_BLOB_DDL = [
  'create table if not exists file_blob (sha256 varchar(64) primary key, size bigint not null, created_at timestamptz not null default now())',
  `create table if not exists file_chunk (sha256 varchar(64) not null references file_blob (sha256) on delete cascade,
    seq integer not null, data bytea not null, primary key (sha256, seq))`,
];

export class PostgresFileStore implements FileStore {
  readonly kind = 'postgresql' as const;

  constructor(
    private readonly em: () => EntityManager,
    readonly stagingDir: string,
  ) {}

  stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    return stageStream(source, this.stagingDir, maxBytes);
  }

  async commit(staged: StagedFile): Promise<void> {
    try {
      await this.em().transactional(async (em) => {
        // Bound parameters (server/db/bound-sql.ts): MikroORM's execute would write each 1 MiB chunk into the SQL text.
        const conn = em.getConnection() as unknown as BindingConnection;
        const ctx = em.getTransactionContext();
        const inserted = await boundRows(conn, 'insert into file_blob (sha256, size) values (?, ?) on conflict (sha256) do nothing returning sha256', [staged.sha256, staged.size], ctx);
        if (!inserted.length) return; // the same bytes are stored already
        let seq = 0;
        for await (const chunk of createReadStream(staged.path, { highWaterMark: CHUNK_BYTES })) {
          await boundRows(conn, 'insert into file_chunk (sha256, seq, data) values (?, ?, ?)', [staged.sha256, seq++, chunk], ctx);
        }
      });
    } finally {
      await rm(staged.path, { force: true });
    }
  }

  discard(staged: StagedFile): Promise<void> {
    return discardStaged(staged);
  }

  put(source: Readable, maxBytes: number): Promise<{ sha256: string; size: number }> {
    return putStaged(this, source, maxBytes);
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const conn = this.em().getConnection();
    const row = (await conn.execute<Array<{ size: string | number }>>('select size from file_blob where sha256 = ?', [sha256]))[0];
    if (!row) return null;
    const size = Number(row.size);
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (size === 0 || end < start) return Readable.from([]);
    const first = Math.floor(start / CHUNK_BYTES);
    const last = Math.floor(end / CHUNK_BYTES);
    const BATCH = 4;
    async function* chunks() {
      for (let from = first; from <= last; from += BATCH) {
        const to = Math.min(last, from + BATCH - 1);
        const rows = await conn.execute<Array<{ seq: number; data: Buffer }>>(
          'select seq, data from file_chunk where sha256 = ? and seq between ? and ? order by seq',
          [sha256, from, to],
        );
        for (const r of rows) {
          const offset = r.seq * CHUNK_BYTES;
          const a = Math.max(0, start - offset);
          const b = Math.min(r.data.length, end - offset + 1);
          yield r.data.subarray(a, b);
        }
      }
    }
    return Readable.from(chunks());
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    const rows = await this.em().getConnection().execute<Array<{ n: number }>>('select 1 as n from file_blob where sha256 = ?', [sha256]);
    return rows.length > 0;
  }

  async delete(sha256: string): Promise<void> {
    await this.em().getConnection().execute('delete from file_blob where sha256 = ?', [sha256], 'run');
  }

  async sweep(): Promise<void> {
    await sweepStaging(this.stagingDir);
  }

  async close(): Promise<void> {}
}

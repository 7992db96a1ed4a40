/**
 * Staging of uploads: a stream written to a temporary file in the staging folder while it is hashed (SHA-256) and
 * counted, then fsynced. Names carry the process id, so that a restarted server removes what a killed one left
 * (sweepStaging) without touching the uploads of another live process sharing the folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import type { FileStore, StagedFile } from './port.js';

const PREFIX = 'upload-';

export function fileTooLarge(maxBytes: number): AppError {
  return new AppError('FILE_TOO_LARGE', `The file is larger than the ${formatBytes(maxBytes)} the server accepts.`, {
    http: { status: 413 },
    maxBytes,
  });
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} bytes`;
}

export async function stageStream(source: Readable, dir: string, maxBytes: number): Promise<StagedFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${PREFIX}${process.pid}-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  // Beyond the limit the rest is read and dropped, not refused mid-stream: destroying a multipart parser's file
  // stream while it waits on backpressure would stall the parser (and the request) for good.
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done();
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    if (size > maxBytes) throw fileTooLarge(maxBytes);
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { path, sha256: hash.digest('hex'), size };
}

/** Removes staged files whose process is gone (a crash mid-upload); the live ones of other processes stay. */
export async function sweepStaging(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = /^upload-(\d+)-/.exec(name);
    const pid = Number(m?.[1]);
    if (!m || pid === process.pid || alive(pid)) continue; // a live upload, ours or another process's
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A store's `put`: stage (hash, count, fsync), then commit under the checksum — the one way both stores write. */
export async function putStaged(
  store: Pick<FileStore, 'stage' | 'commit'>,
  source: Readable,
  maxBytes: number,
): Promise<{ sha256: string; size: number }> {
  const staged = await store.stage(source, maxBytes);
  await store.commit(staged);
  return { sha256: staged.sha256, size: staged.size };
}

/** A store's `discard`: the staged file goes. */
export async function discardStaged(staged: StagedFile): Promise<void> {
  await rm(staged.path, { force: true });
}

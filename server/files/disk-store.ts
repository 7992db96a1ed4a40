/**
 * The file store on the local disk (the embedded default): blobs under <root>/blobs/ab/<sha256>, staged uploads in
 * <root>/tmp on the same file system, so that committing is a rename: a blob is visible whole or not at all.
 */
import { createReadStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256_HEX, type ByteRange, type FileStore, type StagedFile } from './port.js';
import { discardStaged, putStaged, stageStream, sweepStaging } from './staging.js';

export class DiskFileStore implements FileStore {
  readonly kind = 'disk' as const;
  readonly stagingDir: string;

  constructor(readonly root: string) {
    this.stagingDir = join(root, 'tmp');
  }

  blobPath(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    return stageStream(source, this.stagingDir, maxBytes);
  }

  async commit(staged: StagedFile): Promise<void> {
    const target = this.blobPath(staged.sha256);
    if (await this.has(staged.sha256)) {
      await rm(staged.path, { force: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(staged.path, target);
    await syncDir(dirname(target)); // the rename itself survives a power cut
  }

  discard(staged: StagedFile): Promise<void> {
    return discardStaged(staged);
  }

  put(source: Readable, maxBytes: number): Promise<{ sha256: string; size: number }> {
    return putStaged(this, source, maxBytes);
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return createReadStream(this.blobPath(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      await access(this.blobPath(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<void> {
    if (SHA256_HEX.test(sha256)) await rm(this.blobPath(sha256), { force: true });
  }

  async sweep(): Promise<void> {
    await sweepStaging(this.stagingDir);
  }

  async close(): Promise<void> {}
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  } finally {
    await fh.close();
  }
}

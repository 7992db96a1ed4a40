/**
 * SQLite's WAL checkpoints, off the event loop.
 *
 * In WAL mode every commit appends pages to the -wal file, and a checkpoint copies them back into the database file,
 * with an fsync of the WAL and one of the database (synchronous = normal: the commits themselves write without an
 * fsync). SQLite's automatic checkpoint runs inside the commit that takes the WAL past `wal_autocheckpoint` pages
 * (1 000 by default), on the thread that committed: here the event loop, which then waits for both fsyncs and the page
 * copy while live typing waits behind it (on this machine an fsync takes ≈ 3 ms, up to 25; 200 documents typing took
 * 14 such checkpoints in 6 s, ≈ 120 ms of a stalled loop: bench/PROFILE-NOTES.md "Lead, session 8").
 *
 * So a worker thread with a connection of its own runs `wal_checkpoint(PASSIVE)` every `everyMs`: it copies what the
 * WAL holds while the event loop goes on committing (PASSIVE never blocks a writer or waits for one), and does nothing
 * (no fsync) when nothing was committed since. The serving connections keep an automatic checkpoint only as a bound
 * (`BOUNDED_AUTOCHECKPOINT_PAGES`): SQLite starts the WAL over only when it has been copied entirely, which under
 * continuous writes may not happen between two commits; the bounding checkpoint then finds the pages already copied
 * and costs the event loop the fsyncs alone. If the worker cannot run, that bound is the only checkpoint: the server
 * works on, with larger stalls, and says so in the log.
 *
 * Durability is unchanged: a commit is in the WAL when it returns, whoever copies it later, and a WAL that was not
 * copied is replayed when the database is next opened.
 *
 * Opt-in (SQLITE_CHECKPOINT=background): the thread costs ≈ 10 MB of RSS (its own V8 isolate), and with 200
 * documents typed in at once it halved the event loop's blocks over 5 ms but did not move the keystrokes' p99
 * measurably (PROFILE-NOTES, "Lead, session 8"). Worth it where many documents are written continuously on a slow disk.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/** `wal_autocheckpoint` of the serving connections while the checkpointer runs (pages of 4 KiB: 32 MiB). */
export const BOUNDED_AUTOCHECKPOINT_PAGES = 8_000;

export interface CheckpointStats {
  /** Checkpoints that copied something. */
  checkpoints: number;
  /** WAL frames copied into the database file. */
  framesCopied: number;
  errors: number;
}

export interface SqliteCheckpointer {
  readonly stats: CheckpointStats;
  /** Stops the worker and closes its connection (before the server's own connections close). */
  stop(): Promise<void>;
}

/** The worker (CommonJS, evaluated): one connection, one statement, a timer. Messages: 'stop' in; results out. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path);
db.exec('pragma busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let copied = -1;
let timer = null;
function tick() {
  try {
    const r = checkpoint.get();
    // r.log: frames in the WAL; r.checkpointed: frames in the database file. Report only progress.
    if (r.checkpointed !== copied && r.checkpointed > 0) parentPort.postMessage({ type: 'copied', log: r.log, checkpointed: r.checkpointed, before: Math.max(copied, 0) });
    copied = r.checkpointed;
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  }
  timer = setTimeout(tick, workerData.everyMs);
}
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  try { db.close(); } catch {}
  parentPort.postMessage({ type: 'stopped' });
});
timer = setTimeout(tick, workerData.everyMs);
`;

/** Starts checkpointing the SQLite file at `path` in a worker thread every `everyMs`. */
export function startSqliteCheckpointer(path: string, log: Logger, options: { everyMs?: number } = {}): SqliteCheckpointer {
  const stats: CheckpointStats = { checkpoints: 0, framesCopied: 0, errors: 0 };
  const libsql = createRequire(import.meta.url).resolve('libsql');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, libsql, everyMs: options.everyMs ?? 500 }, execArgv: [] });
  worker.unref();
  let stopped: Promise<void> | null = null;
  let lastError = '';
  worker.on('message', (m: { type: string; log?: number; checkpointed?: number; before?: number; message?: string }) => {
    if (m.type === 'copied') {
      stats.checkpoints++;
      // After the WAL starts over, `checkpointed` counts from 0 again.
      stats.framesCopied += m.checkpointed! >= m.before! ? m.checkpointed! - m.before! : m.checkpointed!;
    } else if (m.type === 'error') {
      stats.errors++;
      // A full disk says so on every tick: log each distinct error once in a row.
      if (m.message !== lastError) log.warn({ err: m.message, path }, 'sqlite: background checkpoint failed; retrying');
      lastError = m.message ?? '';
    }
  });
  worker.on('error', (error) => {
    log.error({ err: error, path }, 'sqlite: the checkpoint worker failed; SQLite checkpoints on the event loop now');
  });
  let exited = false;
  worker.once('exit', () => (exited = true));
  return {
    stats,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (exited) return resolve(); // it died earlier (logged then): nothing to wait for
        const timer = setTimeout(() => void worker.terminate().then(done, done), 2_000); // hangs in a checkpoint
        function done() {
          clearTimeout(timer);
          resolve();
        }
        worker.once('exit', done);
        worker.on('message', (m: { type: string }) => {
          if (m.type === 'stopped') void worker.terminate().then(done, done);
        });
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}

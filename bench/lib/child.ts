/**
 * Child processes for the peers: every server runs in a process of its own (own env, own event loop, own heap), so
 * the one load generator in the parent process drives each in turn without sharing a CPU thread with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Child {
  proc: ChildProcess;
  /** Sends a request over IPC (children started with `ipc: true`) and resolves with the answer. */
  request<T = any>(type: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  /** Resolves with the first IPC message of the given type (e.g. "ready"). */
  waitMessage<T = any>(type: string, timeoutMs: number): Promise<T>;
  output(): string;
  /** CPU time (user + system) the process has used so far, in ms (Linux /proc; 10 ms resolution). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (utime + stime) of a process, in ms, from /proc/<pid>/stat; NaN when it cannot be read. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": field 3 is state
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // fields 14 and 15: utime, stime
  } catch {
    return Number.NaN;
  }
}

/**
 * How often the process's main thread was preempted so far: its involuntary context switches (Linux
 * /proc/<pid>/status of the thread-group leader); NaN when it cannot be read. On a small machine the load generator's
 * receivers, woken one by one by a broadcast, preempt the server on its own CPU: the longer the server has run since
 * it woke, the more often (bench/PROFILE-NOTES.md, "Lead, session 9").
 */
export function mainThreadPreemptions(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A free loopback TCP port (bound to 0, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function startChild(args: string[], env: NodeJS.ProcessEnv, opts: { ipc?: boolean } = {}): Child {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 20_000) out = out.slice(-10_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const waiters: Array<{ type: string; resolve(v: unknown): void }> = [];
  proc.on('message', (m: any) => {
    if (m && typeof m.id === 'number' && pending.has(m.id)) {
      const p = pending.get(m.id)!;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(`child: ${m.error}`));
      else p.resolve(m.result);
      return;
    }
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i]!.type === m?.type) {
        waiters.splice(i, 1)[0]!.resolve(m);
        return;
      }
    }
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`child exited:\n${out.slice(-2000)}`));
    pending.clear();
  });
  return {
    proc,
    output: () => out,
    cpuMs: () => processCpuMs(proc.pid),
    request(type, payload, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`child request ${type} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as any);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        proc.send({ id, type, payload });
      });
    },
    waitMessage(type, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child did not send ${type} within ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
        void exited.then(() => reject(new Error(`child exited before ${type}:\n${out.slice(-3000)}`)));
        waiters.push({
          type,
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as any);
          },
        });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!done) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Child side: answers the parent's IPC requests with the given handlers. */
export function serveIpc(handlers: Record<string, (payload: any) => unknown>): void {
  process.on('message', async (m: any) => {
    if (!m || typeof m.id !== 'number') return;
    const h = handlers[m.type];
    try {
      if (!h) throw new Error(`no handler for ${m.type}`);
      const result = await h(m.payload);
      process.send!({ id: m.id, result });
    } catch (error) {
      process.send!({ id: m.id, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
    }
  });
}

/** Heap after a full collection (children run with --expose-gc). */
export function gcHeap(): { heapUsed: number; rss: number; external: number; arrayBuffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../lib/child.js';
import type { Peer } from './types.js';

/** Hocuspocus (own protocol; driven with @hocuspocus/provider) storing to SQLite, in a child process. */
export async function startHocuspocus(opts: { docs: number }): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hocuspocus-'));
  const child = startChild(['--expose-gc', '--import', 'tsx', 'bench/peers/hocuspocus-server.ts'], {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    BENCH_SQLITE_FILE: join(dir, 'hocuspocus.sqlite'),
  }, { ipc: true });
  const { port } = await child.waitMessage<{ port: number }>('ready', 30_000);
  return {
    name: 'Hocuspocus (SQLite)',
    wire: 'hocuspocus',
    pid: child.proc.pid,
    wsUrl: `ws://127.0.0.1:${port}`,
    singleDoc: 'bench-single',
    manyDocs: Array.from({ length: opts.docs }, (_, i) => `bench-doc-${i}`),
    textPath: { kind: 'root', name: 'decision' },
    heap: () => child.request('heap'),
    cpuMs: () => child.cpuMs(),
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The reference y-websocket server (@y/websocket-server 0.1.1, the last release on Yjs 13), started exactly as its
 * package ships it (src/server.js) in a child process with its own env: in memory, or with its LevelDB persistence,
 * which that file turns on when YPERSISTENCE names a directory (every update is stored through y-leveldb as it comes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild } from '../lib/child.js';
import { waitUntil } from '../lib/stats.js';
import type { Peer } from './types.js';

export async function startYWebsocket(opts: { persistence: boolean; docs: number }): Promise<Peer> {
  const port = await freePort();
  const dir = opts.persistence ? mkdtempSync(join(tmpdir(), 'bench-yleveldb-')) : null;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), NODE_ENV: 'production' };
  if (dir) env.YPERSISTENCE = dir;
  const child = startChild(['--expose-gc', 'node_modules/@y/websocket-server/src/server.js'], env);
  await waitUntil(() => child.output().includes('running at'), 20_000, 'the y-websocket server to listen', 20);
  return {
    name: opts.persistence ? 'y-websocket (LevelDB)' : 'y-websocket (memory)',
    wire: 'y-websocket',
    pid: child.proc.pid,
    wsUrl: `ws://127.0.0.1:${port}`,
    singleDoc: 'bench-single',
    manyDocs: Array.from({ length: opts.docs }, (_, i) => `bench-doc-${i}`),
    textPath: { kind: 'root', name: 'decision' },
    cpuMs: () => child.cpuMs(),
    async stop() {
      await child.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

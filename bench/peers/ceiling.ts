/**
 * The P4 ceiling in a child process of its own (bench/peers/ceiling-server.ts), with the same environment as the
 * motebok child (NODE_ENV=production, --expose-gc, tsx), serving a copy of the answer motebok gave.
 */
import { startChild, type Child } from '../lib/child.js';

export interface CeilingPeer {
  url: string;
  child: Child;
  /** CPU ms the ceiling's own process has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startCeiling(meeting: unknown, opts: { nodeArgs?: string[] } = {}): Promise<CeilingPeer> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_'))),
  };
  const child = startChild([...(opts.nodeArgs ?? []), '--expose-gc', '--import', 'tsx', 'bench/peers/ceiling-server.ts'], env, { ipc: true });
  try {
    await child.waitMessage('ready', 60_000);
    const url = await child.request<string>('start', meeting);
    return { url, child, cpuMs: () => child.cpuMs(), stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

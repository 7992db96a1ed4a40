/**
 * Child process: the P4 ceiling (bench/lib/ceiling.ts) alone, so that its CPU and heap are its own and it does not
 * collect garbage the motebok process made (p4c: in one process the ceiling's CPU per request moved with motebok's
 * allocation). It is started empty and serves once the parent sends the answer to copy (`start`).
 */
import { gcHeap, serveIpc } from '../lib/child.js';
import { startAllocSampling, stopAllocSampling } from '../lib/alloc-sampling.js';
import { startCeilingServer } from '../lib/ceiling.js';

let ceiling: { url: string; stop(): Promise<void> } | null = null;

serveIpc({
  start: async (data: unknown) => {
    if (ceiling) throw new Error('the ceiling is already serving');
    ceiling = await startCeilingServer(data);
    return ceiling.url;
  },
  heap: () => gcHeap(),
  allocStart: () => startAllocSampling(),
  allocStop: (top?: number) => stopAllocSampling(top),
});

process.on('SIGTERM', () => {
  void (async () => {
    try {
      await ceiling?.stop();
    } finally {
      process.exit(0);
    }
  })();
});

process.send!({ type: 'ready' });

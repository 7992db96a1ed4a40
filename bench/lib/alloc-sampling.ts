/**
 * Bytes allocated by this process between start() and stop(), by V8's sampling heap profiler with the objects that
 * garbage collection has already freed included (what a request costs in allocation, not what it leaves live), and
 * the functions that allocated most (self bytes, by "function url:line").
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

let session: Session | null = null;

export async function startAllocSampling(samplingInterval = 4096): Promise<void> {
  session ??= new Session();
  try {
    session.connect();
  } catch {
    // already connected
  }
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
}

export async function stopAllocSampling(
  top = 25,
): Promise<{ bytes: number; top: Array<[string, number]>; owners: Array<[string, number]> }> {
  if (!session) throw new Error('sampling was not started');
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
  const bySite = new Map<string, number>();
  /** Bytes by the innermost function of ours (collab/, server/, schema/) on the stack: who made the library allocate. */
  const byOwner = new Map<string, number>();
  const ours = (f: ProfileNode['callFrame']) => /\/(collab|server|schema)\//.test(f.url) && !f.url.includes('node_modules');
  let bytes = 0;
  const name = (f: ProfileNode['callFrame']) =>
    `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/(server|schema|bench|collab)\//, '$1/')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  // A builtin (Map, Set, Promise, Array.from… have no url) is named with the function that called it.
  const walk = (n: ProfileNode, parent: ProfileNode | null, owner: string) => {
    bytes += n.selfSize;
    const own = ours(n.callFrame) ? name(n.callFrame) : owner;
    if (n.selfSize) {
      const where = n.callFrame.url || !parent ? name(n.callFrame) : `${name(n.callFrame)} ← ${name(parent.callFrame)}`;
      bySite.set(where, (bySite.get(where) ?? 0) + n.selfSize);
      byOwner.set(own, (byOwner.get(own) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, n, own);
  };
  walk(profile.head, null, '(none of ours)');
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { bytes, top: sorted(bySite), owners: sorted(byOwner) };
}

/**
 * Keeps this process's event loop busy for `busyMs` of every 20 ms until the returned function is called: the load
 * that live typing puts on the loop, for tests of work that must yield to it.
 */
export function busyLoop(busyMs: number): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + busyMs;
    while (performance.now() < until);
  }, 20 - busyMs);
  return () => clearInterval(timer);
}

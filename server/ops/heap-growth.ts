/**
 * How far V8 lets the heap grow between full garbage collections.
 *
 * After each full collection V8 sets the next one's threshold at the live heap times a growing factor. With a heap
 * limit of 2 GB or more (any machine with ≥ 16 GB of memory) that factor goes up to 4 while the program allocates
 * fast, so a server with ≈ 100 MB live lets short-lived garbage that survived two young collections (a debounced
 * text, a batch waiting for its commit, a request in flight) pile up to ≈ 400 MB before collecting it, and keeps
 * those pages: its RSS climbs by hundreds of MB after start and saw-tooths there, with nothing leaking (the soak,
 * bench/PROFILE-NOTES.md "Memory"). A fixed factor of 1 + percent/100 keeps the threshold close to what is live.
 * V8 reads the flag at every full collection, so setting it at start-up takes effect from the next one.
 */
import { setFlagsFromString } from 'node:v8';

/** Caps the heap growing factor at 1 + percent/100; 0 leaves V8's own choice. */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growing percent must be a whole number ≥ 0, got ${percent}`);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * Runs `fn` with the flag at V8's default, then caps the growth again. For V8's code cache (server/ops/code-cache.ts):
 * a cache carries a hash of the V8 flags it was written under, and a process that starts from it checks that hash
 * before main() has set this flag, so a cache written with the flag set would be refused by every start.
 */
export function withDefaultHeapGrowth<T>(percent: number, fn: () => T): T {
  if (percent > 0) setFlagsFromString('--heap-growing-percent=0');
  try {
    return fn();
  } finally {
    limitHeapGrowth(percent);
  }
}

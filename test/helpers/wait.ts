/** Waiting in tests: polling a condition, and plain pauses. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `fn` every 10 ms until it returns a truthy value without throwing; resolves with that value. On timeout it
 * throws the last error `fn` threw (so an `expect` inside gives its own diff), or a timeout error naming `message`.
 * What is awaited is said first, then how long at most: `waitFor(() => synced(), 'the providers to sync', 5_000)`.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, message = 'condition', timeoutMs = 3_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      if (lastError) throw lastError;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    }
    await sleep(10);
  }
}

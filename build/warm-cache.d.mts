/** The production entry point, relative to the project. */
export const BUILT_ENTRY: string;
/** The node options package.json's start script gives the bundle (what `npm start` runs). */
export function startNodeArgs(root: string): string[];
/** Starts the bundle until its code cache is written (see warm-cache.mjs); resolves with whether it was. */
export function warmCodeCache(root: string, timeoutMs?: number): Promise<boolean>;

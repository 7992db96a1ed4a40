/** The source of dist/bundle/main.js for the bundle `bundleFile` with content hash `hash` (see loader.mjs). */
export function loaderSource(bundleFile: string, hash: string): string;

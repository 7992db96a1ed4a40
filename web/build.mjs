// `npm install` runs this (the "prepare" script): builds the web editor into web/dist with Vite. When Vite is not
// installed (a production install without dev dependencies) it says so and leaves the server to run without it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
try {
  require.resolve('vite/package.json');
} catch {
  console.warn('motebok: vite is not installed; the web editor was not built (npm install, then npm run build:web).');
  process.exit(0);
}
const { build } = await import('vite');
await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'warn' });
console.log('motebok: web editor built into web/dist');

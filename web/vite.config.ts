import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The secretariat's web editor: root web/, built into web/dist, served by server/http/web-app.ts at `/`. */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  resolve: {
    // One copy of each: y-websocket, y-codemirror.next and our code must share the Yjs and CodeMirror instances.
    dedupe: ['yjs', 'lib0', 'y-protocols', '@codemirror/state', '@codemirror/view'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1024,
    // Two pages: the secretariat's editor (index.html) and the public innsyn pages (innsyn.html, web/src/public/).
    rollupOptions: { input: { main: `${root}index.html`, innsyn: `${root}innsyn.html` } },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with the API on :4000.
    proxy: {
      '/graphql': { target: 'http://localhost:4000', ws: true },
      '/collab': { target: 'ws://localhost:4000', ws: true },
      '/meetings': 'http://localhost:4000',
    },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql-js: type-graphql and Apollo load its CommonJS entry, so our code must too.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

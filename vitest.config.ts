import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real servers on port 0; a shared 2-core machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Any unhandled error or rejection fails the run (RELIABILITY item 19).
    dangerouslyIgnoreUnhandledErrors: false,
  },
});

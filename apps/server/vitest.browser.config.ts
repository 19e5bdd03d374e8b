import { defineProject } from 'vitest/config';

/** End-to-end tests in Chromium against a real server; they need `pnpm build` first. */
export default defineProject({
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One Chromium at a time on a 2-core machine.
    fileParallelism: false,
  },
});

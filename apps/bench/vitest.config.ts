import { defineProject } from 'vitest/config';

// Only the smoke run of the benchmark (a few seconds); the benchmark itself is `pnpm bench`.
export default defineProject({
  test: {
    name: 'bench',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
  },
});

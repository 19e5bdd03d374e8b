import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** Fast unit tests of the console's pure logic (state updates, formatting); no browser needed. */
export default defineProject({
  // Run from the repository root with --config, the include pattern must still be relative to
  // this app rather than to the working directory.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'console',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});

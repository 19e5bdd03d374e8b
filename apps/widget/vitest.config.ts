import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** Fast unit tests of the widget's pure logic (no DOM); browser behaviour is tested end to end. */
export default defineProject({
  // Rooted here so `--config apps/widget/vitest.config.ts` from the workspace root finds test/.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'widget',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});

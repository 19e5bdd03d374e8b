/**
 * The root test configuration: every package's tests, one run. (Vitest 4 calls the former
 * "workspace" option `projects`.) Database tests run on embedded PGlite always, and on
 * PostgreSQL too when TEST_DATABASE_URL is set; browser tests need Chromium (see README).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'apps/*/vitest.browser.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});

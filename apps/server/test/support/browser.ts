/**
 * Debian's Chromium driven by playwright-core. Without Chromium the browser tests are skipped
 * with a notice, except in CI (CI=true), where a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const chromiumPath = CANDIDATES.find((p): p is string => Boolean(p && existsSync(p)));

if (!chromiumPath) {
  const message = 'Chromium not found (set CHROMIUM_PATH or `apt-get install -y chromium`)';
  if (process.env.CI === 'true') throw new Error(`${message}: browser tests cannot run in CI without it.`);
  process.stderr.write(`\n[browser tests skipped] ${message}\n`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The machine has no network beyond localhost: turn off Chromium's background traffic.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

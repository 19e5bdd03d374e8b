/** Browser pages the end-to-end tests share: a signed-in console, a widget on a host page. */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestAgent } from './factories.ts';

/** Opens the console in a fresh context, signs in and waits until the agent is online. */
export async function openConsole(browser: Browser, baseUrl: string, agent: { email: string; password: string }, hash = ''): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${baseUrl}/console/${hash}`);
  await page.locator('input[name="email"]').fill(agent.email);
  await page.locator('input[name="password"]').fill(agent.password);
  await page.locator('button[type="submit"]').click();
  await expect.poll(() => page.locator('[data-testid="status-switch"]').inputValue(), { timeout: 15_000 }).toBe('online');
  return page;
}

/** Opens a host page with the widget and its panel. */
export async function openWidget(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.locator('[data-testid="parley-launcher"]').click();
  await page.locator('[data-testid="parley-panel"]').waitFor();
  return page;
}

/** Records dialogs (alert, confirm) and a global flag, the two ways a test payload can reveal it ran. */
export async function watchForScripts(page: Page): Promise<() => Promise<string[]>> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return async () => {
    const flagged = await page.evaluate(() => (window as unknown as { __pwned?: unknown[] }).__pwned ?? []);
    return [...dialogs, ...flagged.map(String)];
  };
}

export type { TestAgent };

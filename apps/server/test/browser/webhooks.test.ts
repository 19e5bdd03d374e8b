/**
 * The Webhooks settings page in Chromium: an admin adds an endpoint, sees the secret once, sends
 * a test event and reads the delivery log, where the receiver's hostile answer stays text.
 */
import { testDatabaseTargets } from '@parley/db/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { createAgent, createSite } from '../support/factories.ts';
import { openConsole } from '../support/pages.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { startReceiver, verifySignature, type WebhookReceiver } from '../support/webhook-receiver.ts';

const T = (id: string) => `[data-testid="${id}"]`;

describe.skipIf(!chromiumPath)('the Webhooks settings page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer(await testDatabaseTargets()[0]!.create(), {
      WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
      WEBHOOK_POLL_SECONDS: '0.2',
      WEBHOOK_RETRY_BASE_SECONDS: '60',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await server?.database.close();
    await receiver?.close();
  });

  it('adds an endpoint, shows its secret once, sends a test event and logs the hostile answer as text', async () => {
    const site = await createSite(server.database.db, { channels: ['Sales'] });
    const admin = await createAgent(server.database.db, site, { role: 'admin' });
    receiver.respond('/browser', 500);
    // The receiver's answer carries markup: it must show as text.
    const page = await openConsole(browser, server.url, admin, '#/admin/webhooks');
    await page.locator(`${T('webhook-form')} input[name="url"]`).fill('http://10.0.0.1/hook');
    await page.locator(T('webhook-save')).click();
    await expect.poll(() => page.locator(T('webhook-error')).textContent()).toContain('private');

    await page.locator(`${T('webhook-form')} input[name="url"]`).fill(`${receiver.url}/browser`);
    await page.locator(`${T('webhook-form')} input[name="description"]`).fill('CRM <b>sync</b>');
    await page.locator(T('webhook-save')).click();
    const secret = (await page.locator(T('webhook-secret')).textContent({ timeout: 10_000 }))!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => page.locator(T('webhook-url')).textContent()).toBe(`${receiver.url}/browser`);

    await page.locator(T('webhook-log')).click();
    await page.locator(T('webhook-test')).click();
    await expect.poll(() => receiver.received.filter((r) => r.path === '/browser').length, { timeout: 10_000 }).toBe(1);
    const [request] = receiver.received.filter((r) => r.path === '/browser');
    expect(verifySignature(secret, request!.headers['parley-signature'] as string, request!.body)).toBe(true);
    const details = page.locator(T('webhook-delivery-details')).first();
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('<b>receiver says 500</b>');
    expect(await page.locator(`${T('webhook-log-panel')} b`).count()).toBe(0);
    expect(await page.locator('.adm-item-text b').count()).toBe(0);
    expect(await page.locator(T('webhook-delivery')).first().getAttribute('data-status')).toBe('pending');
  });
});

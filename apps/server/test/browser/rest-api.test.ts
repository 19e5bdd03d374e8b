/**
 * The REST API's faces in Chromium: an admin creates a token in Settings → API tokens (shown
 * once), uses it, revokes it; the docs page renders under its CSP; a bot message sent through the
 * API shows in the widget (like an agent's, under the bot's name) and in the console (labelled Bot).
 */
import { API, HTTP } from '@parley/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '@parley/db/testing';
import { messages } from '@parley/db';
import { eq } from 'drizzle-orm';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { agentLogin } from '../support/clients.ts';
import { createAgent, createSite } from '../support/factories.ts';
import { serveHostPage, type HostPage } from '../support/host-page.ts';
import { openConsole, openWidget } from '../support/pages.ts';
import { startServer, type TestServer } from '../support/server.ts';

const T = (id: string) => `[data-testid="${id}"]`;

describe.skipIf(!chromiumPath)('the REST API in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const hosts: HostPage[] = [];

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
    for (const context of browser.contexts()) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  const apiGet = async (token: string, path = API.site) => (await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })).status;

  it('creates a token in Settings, shows it once, and revokes it', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const admin = await createAgent(server.database.db, site, { name: 'Owner', role: 'admin' });
    const page = await openConsole(browser, server.url, admin, '#/admin/api');
    await page.locator(T('admin-tab-api')).waitFor();
    await page.locator(`${T('api-token-form')} input[name="tokenName"]`).fill('CRM sync');
    await page.locator(T('api-token-write')).check();
    await page.locator(T('api-token-create')).click();
    const token = (await page.locator(T('api-token')).textContent())!.trim();
    expect(token).toMatch(/^parley_/);
    expect(await apiGet(token)).toBe(200);
    const row = page.locator(T('api-token-row'), { hasText: 'CRM sync' });
    await expect.poll(() => row.textContent()).toContain('Write');
    // Once hidden, the token is nowhere on the page; a reload lists it without it.
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(token);
    await row.locator(T('api-token-revoke')).click();
    await row.locator(T('api-token-revoke-confirm')).click();
    await row.locator(T('api-token-revoked')).waitFor();
    expect(await apiGet(token)).toBe(401);
  });

  it('renders the API docs under their CSP', async () => {
    const page = await (await browser.newContext()).newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    const response = await page.goto(`${server.url}${API.docs}/`);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline|upgrade-insecure-requests|validator\.swagger\.io/);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(14);
    expect(await page.locator('body').textContent()).toContain('Parley REST API');
    expect(violations.filter((v) => /Content Security Policy|Refused/i.test(v))).toEqual([]);
  });

  it('shows a bot message in the widget and, labelled, in the console', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const agent = await createAgent(server.database.db, site, { name: 'Lan', role: 'admin', maxChats: 5 });
    const jwt = (await agentLogin(server.url, agent.email, agent.password)).token;
    const created = await fetch(server.url + HTTP.adminApiTokens(site.id), {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Order bot', scopes: ['read', 'write'] }),
    });
    const { token } = (await created.json()) as { token: string };

    const consolePage = await openConsole(browser, server.url, agent);
    const host = await serveHostPage(server.url, site.siteKey);
    hosts.push(host);
    const widget = await openWidget(browser, host.url);
    await widget.locator(T('parley-composer')).fill('Where is my order?');
    await widget.locator(T('parley-send')).click();
    await widget.locator(`${T('parley-message')}[data-sender="visitor"][data-state="sent"]`).waitFor();
    await expect.poll(async () => (await server.database.db.select().from(messages).where(eq(messages.text, 'Where is my order?'))).length).toBe(1);
    const [stored] = await server.database.db.select().from(messages).where(eq(messages.text, 'Where is my order?'));
    await consolePage.locator(`${T('conversation-item')}[data-conversation-id="${stored!.conversationId}"]`).click();

    const sent = await fetch(server.url + API.messages(stored!.conversationId), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ botName: 'Order bot', text: 'Order #1234 ships <b>today</b>' }),
    });
    expect(sent.status).toBe(201);
    const inWidget = widget.locator(T('parley-message'), { hasText: 'Order #1234 ships <b>today</b>' });
    await inWidget.waitFor();
    expect(await inWidget.locator('.author').textContent()).toBe('Order bot');
    const inConsole = consolePage.locator(`${T('message')}[data-sender="bot"]`, { hasText: 'Order #1234 ships <b>today</b>' });
    await inConsole.waitFor();
    expect(await inConsole.locator('.message-author').textContent()).toContain('Order bot');
    expect(await inConsole.locator('.bot-label').textContent()).toBe('Bot');
  });
});

/**
 * Routing as people see it, in Chromium on a host page of another origin: a visitor waits and
 * sees their place in line, an agent comes online and joins, and a visitor who finds the queue
 * full leaves a message that reaches the console.
 */
import { randomUUID } from 'node:crypto';
import { conversations, messages } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { eq } from 'drizzle-orm';
import { EVENTS } from '@parley/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { closeSockets, connectVisitor, ok, visitorRequest, visitorSession } from '../support/clients.ts';
import { createAgent, createSite, type TestAgent } from '../support/factories.ts';
import { serveHostPage, type HostPage } from '../support/host-page.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe.skipIf(!chromiumPath).each(testDatabaseTargets())('queue and offline form in Chromium on $name', (target) => {
  let server: TestServer;
  let browser: Browser;
  let host: HostPage;

  beforeAll(async () => {
    server = await startServer(await target.create());
    browser = await launchChromium();
  });
  afterAll(async () => {
    closeSockets();
    await host?.close();
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  async function consoleFor(agent: TestAgent): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/console/`);
    await page.locator('input[name="email"]').fill(agent.email);
    await page.locator('input[name="password"]').fill(agent.password);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('[data-testid="status-switch"]').inputValue(), { timeout: 10_000 }).toBe('online');
    return page;
  }

  async function socketVisitorStarts(siteKey: string, channelId: string, text: string) {
    const session = await visitorSession(server.url, siteKey);
    const socket = await connectVisitor(server.url, session.token);
    return ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId, text, clientId: randomUUID() })).conversation;
  }

  async function widgetVisitor(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(host.url);
    await page.locator('[data-testid="parley-launcher"]').click();
    await page.locator('[data-testid="parley-panel"]').waitFor();
    return page;
  }

  it('shows the place in line, the agent joining, and the offline form when the queue is full', async () => {
    const db = server.database.db;
    const site = await createSite(db, { channels: ['Help'], maxWaiting: 1 });
    const channelId = site.channels[0]!.id;
    const lan = await createAgent(db, site, { name: 'Lan', maxChats: 1 });
    const minh = await createAgent(db, site, { name: 'Minh', maxChats: 1 });
    host = await serveHostPage(server.url, site.siteKey);

    // Lan is online and busy with a first visitor.
    await consoleFor(lan);
    expect((await socketVisitorStarts(site.siteKey, channelId, 'first')).agentName).toBe('Lan');

    // A second visitor writes from the widget and waits, first in line.
    const waiting = await widgetVisitor();
    await waiting.locator('[data-testid="parley-composer"]').fill('Is anyone there?');
    await waiting.locator('[data-testid="parley-send"]').click();
    await waiting.locator('[data-testid="parley-message"][data-state="sent"]', { hasText: 'Is anyone there?' }).waitFor();
    await waiting.locator('[data-testid="parley-queue-position"][data-position="1"]').waitFor();

    // Minh comes online: the waiting visitor is assigned to Minh and sees it.
    const minhConsole = await consoleFor(minh);
    await waiting.locator('[data-testid="parley-status"]', { hasText: 'Minh' }).waitFor();
    await expect.poll(() => waiting.locator('[data-testid="parley-queue-position"]').count()).toBe(0);

    // Both agents are full; one more visitor fills the queue (1 of 1).
    expect((await socketVisitorStarts(site.siteKey, channelId, 'third')).status).toBe('waiting');
    await minhConsole.locator(`[data-testid="queue-channel"][data-channel-id="${channelId}"][data-waiting="1"][data-max="1"]`).waitFor();

    // The next visitor from the widget finds the queue full and leaves a message instead.
    const late = await widgetVisitor();
    const text = `Please call me back ${randomUUID().slice(0, 6)}`;
    await late.locator('[data-testid="parley-composer"]').fill(text);
    await late.locator('[data-testid="parley-send"]').click();
    await late.locator('[data-testid="parley-queue-full"]').waitFor();
    const form = late.locator('[data-testid="parley-offline-form"]');
    expect(await form.locator('textarea[name="message"]').inputValue()).toBe(text);
    await form.locator('input[name="email"]').fill('khach.hang@example.com');
    await late.locator('[data-testid="parley-offline-submit"]').click();
    await late.locator('[data-testid="parley-offline-done"]').waitFor();

    // It reaches the console as an offline message with the visitor's email.
    const item = minhConsole.locator('[data-testid="section-offline"] [data-testid="conversation-item"]', { hasText: text });
    await item.waitFor();
    await item.click();
    await minhConsole.locator('[data-testid="visitor-email"]', { hasText: 'khach.hang@example.com' }).waitFor();
  });

  it('says nobody is online before the visitor types, and takes a message instead', async () => {
    const db = server.database.db;
    const site = await createSite(db, { channels: ['Help'] });
    await createAgent(db, site, { name: 'Asleep' });
    await host?.close();
    host = await serveHostPage(server.url, site.siteKey);
    const page = await widgetVisitor();
    await page.locator('[data-testid="parley-no-agents"]').waitFor();
    const form = page.locator('[data-testid="parley-offline-form"]');
    await form.locator('textarea[name="message"]').fill('Mai gọi lại giúp tôi');
    await form.locator('input[name="email"]').fill('an@example.com');
    await page.locator('[data-testid="parley-offline-submit"]').click();
    await page.locator('[data-testid="parley-offline-done"]').waitFor();
    const [stored] = await db.select().from(messages).where(eq(messages.text, 'Mai gọi lại giúp tôi'));
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, stored!.conversationId));
    expect(conversation!.status).toBe('offline');
  });
});

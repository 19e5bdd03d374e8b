/**
 * The foundation's end-to-end proof: a visitor on the demo page and an agent in the console chat
 * in real Chromium over a real server and database, and the history survives a reload.
 */
import { randomUUID } from 'node:crypto';
import { conversations, messages, sites } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { and, eq, inArray } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/demo/seed-demo.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

const ADMIN = { email: 'admin@demo.parley.local', password: 'parley-demo' };

describe.skipIf(!chromiumPath).each(testDatabaseTargets())('first chat in Chromium on $name', (target) => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    const database = await target.create();
    await seedDemo(database.db, ADMIN);
    // The PostgreSQL test database outlives runs: earlier runs' chats must not fill the demo admin.
    await database.db
      .update(conversations)
      .set({ status: 'closed', closedAt: new Date() })
      .where(and(inArray(conversations.status, ['waiting', 'active']), inArray(conversations.siteId, database.db.select({ id: sites.id }).from(sites).where(eq(sites.siteKey, 'demo')))));
    server = await startServer(database);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  it('visitor writes from the demo page, agent answers from the console, history survives a reload', async () => {
    const question = `Do you ship to Hà Nội? ${randomUUID().slice(0, 8)}`;
    const answer = `Yes, in 2 days! ${randomUUID().slice(0, 8)}`;

    // Agent: signs in to the console first (and so comes online), in a separate context.
    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await agentPage.goto(`${server.url}/console/`);
    await agentPage.locator('input[name="email"]').fill(ADMIN.email);
    await agentPage.locator('input[name="password"]').fill(ADMIN.password);
    await agentPage.locator('button[type="submit"]').click();
    await agentPage.locator('[data-testid="agent-name"]').waitFor();
    await expect.poll(() => agentPage.locator('[data-testid="status-switch"]').inputValue(), { timeout: 10_000 }).toBe('online');

    // Visitor: opens the widget on the demo page and writes; an agent is online, so it is routed at once.
    const visitorContext = await browser.newContext();
    const visitorPage = await visitorContext.newPage();
    await visitorPage.goto(`${server.url}/demo`);
    await visitorPage.locator('[data-testid="parley-launcher"]').click();
    await visitorPage.locator('[data-testid="parley-panel"]').waitFor();
    // The demo site has two channels (Sales, Support): the choice appears once the site's settings
    // have loaded, which may be after the panel opens — wait for it rather than look once.
    const channelChoice = visitorPage.locator('[data-testid="parley-channel"]').first();
    await channelChoice.waitFor();
    const tag = await channelChoice.evaluate((el) => el.tagName);
    if (tag === 'SELECT') await channelChoice.selectOption({ label: 'Support' });
    else await visitorPage.locator('[data-testid="parley-channel"]', { hasText: 'Support' }).first().click();
    await visitorPage.locator('[data-testid="parley-composer"]').fill(question);
    await visitorPage.locator('[data-testid="parley-send"]').click();
    await visitorPage
      .locator('[data-testid="parley-message"][data-sender="visitor"][data-state="sent"]', { hasText: question })
      .waitFor();

    // The agent finds the conversation and replies.
    const [stored1] = await server.database.db.select().from(messages).where(eq(messages.text, question));
    const conversationId = stored1!.conversationId;
    const item = agentPage.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
    await item.waitFor();
    await item.click();
    await agentPage.locator('[data-testid="message"][data-sender="visitor"]', { hasText: question }).waitFor();
    await agentPage.locator('[data-testid="composer"]').fill(answer);
    await agentPage.locator('[data-testid="send"]').click();
    await agentPage.locator('[data-testid="message"][data-sender="agent"]', { hasText: answer }).waitFor();

    // The visitor sees the reply live.
    await visitorPage.locator('[data-testid="parley-message"][data-sender="agent"]', { hasText: answer }).waitFor();

    // After a reload the same conversation and its history come back.
    await visitorPage.reload();
    await visitorPage.locator('[data-testid="parley-launcher"]').click();
    await visitorPage.locator('[data-testid="parley-message"][data-sender="visitor"]', { hasText: question }).waitFor();
    await visitorPage.locator('[data-testid="parley-message"][data-sender="agent"]', { hasText: answer }).waitFor();

    // And both messages are in the database, once each.
    const stored = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(stored.filter((m) => m.text === question)).toHaveLength(1);
    expect(stored.filter((m) => m.text === answer)).toHaveLength(1);

    await visitorContext.close();
    await agentContext.close();
  });
});

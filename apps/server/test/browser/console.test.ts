/**
 * The agent console as agents live in it, in Chromium: two chats with drafts kept, a canned
 * response expanded, an internal note kept from the visitor, a transfer between two agents, an
 * admin-made channel the widget obeys, and hostile visitor text shown as text.
 */
import { randomUUID } from 'node:crypto';
import { messages } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP, type Message } from '@parley/protocol';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { agentLogin, closeSockets, connectVisitor, ok, visitorRequest, visitorSession, type VisitorClient } from '../support/clients.ts';
import { createAgent, createSite, type TestSite } from '../support/factories.ts';
import { serveHostPage, type HostPage } from '../support/host-page.ts';
import { openConsole, openWidget, watchForScripts } from '../support/pages.ts';
import { startServer, type TestServer } from '../support/server.ts';

const T = (id: string) => `[data-testid="${id}"]`;

describe.skipIf(!chromiumPath)('the console in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const hosts: HostPage[] = [];

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
    browser = await launchChromium();
  });
  afterEach(async () => {
    closeSockets();
    for (const h of hosts.splice(0)) await h.close();
    for (const context of browser.contexts()) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  async function visitorStarts(site: TestSite, text: string, name?: string): Promise<{ socket: VisitorClient; conversationId: string }> {
    const socket = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    const started = ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text, clientId: randomUUID(), name }));
    return { socket, conversationId: started.conversation.id };
  }
  const item = (page: Page, conversationId: string) => page.locator(`${T('conversation-item')}[data-conversation-id="${conversationId}"]`);

  it('handles two chats at once and keeps each draft', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const agent = await createAgent(server.database.db, site, { name: 'Lan', maxChats: 5 });
    const page = await openConsole(browser, server.url, agent);
    const one = await visitorStarts(site, 'first visitor here');
    const two = await visitorStarts(site, 'second visitor here');
    await item(page, one.conversationId).click();
    await page.locator(T('composer')).fill('draft for one');
    await item(page, two.conversationId).click();
    expect(await page.locator(T('composer')).inputValue()).toBe('');
    await page.locator(T('composer')).fill('draft for two');
    await item(page, one.conversationId).click();
    expect(await page.locator(T('composer')).inputValue()).toBe('draft for one');
    const got = new Promise<Message>((resolve) => one.socket.on(EVENTS.messageNew, (m: Message) => m.sender === 'agent' && resolve(m)));
    await page.locator(T('send')).click();
    expect((await got).text).toBe('draft for one');
    await item(page, two.conversationId).click();
    expect(await page.locator(T('composer')).inputValue()).toBe('draft for two');
  });

  it('expands a canned response with the visitor\'s name', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const admin = await createAgent(server.database.db, site, { name: 'Owner', role: 'admin' });
    const { token } = await agentLogin(server.url, admin.email, admin.password);
    await fetch(server.url + HTTP.adminCanned(site.id), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shortcut: 'thanks', text: 'Cảm ơn {visitor.name}, {agent.name} sẽ giúp bạn!' }),
    });
    const page = await openConsole(browser, server.url, admin);
    const chat = await visitorStarts(site, 'xin chào', 'Hương');
    await item(page, chat.conversationId).click();
    await page.locator(T('composer')).fill('/than');
    await page.locator(T('canned-option')).first().waitFor();
    await page.locator(T('composer')).press('Enter');
    await expect.poll(() => page.locator(T('composer')).inputValue()).toBe('Cảm ơn Hương, Owner sẽ giúp bạn!');
  });

  it('keeps an internal note from the visitor', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const agent = await createAgent(server.database.db, site, { name: 'Lan' });
    const page = await openConsole(browser, server.url, agent);
    const chat = await visitorStarts(site, 'hello');
    const seen: string[] = [];
    chat.socket.on(EVENTS.messageNew, (m: Message) => seen.push(m.text));
    await item(page, chat.conversationId).click();
    await page.locator(T('internal-toggle')).check();
    await page.locator(T('composer')).fill('VIP customer, offer free shipping');
    await page.locator(T('send')).click();
    await page.locator(`${T('message')}[data-internal="true"]`, { hasText: 'VIP customer' }).waitFor();
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).not.toContain('VIP customer, offer free shipping');
    const [stored] = await server.database.db.select().from(messages).where(eq(messages.text, 'VIP customer, offer free shipping'));
    expect(stored!.internal).toBe(true);
    const synced = ok(await visitorRequest(chat.socket, EVENTS.conversationSync, { conversationId: chat.conversationId, afterSeq: 0 }));
    expect(synced.messages.map((m) => m.text)).not.toContain('VIP customer, offer free shipping');
  });

  it('transfers a chat from one agent to another', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const lan = await createAgent(server.database.db, site, { name: 'Lan' });
    const lanPage = await openConsole(browser, server.url, lan);
    const chat = await visitorStarts(site, 'please transfer me');
    const minh = await createAgent(server.database.db, site, { name: 'Minh' });
    const minhPage = await openConsole(browser, server.url, minh);
    await item(lanPage, chat.conversationId).click();
    await lanPage.locator(T('transfer')).click();
    const dialog = lanPage.locator(T('transfer-dialog'));
    await dialog.waitFor();
    await dialog.locator('select[name="transfer-agent"]').selectOption({ value: minh.id });
    await dialog.locator('textarea[name="transfer-note"]').fill('Knows our returns policy best');
    await lanPage.locator(T('transfer-submit')).click();
    await minhPage.locator(`${T('section-mine')} ${T('conversation-item')}[data-conversation-id="${chat.conversationId}"]`).waitFor();
    await item(minhPage, chat.conversationId).click();
    await minhPage.locator(`${T('message')}[data-internal="true"]`, { hasText: 'Knows our returns policy best' }).waitFor();
  });

  it('lets an admin create a channel with maxWaiting 1 that the widget then obeys', async () => {
    const site = await createSite(server.database.db, { channels: ['General'] });
    const admin = await createAgent(server.database.db, site, { name: 'Owner', role: 'admin', maxChats: 0 });
    const page = await openConsole(browser, server.url, admin, '#/admin');
    await page.locator(T('nav-settings')).click().catch(() => {});
    await page.locator('[data-testid^="admin-tab-channels"]').first().click();
    const form = page.locator(T('channel-form'));
    await form.locator('input[name="name"]').fill('VIP');
    await form.locator('input[name="maxWaiting"]').fill('1');
    await form.locator(`input[name="member"][value="${admin.id}"]`).check();
    await page.locator(T('channel-save')).click();
    await page.locator(T('channel-row'), { hasText: 'VIP' }).waitFor();
    // The owner is online with no free capacity: the first VIP visitor waits, filling the queue.
    const session = await visitorSession(server.url, site.siteKey);
    const vip = session.site.channels.find((c) => c.name === 'VIP')!;
    const socket = await connectVisitor(server.url, session.token);
    expect(ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: vip.id, text: 'first', clientId: 'v1' })).conversation.status).toBe('waiting');
    const host = await serveHostPage(server.url, site.siteKey);
    hosts.push(host);
    const widget = await openWidget(browser, host.url);
    await widget.locator(T('parley-channel')).selectOption({ value: vip.id });
    await widget.locator(T('parley-composer')).fill('second');
    await widget.locator(T('parley-send')).click();
    await widget.locator(T('parley-queue-full')).waitFor();
  });

  it('shows hostile visitor text as text and runs no script', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'] });
    const agent = await createAgent(server.database.db, site, { name: 'Lan' });
    const page = await openConsole(browser, server.url, agent);
    const findings = await watchForScripts(page);
    const host = await serveHostPage(server.url, site.siteKey);
    hosts.push(host);
    const widget = await openWidget(browser, host.url);
    const widgetFindings = await watchForScripts(widget);
    const payloads = ['<img src=x onerror=alert(1)>', '<script>(window.__pwned=window.__pwned||[]).push("script")</script>'];
    for (const text of payloads) {
      await widget.locator(T('parley-composer')).fill(text);
      await widget.locator(T('parley-send')).click();
      await widget.locator(`${T('parley-message')}[data-state="sent"]`, { hasText: text }).waitFor();
    }
    const [stored] = await server.database.db.select().from(messages).where(eq(messages.text, payloads[0]!));
    await item(page, stored!.conversationId).click();
    for (const text of payloads) await page.locator(T('message'), { hasText: text }).waitFor();
    expect(await page.locator(`${T('message')} img`).count()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await findings()).toEqual([]);
    expect(await widgetFindings()).toEqual([]);
  });
});

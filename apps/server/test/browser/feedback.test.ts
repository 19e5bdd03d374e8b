/** Feedback end to end in Chromium: a visitor answers the post-chat survey; the dashboard shows the new CSAT. */
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS } from '@parley/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { agentLogin, agentRequest, closeSockets, connectAgent, ok } from '../support/clients.ts';
import { createAgent, createSite } from '../support/factories.ts';
import { serveHostPage, type HostPage } from '../support/host-page.ts';
import { openConsole, openWidget } from '../support/pages.ts';
import { startServer, type TestServer } from '../support/server.ts';

const T = (id: string) => `[data-testid="${id}"]`;

describe.skipIf(!chromiumPath)('survey and dashboard in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let host: HostPage;

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
    browser = await launchChromium();
  });
  afterAll(async () => {
    closeSockets();
    await host?.close();
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  it('records the visitor\'s survey answer and shows it on the dashboard', async () => {
    const site = await createSite(server.database.db, { channels: ['Help'], widget: { survey: { nps: true, ces: true } } });
    const agent = await createAgent(server.database.db, site, { name: 'Lan', status: 'online' });
    host = await serveHostPage(server.url, site.siteKey);
    const widget = await openWidget(browser, host.url);
    await widget.locator(T('parley-composer')).fill('Can I change my order?');
    await widget.locator(T('parley-send')).click();
    await widget.locator(`${T('parley-message')}[data-state="sent"]`).waitFor();

    const agentSocket = await connectAgent(server.url, (await agentLogin(server.url, agent.email, agent.password)).token);
    const [conversation] = ok(await agentRequest(agentSocket, EVENTS.conversationList, {})).conversations;
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation!.id, clientId: 'r1', text: 'Yes, done!' }));
    ok(await agentRequest(agentSocket, EVENTS.conversationClose, { conversationId: conversation!.id }));

    const survey = widget.locator(T('parley-survey'));
    await survey.waitFor();
    await survey.locator(`${T('parley-csat')}[data-value="4"]`).click();
    await survey.locator(`${T('parley-nps')}[data-value="9"]`).click();
    await survey.locator(`${T('parley-ces')}[data-value="6"]`).click();
    await survey.locator('textarea[name="comment"]').fill('Nhanh và dễ!');
    await widget.locator(T('parley-survey-submit')).click();
    await widget.locator(T('parley-survey-done')).waitFor();

    const dashboard = await openConsole(browser, server.url, agent, '#/dashboard');
    await dashboard.locator(T('nav-dashboard')).click().catch(() => {});
    await expect.poll(() => dashboard.locator(T('kpi-csat')).getAttribute('data-value'), { timeout: 15_000 }).toMatch(/^4(\.0+)?$/);
    expect(Number(await dashboard.locator(T('kpi-nps')).getAttribute('data-value'))).toBe(100);
  });
});

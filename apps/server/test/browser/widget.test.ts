/**
 * The widget as site owners and visitors meet it, in Chromium, on host pages served from another
 * origin (127.0.0.2) than Parley (127.0.0.1).
 */
import { visitors } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { and, eq } from 'drizzle-orm';
import jwt from 'jsonwebtoken';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { createAgent, createSite, type SiteOptions } from '../support/factories.ts';
import { serveHostPage, type HostPage, type HostPageOptions } from '../support/host-page.ts';
import { startServer, type TestServer } from '../support/server.ts';

const STUB = `window.__events = []; window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };`;
const W = (id: string) => `[data-testid="${id}"]`;

// One database is enough here: these tests are about the browser side (the database is covered elsewhere).
describe.skipIf(!chromiumPath)('the widget in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const hosts: HostPage[] = [];

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  async function hostFor(site: { siteKey: string }, options: HostPageOptions = {}) {
    const host = await serveHostPage(server.url, site.siteKey, options);
    hosts.push(host);
    return host;
  }
  async function open(url: string, context: BrowserContextOptions = {}): Promise<Page> {
    const page = await (await browser.newContext(context)).newPage();
    await page.goto(url);
    return page;
  }
  const oneChannelSite = (options: SiteOptions = {}) => createSite(server.database.db, { channels: ['Help'], ...options });

  it('queues API calls made before the loader, then opens and reports events', async () => {
    const site = await oneChannelSite();
    const host = await hostFor(site, {
      before: `${STUB} Parley('on', 'ready', () => __events.push('ready')); Parley('on', 'opened', () => __events.push('opened')); Parley('open');`,
    });
    const page = await open(host.url);
    await page.locator(W('parley-panel')).waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual(['ready', 'opened']);
    await page.evaluate(() => (window as unknown as { Parley: (c: string) => void }).Parley('hide'));
    await expect.poll(() => page.locator(W('parley-launcher')).getAttribute('hidden')).not.toBeNull();
    await page.evaluate(() => (window as unknown as { Parley: (c: string) => void }).Parley('show'));
    await expect.poll(() => page.locator(W('parley-launcher')).getAttribute('hidden')).toBeNull();
  });

  it('verifies a visitor identified with a JWT signed by the site, and refuses a forged one', async () => {
    const site = await oneChannelSite();
    const good = jwt.sign({ sub: 'customer-1', name: 'Trần Thị Mai', email: 'mai@example.com' }, site.identitySecret, { algorithm: 'HS256' });
    const forged = jwt.sign({ sub: 'customer-2', name: 'Forged Name' }, 'wrong-secret', { algorithm: 'HS256' });
    const errors = `window.__errors = []; Parley('on', 'error', (e) => __errors.push(e.code));`;

    const honest = await open((await hostFor(site, { before: `${STUB} Parley('identify', { identityToken: '${good}' });` })).url);
    await expect
      .poll(async () => (await server.database.db.select().from(visitors).where(and(eq(visitors.siteId, site.id), eq(visitors.externalId, 'customer-1')))).length, { timeout: 10_000 })
      .toBe(1);
    const [verified] = await server.database.db.select().from(visitors).where(eq(visitors.externalId, 'customer-1'));
    expect(verified).toMatchObject({ verified: true, name: 'Trần Thị Mai' });
    await honest.close();

    const liar = await open((await hostFor(site, { before: `${STUB} ${errors} Parley('identify', { identityToken: '${forged}' });` })).url);
    await expect.poll(() => liar.evaluate(() => (window as unknown as { __errors: string[] }).__errors), { timeout: 10_000 }).toContain('UNAUTHORIZED');
    const forgedRows = await server.database.db.select().from(visitors).where(eq(visitors.name, 'Forged Name'));
    expect(forgedRows).toEqual([]);
  });

  it('stays usable under a hostile host stylesheet', async () => {
    const site = await oneChannelSite();
    await createAgent(server.database.db, site, { status: 'online' });
    const host = await hostFor(site, { head: '<style>* { all: unset !important; } div { display: none !important; } button { font-size: 40px !important; }</style>' });
    const page = await open(host.url);
    await page.locator(W('parley-launcher')).click();
    await page.locator(W('parley-panel')).waitFor();
    const box = await page.locator(W('parley-panel')).boundingBox();
    expect(box!.width).toBeGreaterThan(250);
    await page.locator(W('parley-composer')).fill('Still works');
    await page.locator(W('parley-send')).click();
    await page.locator(`${W('parley-message')}[data-state="sent"]`, { hasText: 'Still works' }).waitFor();
  });

  it('leaves the host page layout unchanged, closed and open', async () => {
    const site = await oneChannelSite();
    const boxes = (page: Page) =>
      page.evaluate(() => ['top', 'content', 'host-button'].map((id) => JSON.stringify(document.getElementById(id)!.getBoundingClientRect())));
    const plain = await open((await hostFor(site, { withoutWidget: true })).url);
    const reference = await boxes(plain);
    const page = await open((await hostFor(site)).url);
    await page.locator(W('parley-launcher')).waitFor();
    expect(await boxes(page)).toEqual(reference);
    await page.locator(W('parley-launcher')).click();
    await page.locator(W('parley-panel')).waitFor();
    expect(await boxes(page)).toEqual(reference);
    expect(await page.evaluate(() => getComputedStyle(document.body).overflow)).toBe(await plain.evaluate(() => getComputedStyle(document.body).overflow));
  });

  it('speaks Vietnamese to a Vietnamese browser', async () => {
    const site = await oneChannelSite();
    const page = await open((await hostFor(site)).url, { locale: 'vi-VN' });
    expect(await page.locator(W('parley-launcher')).getAttribute('aria-label')).toBe('Mở cuộc trò chuyện');
    await page.locator(W('parley-launcher')).click();
    await page.locator(W('parley-panel')).waitFor();
    await expect.poll(() => page.locator(W('parley-panel')).innerText()).toMatch(/Trò chuyện|tin nhắn|Chúng tôi/i);
  });

  it('works with the keyboard alone', async () => {
    const site = await oneChannelSite();
    await createAgent(server.database.db, site, { status: 'online' });
    const page = await open((await hostFor(site)).url);
    await page.locator(W('parley-launcher')).waitFor();
    const focused = () => page.evaluate(() => document.querySelector('#parley-widget')?.shadowRoot?.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id);
    for (let i = 0; i < 10 && (await focused()) !== 'parley-launcher'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('parley-launcher');
    await page.keyboard.press('Enter');
    await page.locator(W('parley-panel')).waitFor();
    for (let i = 0; i < 10 && (await focused()) !== 'parley-composer'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('parley-composer');
    await page.keyboard.type('Typed with keys only');
    await page.keyboard.press('Enter');
    await page.locator(`${W('parley-message')}[data-state="sent"]`, { hasText: 'Typed with keys only' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(W('parley-panel')).count()).toBe(0);
    expect(await focused()).toBe('parley-launcher');
  });

  it('fills a 375 px wide phone screen', async () => {
    const site = await oneChannelSite();
    const page = await open((await hostFor(site)).url, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    await page.locator(W('parley-launcher')).click();
    await page.locator(W('parley-panel')).waitFor();
    await expect.poll(async () => Math.round((await page.locator(W('parley-panel')).boundingBox())!.width)).toBe(375);
    expect(Math.round((await page.locator(W('parley-panel')).boundingBox())!.height)).toBe(667);
  });

  it('refuses to run on an origin the site does not allow', async () => {
    const site = await oneChannelSite({ allowedOrigins: ['https://only-here.example'] });
    const page = await open((await hostFor(site)).url);
    await page.locator(W('parley-launcher')).click();
    await page.locator(W('parley-error')).waitFor();
    expect(await page.locator(W('parley-error')).innerText()).toMatch(/not allow|origin/i);
  });

  it('shows a proactive greeting from a matching trigger, and opens on click', async () => {
    const site = await oneChannelSite({ widget: { triggers: [{ id: 't1', urlPattern: '*127.0.0.2*', delaySeconds: 1, message: 'Need a hand choosing?' }] } });
    const page = await open((await hostFor(site)).url);
    const bubble = page.locator(W('parley-greeting'));
    await bubble.waitFor({ timeout: 10_000 });
    expect(await bubble.innerText()).toContain('Need a hand choosing?');
    await bubble.click();
    await page.locator(W('parley-panel')).waitFor();
  });

  it('opens the hosted chat page full-window without a launcher', async () => {
    const site = await oneChannelSite();
    const page = await open(`${server.url}/chat/${site.siteKey}`, { viewport: { width: 900, height: 700 } });
    await page.locator(W('parley-panel')).waitFor();
    const box = (await page.locator(W('parley-panel')).boundingBox())!;
    expect(Math.round(box.width)).toBe(900);
    expect(await page.locator(`${W('parley-launcher')}:visible`).count()).toBe(0);
  });

  it('caches the loader briefly and the content-hashed bundles forever, readable cross-origin', async () => {
    const loader = await fetch(`${server.url}/widget.js`);
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    const app = /app-[\w-]+\.js/.exec(await loader.text())?.[0];
    expect(app).toBeTruthy();
    const bundle = await fetch(`${server.url}/widget/${app}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect(bundle.headers.get('access-control-allow-origin')).toBe('*');
  });
});

/**
 * An XSS corpus (50+ payloads) through visitor names, messages, custom attributes and page URLs,
 * and through agent messages, rendered in the console and the widget in Chromium: no script runs.
 */
import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP } from '@parley/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { agentLogin, agentRequest, closeSockets, connectAgent, connectVisitor, ok, postJson, visitorRequest } from '../support/clients.ts';
import { createAgent, createSite } from '../support/factories.ts';
import { openConsole, watchForScripts } from '../support/pages.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MARK = '(window.__pwned=window.__pwned||[]).push(1)';
const TAGS = [
  `<script>${MARK}</script>`,
  `<img src=x onerror="${MARK}">`,
  `<svg onload="${MARK}">`,
  `<svg><script>${MARK}</script></svg>`,
  `<iframe src="javascript:${MARK}"></iframe>`,
  `<body onload="${MARK}">`,
  `<details open ontoggle="${MARK}">`,
  `<video><source onerror="${MARK}"></video>`,
  `<audio src=x onerror="${MARK}">`,
  `<input autofocus onfocus="${MARK}">`,
  `<marquee onstart="${MARK}">`,
  `<object data="javascript:${MARK}">`,
  `<embed src="javascript:${MARK}">`,
  `<a href="javascript:${MARK}">click</a>`,
  `<math><mtext><img src=x onerror="${MARK}"></mtext></math>`,
  `<style>@import 'javascript:${MARK}';</style>`,
  `<link rel=import href="data:text/html,<script>${MARK}</script>">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${MARK}">`,
  `"><script>${MARK}</script>`,
  `'><img src=x onerror=${MARK}>`,
  `</textarea><script>${MARK}</script>`,
  `</title><script>${MARK}</script>`,
  `<scr<script>ipt>${MARK}</scr</script>ipt>`,
  `<IMG SRC=x oNeRrOr=${MARK}>`,
  `<img src=x onerror=&#x61;lert(1)>`,
  `javascript:${MARK}`,
  `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
  `{{constructor.constructor('${MARK}')()}}`,
  `\${${MARK}}`,
  `<form action="javascript:${MARK}"><button>x</button></form>`,
  `<div style="background:url(javascript:${MARK})">`,
  `<table background="javascript:${MARK}">`,
  `<isindex type=image src=1 onerror=${MARK}>`,
  `<noscript><p title="</noscript><img src=x onerror=${MARK}>">`,
  `<template><img src=x onerror=${MARK}></template>`,
  `<select autofocus onfocus=${MARK}>`,
  `<textarea autofocus onfocus=${MARK}>`,
  `<keygen autofocus onfocus=${MARK}>`,
  `<x onmouseover=${MARK}>hover me</x>`,
  `<img src="x` + '\u0000' + `" onerror=${MARK}>`,
  `%3Cscript%3E${MARK}%3C/script%3E`,
  `&lt;script&gt;${MARK}&lt;/script&gt;`,
  `<svg><animate onbegin=${MARK} attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${MARK}"><text x=20 y=20>x</text></a></svg>`,
  `<base href="javascript:${MARK}//">`,
  `<img srcset="x" onerror="${MARK}">`,
  `<picture><source srcset=x><img onerror=${MARK}></picture>`,
  `<dialog open onclose=${MARK}>`,
  `<slot onfocus=${MARK} tabindex=1 autofocus>`,
  `<bdo dir=rtl onmouseenter=${MARK}>Tiếng Việt ‮</bdo>`,
  `Xin chào <b onclick=${MARK}>bạn</b>`,
  `<img src=x onerror=${MARK}>\n<script>${MARK}</script>`,
];

describe.skipIf(!chromiumPath)('an XSS corpus in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create(), { VISITOR_EVENTS_PER_SECOND: '1000', AGENT_EVENTS_PER_SECOND: '1000' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    closeSockets();
    await browser?.close();
    await server?.close();
    await server?.database.close();
  });

  it(`renders ${TAGS.length} payloads as text in the console and the widget`, async () => {
    expect(TAGS.length).toBeGreaterThanOrEqual(50);
    const site = await createSite(server.database.db, { channels: ['Help'], maxWaiting: 10 });
    const agent = await createAgent(server.database.db, site, { name: 'Lan', maxChats: 10, status: 'online' });
    const consolePage = await openConsole(browser, server.url, agent);
    const consoleFindings = await watchForScripts(consolePage);

    // The visitor's name, attributes and page URL carry payloads too.
    const session = await postJson<{ token: string; visitor: { id: string } }>(server.url + HTTP.visitorSession, {
      siteKey: site.siteKey,
      page: { url: `https://shop.example/?q=${TAGS[0]}`, title: TAGS[1] },
    });
    await postJson(server.url + HTTP.visitorIdentify, {
      siteKey: site.siteKey,
      token: session.body.token,
      name: TAGS[2]!.slice(0, 80),
      attributes: Object.fromEntries(TAGS.slice(3, 13).map((t, i) => [`attr${i}`, t])),
    });
    const visitor = await connectVisitor(server.url, session.body.token);
    const { conversation } = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: TAGS[0], clientId: randomUUID() }));
    for (const text of TAGS) ok(await visitorRequest(visitor, EVENTS.messageSend, { conversationId: conversation.id, clientId: randomUUID(), text }));
    const agentSocket = await connectAgent(server.url, (await agentLogin(server.url, agent.email, agent.password)).token);
    for (const text of TAGS.slice(0, 20)) ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: randomUUID(), text }));

    await consolePage.locator(`[data-testid="conversation-item"][data-conversation-id="${conversation.id}"]`).click();
    await consolePage.locator('[data-testid="message"]', { hasText: TAGS.at(-1)!.split('\n')[0]! }).first().waitFor();
    await consolePage.locator('[data-testid="visitor-panel"]').waitFor({ timeout: 5000 }).catch(() => {});
    await consolePage.mouse.move(400, 300);
    await consolePage.waitForTimeout(500);
    expect(await consolePage.locator('[data-testid="message"] img, [data-testid="message"] script, [data-testid="message"] svg, [data-testid="message"] iframe').count()).toBe(0);
    expect(await consoleFindings()).toEqual([]);

    // The same conversation in the visitor's widget (the hosted chat page, with the visitor's token).
    const widget = await (await browser.newContext()).newPage();
    const widgetFindings = await watchForScripts(widget);
    await widget.addInitScript(([key, token]) => localStorage.setItem(key!, token!), [`parley:${site.siteKey}:visitor`, session.body.token]);
    await widget.goto(`${server.url}/chat/${site.siteKey}`);
    await widget.locator('[data-testid="parley-message"]', { hasText: TAGS.at(-1)!.split('\n')[0]! }).first().waitFor();
    await widget.waitForTimeout(500);
    const injected = await widget.evaluate(() => document.querySelector('#parley-widget')!.shadowRoot!.querySelectorAll('[data-testid="parley-message"] img, [data-testid="parley-message"] script').length);
    expect(injected).toBe(0);
    expect(await widgetFindings()).toEqual([]);
  });
});

import { faqArticles, visitors } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP, type ErrorBody, type OnlineVisitor, type PublicSite, type VisitorSessionResponse } from '@parley/protocol';
import { eq } from 'drizzle-orm';
import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faqSearchText } from '../src/modules/sites/index.ts';
import { sites } from '@parley/db';
import {
  agentLogin,
  agentRequest,
  closeSockets,
  connectAgent,
  connectVisitor,
  nextEvent,
  ok,
  postJson,
  visitorRequest,
  visitorSession,
} from './support/clients.ts';
import { createAgent, createSite, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

describe.each(testDatabaseTargets())('widget API on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let secret: string;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db);
    secret = (await server.database.db.select().from(sites).where(eq(sites.id, site.id)))[0]!.identitySecret;
    const articles = [
      { language: 'vi' as const, title: 'Giao hàng mất bao lâu?', body: 'Từ 2 đến 4 ngày ở Hà Nội.' },
      { language: 'vi' as const, title: 'Đổi trả hàng', body: 'Trong vòng 30 ngày, 100% hoàn tiền.' },
      { language: 'en' as const, title: 'Delivery times', body: 'Two to four days in Hanoi.' },
    ];
    await server.database.db
      .insert(faqArticles)
      .values(articles.map((a, position) => ({ ...a, siteId: site.id, position, searchText: faqSearchText(a.title, a.body) })));
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  const identify = (body: Record<string, unknown>) =>
    postJson<VisitorSessionResponse & { error?: ErrorBody }>(server.url + HTTP.visitorIdentify, { siteKey: site.siteKey, ...body });

  it('serves the public config cross-origin without creating a visitor', async () => {
    const before = await server.database.db.select().from(visitors).where(eq(visitors.siteId, site.id));
    const res = await fetch(`${server.url}${HTTP.widgetConfig}?siteKey=${site.siteKey}`, { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const config = (await res.json()) as PublicSite;
    expect(config.widget.prechat).toEqual({ name: 'optional', email: 'optional' });
    expect(config.widget.triggers).toEqual([]);
    expect(await server.database.db.select().from(visitors).where(eq(visitors.siteId, site.id))).toHaveLength(before.length);
    expect((await fetch(`${server.url}${HTTP.widgetConfig}?siteKey=nope`)).status).toBe(404);
  });

  it('finds FAQ articles with or without Vietnamese diacritics', async () => {
    const search = async (q: string, lang?: string) => {
      const res = await fetch(`${server.url}${HTTP.faqSearch}?siteKey=${site.siteKey}&q=${encodeURIComponent(q)}${lang ? `&lang=${lang}` : ''}`);
      return ((await res.json()) as { articles: { title: string }[] }).articles.map((a) => a.title);
    };
    expect(await search('giao hang')).toEqual(['Giao hàng mất bao lâu?']);
    expect(await search('GIAO HÀNG')).toEqual(['Giao hàng mất bao lâu?']);
    expect(await search('doi tra')).toEqual(['Đổi trả hàng']);
    expect(await search('đổi trả')).toEqual(['Đổi trả hàng']);
    expect(await search('ha noi')).toEqual(['Giao hàng mất bao lâu?']);
    expect(await search('hang')).toEqual(['Giao hàng mất bao lâu?', 'Đổi trả hàng']);
    expect(await search('hanoi', 'en')).toEqual(['Delivery times']);
    expect(await search('100%')).toEqual(['Đổi trả hàng']);
    expect(await search('zzz')).toEqual([]);
    expect(await search('', 'vi')).toHaveLength(2);
  });

  it('records where the visitor is, for the agents', async () => {
    const first = await postJson<VisitorSessionResponse>(server.url + HTTP.visitorSession, {
      siteKey: site.siteKey,
      page: { url: 'https://shop.example/pricing', title: 'Pricing' },
      locale: 'vi-VN',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    for (let i = 0; i < 35; i++) {
      await postJson(server.url + HTTP.visitorSession, { siteKey: site.siteKey, token: first.body.token, page: { url: `https://shop.example/p/${i}` } });
    }
    const [row] = await server.database.db.select().from(visitors).where(eq(visitors.id, first.body.visitor.id));
    expect(row).toMatchObject({ currentUrl: 'https://shop.example/p/34', locale: 'vi-VN', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(row!.pages).toHaveLength(30);
    expect(row!.pages.at(-1)!.url).toBe('https://shop.example/p/34');
    expect(row!.pages[0]!.url).toBe('https://shop.example/p/5');
  });

  it('stores unverified claims as unverified, and verifies a JWT signed with the site secret', async () => {
    const session = await visitorSession(server.url, site.siteKey);
    const plain = await identify({ token: session.token, name: 'Bình', email: 'Binh@Example.com', userId: 'u-1', attributes: { plan: 'pro' } });
    expect(plain.status).toBe(200);
    expect(plain.body.visitor).toMatchObject({ name: 'Bình', email: 'binh@example.com', verified: false });

    const signed = jwt.sign({ sub: 'user-42', name: 'Nguyễn Văn An', email: 'an@example.com' }, secret, { algorithm: 'HS256', expiresIn: 300 });
    const verified = await identify({ token: session.token, identityToken: signed });
    expect(verified.body.visitor).toMatchObject({ id: session.visitor.id, name: 'Nguyễn Văn An', email: 'an@example.com', verified: true });

    // Unverified claims cannot overwrite the verified identity afterwards.
    const spoof = await identify({ token: session.token, name: 'Mallory', email: 'mallory@example.com' });
    expect(spoof.body.visitor).toMatchObject({ name: 'Nguyễn Văn An', verified: true });
    const [row] = await server.database.db.select().from(visitors).where(eq(visitors.id, session.visitor.id));
    expect(row).toMatchObject({ externalId: 'user-42', verified: true, attributes: { plan: 'pro' } });
  });

  it('refuses a forged or expired identity token and changes nothing', async () => {
    const session = await visitorSession(server.url, site.siteKey);
    const forged = jwt.sign({ sub: 'admin', name: 'CEO' }, 'not-the-site-secret', { algorithm: 'HS256' });
    const expired = jwt.sign({ sub: 'admin', exp: Math.floor(Date.now() / 1000) - 60 }, secret, { algorithm: 'HS256' });
    const none = jwt.sign({ sub: 'admin' }, '', { algorithm: 'none' });
    for (const identityToken of [forged, expired, none]) {
      const res = await identify({ token: session.token, identityToken, name: 'CEO' });
      expect(res.status).toBe(401);
      expect(res.body.error!.code).toBe('UNAUTHORIZED');
    }
    const [row] = await server.database.db.select().from(visitors).where(eq(visitors.id, session.visitor.id));
    expect(row).toMatchObject({ name: null, verified: false, externalId: null });
  });

  it('gives a verified user their own visitor back on another device, with this device\'s chat', async () => {
    const signed = jwt.sign({ sub: 'user-77', name: 'Chi' }, secret, { algorithm: 'HS256' });
    const laptop = await visitorSession(server.url, site.siteKey);
    await identify({ token: laptop.token, identityToken: signed });
    const phone = await visitorSession(server.url, site.siteKey);
    const socket = await connectVisitor(server.url, phone.token);
    const chat = ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'from my phone', clientId: 'ph1' }));
    const back = await identify({ token: phone.token, identityToken: signed });
    expect(back.body.visitor.id).toBe(laptop.visitor.id);
    const again = await connectVisitor(server.url, back.body.token);
    const resumed = ok(await visitorRequest(again, EVENTS.conversationResume, {}));
    expect(resumed.conversation?.id).toBe(chat.conversation.id);
  });

  it('serves the hosted chat page for a site key', async () => {
    const res = await fetch(`${server.url}${HTTP.chatPage(site.siteKey)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`data-site-key="${site.siteKey}" data-mode="page"`);
    expect((await fetch(`${server.url}${HTTP.chatPage('nope')}`)).status).toBe(404);
  });

  it('lists visitors on the site now and lets an agent start a chat with one', async () => {
    const agent = await createAgent(server.database.db, site, { name: 'Hoa' });
    const agentSocket = await connectAgent(server.url, (await agentLogin(server.url, agent.email, agent.password)).token);
    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    const online = ok(await agentRequest(agentSocket, EVENTS.visitorListOnline, { siteId: site.id })).visitors as OnlineVisitor[];
    expect(online.map((v) => v.visitorId)).toContain(session.visitor.id);

    const message = nextEvent<{ text: string; sender: string }>(visitor, EVENTS.messageNew, (m) => m.sender === 'agent');
    const started = ok(
      await agentRequest(agentSocket, EVENTS.conversationInitiate, {
        visitorId: session.visitor.id,
        channelId: site.channels[0]!.id,
        text: 'Chào bạn, bạn cần giúp gì không?',
        clientId: 'pro-1',
      }),
    );
    expect(started.conversation).toMatchObject({ status: 'active', agentName: 'Hoa', visitorId: session.visitor.id });
    expect((await message).text).toBe('Chào bạn, bạn cần giúp gì không?');
    // A second proactive chat while one is open is refused.
    expect(
      await agentRequest(agentSocket, EVENTS.conversationInitiate, { visitorId: session.visitor.id, channelId: site.channels[0]!.id, text: 'again', clientId: 'pro-2' }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Agents of other sites cannot see or reach this visitor.
    const other = await createSite(server.database.db);
    const stranger = await createAgent(server.database.db, other);
    const strangerSocket = await connectAgent(server.url, (await agentLogin(server.url, stranger.email, stranger.password)).token);
    expect(await agentRequest(strangerSocket, EVENTS.visitorListOnline, { siteId: site.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await agentRequest(strangerSocket, EVENTS.conversationInitiate, { visitorId: session.visitor.id, channelId: site.channels[0]!.id, text: 'hi', clientId: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

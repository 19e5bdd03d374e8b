import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP, type AdminAgent, type AdminChannel, type AdminSite, type ErrorBody } from '@parley/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, closeSockets, connectAgent, connectVisitor, nextEvent, ok, visitorRequest, visitorSession } from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

describe.each(testDatabaseTargets())('admin API on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let admin: TestAgent;
  let token: string;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db, { channels: ['Sales'] });
    admin = await createAgent(server.database.db, site, { name: 'Owner', role: 'admin' });
    token = (await agentLogin(server.url, admin.email, admin.password)).token;
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  async function call<T>(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; body: T & { error?: ErrorBody } }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as T & { error?: ErrorBody } };
  }

  it('lets only admins in, and only to their own sites', async () => {
    const plain = await createAgent(server.database.db, site);
    const plainToken = (await agentLogin(server.url, plain.email, plain.password)).token;
    expect((await call('GET', HTTP.adminSites, undefined, plainToken)).status).toBe(403);
    const other = await createSite(server.database.db);
    const otherAdmin = await createAgent(server.database.db, other, { role: 'admin' });
    const otherToken = (await agentLogin(server.url, otherAdmin.email, otherAdmin.password)).token;
    const foreign = await call('PATCH', HTTP.adminSite(site.id), { name: 'Hijacked' }, otherToken);
    expect(foreign.status).toBe(404);
    expect((await call('GET', HTTP.adminSites, undefined, 'garbage')).status).toBe(401);
    const mine = await call<{ sites: AdminSite[] }>('GET', HTTP.adminSites);
    expect(mine.body.sites.map((s) => s.id)).toEqual([site.id]);
    expect(mine.body.sites[0]!.snippet).toBe(`<script src="${server.url}/widget.js" data-site-key="${site.siteKey}" async></script>`);
  });

  it('validates site settings and applies them', async () => {
    const bad = await call('PATCH', HTTP.adminSite(site.id), { allowedOrigins: ['https://shop.example/path'], widget: { color: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe('VALIDATION');
    const good = await call<AdminSite>('PATCH', HTTP.adminSite(site.id), {
      allowedOrigins: ['https://shop.example'],
      maxWaitingTotal: 7,
      widget: { color: '#0f766e', language: 'vi', prechat: { name: 'required', email: 'hidden' } },
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ allowedOrigins: ['https://shop.example'], maxWaitingTotal: 7 });
    expect(good.body.widget).toMatchObject({ color: '#0f766e', language: 'vi', greeting: 'Hello', prechat: { name: 'required', email: 'hidden' } });
    await call('PATCH', HTTP.adminSite(site.id), { allowedOrigins: [] });
    const rotated = await call<{ identitySecret: string }>('POST', HTTP.adminRotateSecret(site.id));
    expect(rotated.body.identitySecret).toMatch(/^[\w-]{40,}$/);
  });

  it('creates a channel with maxWaiting 1 that routing then obeys', async () => {
    const created = await call<AdminChannel>('POST', HTTP.adminChannels(site.id), { name: 'VIP', maxWaiting: 1, routingMode: 'manual', memberIds: [admin.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'VIP', maxWaiting: 1, routingMode: 'manual', memberIds: [admin.id] });
    const start = async () => {
      const session = await visitorSession(server.url, site.siteKey);
      const socket = await connectVisitor(server.url, session.token);
      return visitorRequest(socket, EVENTS.conversationStart, { channelId: created.body.id });
    };
    expect((await start()).ok).toBe(true);
    expect(await start()).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL' } });
    const raised = await call<AdminChannel>('PATCH', HTTP.adminChannel(site.id, created.body.id), { maxWaiting: 2 });
    expect(raised.body.maxWaiting).toBe(2);
    expect((await start()).ok).toBe(true);
    expect((await call('DELETE', HTTP.adminChannel(site.id, created.body.id))).status).toBe(409);
    const unknownMember = await call('POST', HTTP.adminChannels(site.id), { name: 'X', memberIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownMember.status).toBe(400);
  });

  it('creates agents, raises capacity (the queue drains) and deactivates at once, open sockets included', async () => {
    // The PostgreSQL test database outlives runs: a fresh address each time.
    const email = `lan-${Date.now()}@shop.example`;
    const created = await call<AdminAgent>('POST', HTTP.adminAgents(site.id), {
      name: 'Lan',
      email,
      password: 'a good long password',
      maxChats: 0,
      channelIds: [site.channels[0]!.id],
    });
    expect(created.status).toBe(201);
    const lanToken = (await agentLogin(server.url, email, 'a good long password')).token;
    const lanSocket = await connectAgent(server.url, lanToken);
    // Lan is online with no capacity: a visitor waits.
    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    await new Promise((r) => setTimeout(r, 200));
    const waiting = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'hi', clientId: 'w1' }));
    expect(waiting.conversation.status).toBe('waiting');
    const assigned = nextEvent(visitor, EVENTS.conversationUpdated, (c: { status: string }) => c.status === 'active');
    await call('PATCH', HTTP.adminAgent(site.id, created.body.id), { maxChats: 2 });
    expect(await assigned).toMatchObject({ agentName: 'Lan' });

    const closed = new Promise((resolve) => lanSocket.once('disconnect', resolve));
    const off = await call<AdminAgent>('PATCH', HTTP.adminAgent(site.id, created.body.id), { active: false });
    expect(off.body.active).toBe(false);
    await closed;
    expect((await fetch(server.url + HTTP.agentMe, { headers: { authorization: `Bearer ${lanToken}` } })).status).toBe(401);
    expect((await fetch(server.url + HTTP.agentLogin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a good long password' }) })).status).toBe(401);
    const self = await call('PATCH', HTTP.adminAgent(site.id, admin.id), { active: false });
    expect(self.status).toBe(409);
  });

  it('manages canned responses (shortcuts unique per site) that every agent can read', async () => {
    const made = await call<{ id: string }>('POST', HTTP.adminCanned(site.id), { shortcut: 'Refund', text: 'Hi {visitor.name}, your refund is on its way.' });
    expect(made.status).toBe(201);
    expect((await call('POST', HTTP.adminCanned(site.id), { shortcut: 'refund', text: 'dup' })).status).toBe(409);
    const plain = await createAgent(server.database.db, site);
    const plainToken = (await agentLogin(server.url, plain.email, plain.password)).token;
    const listed = await call<{ responses: { shortcut: string }[] }>('GET', HTTP.cannedResponses(site.id), undefined, plainToken);
    expect(listed.body.responses.map((r) => r.shortcut)).toContain('refund');
    expect((await call('POST', HTTP.adminCanned(site.id), { shortcut: 'x', text: 'y' }, plainToken)).status).toBe(403);
    expect((await call('DELETE', HTTP.adminCannedItem(site.id, made.body.id))).status).toBe(204);
  });

  it('manages FAQ articles the widget then finds', async () => {
    const made = await call<{ id: string }>('POST', HTTP.adminFaq(site.id), { language: 'vi', title: 'Phí vận chuyển', body: 'Miễn phí cho đơn từ 500.000đ.' });
    expect(made.status).toBe(201);
    const found = await fetch(`${server.url}${HTTP.faqSearch}?siteKey=${site.siteKey}&q=phi van chuyen`);
    expect(((await found.json()) as { articles: { title: string }[] }).articles.map((a) => a.title)).toEqual(['Phí vận chuyển']);
  });

  it('signs an agent out everywhere', async () => {
    const agent = await createAgent(server.database.db, site);
    const t = (await agentLogin(server.url, agent.email, agent.password)).token;
    const socket = await connectAgent(server.url, t);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    expect((await call('POST', HTTP.agentLogout, undefined, t)).status).toBe(204);
    await closed;
    expect((await fetch(server.url + HTTP.agentMe, { headers: { authorization: `Bearer ${t}` } })).status).toBe(401);
  });
});

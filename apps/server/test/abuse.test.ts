/** Abuse: rate limits on HTTP and sockets, floods that hurt only the flooder, unknown events, headers. */
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP, type Message } from '@parley/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentLogin,
  agentRequest,
  closeSockets,
  connectAgent,
  connectVisitor,
  ok,
  postJson,
  visitorRequest,
  visitorSession,
} from './support/clients.ts';
import { createAgent, createSite, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

describe('abuse limits', () => {
  let server: TestServer;
  let site: TestSite;

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create(), { LOGIN_RATE_LIMIT_PER_MINUTE: '3', SESSION_RATE_LIMIT_PER_MINUTE: '5' });
    site = await createSite(server.database.db, { maxWaiting: 10 });
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('limits sign-in attempts per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await postJson(server.url + HTTP.agentLogin, { email: 'x@example.com', password: 'wrong-password' })).status);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const limited = await postJson<{ error: { code: string } }>(server.url + HTTP.agentLogin, { email: 'x@example.com', password: 'nope' });
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('caps new visitor sessions per address, but not renewals', async () => {
    const first = await postJson<{ token: string }>(server.url + HTTP.visitorSession, { siteKey: site.siteKey });
    for (let i = 0; i < 4; i++) await postJson(server.url + HTTP.visitorSession, { siteKey: site.siteKey });
    const refused = await postJson<{ error: { code: string } }>(server.url + HTTP.visitorSession, { siteKey: site.siteKey });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    const renewed = await postJson(server.url + HTTP.visitorSession, { siteKey: site.siteKey, token: first.body.token });
    expect(renewed.status).toBe(200);
  });

});

describe('a flood', () => {
  let server: TestServer;
  let site: TestSite;
  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
    site = await createSite(server.database.db, { maxWaiting: 10 });
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('throttles the flooding visitor while another visitor\'s messages arrive promptly', async () => {
    const agent = await createAgent(server.database.db, site, { maxChats: 10 });
    const agentSocket = await connectAgent(server.url, (await agentLogin(server.url, agent.email, agent.password)).token);
    await new Promise((r) => setTimeout(r, 100));
    const flooder = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    const calm = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    const floodChat = ok(await visitorRequest(flooder, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    const calmChat = ok(await visitorRequest(calm, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: calmChat.conversation.id }));

    const arrived = new Map<string, number>();
    agentSocket.on(EVENTS.messageNew, (m: Message) => {
      if (m.conversationId === calmChat.conversation.id) arrived.set(m.text, Date.now());
    });
    const flood = Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        visitorRequest(flooder, EVENTS.messageSend, { conversationId: floodChat.conversation.id, clientId: `f${i}`, text: `spam ${i}` }),
      ),
    );
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = Date.now();
      const ack = await visitorRequest(calm, EVENTS.messageSend, { conversationId: calmChat.conversation.id, clientId: `c${i}`, text: `calm ${i}` });
      expect(ack.ok).toBe(true);
      await expect.poll(() => arrived.has(`calm ${i}`), { timeout: 2000, interval: 5 }).toBe(true);
      delays.push(arrived.get(`calm ${i}`)! - sent);
    }
    const acks = await flood;
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    const stored = acks.filter((a) => a.ok).length;
    expect(limited).toBeGreaterThan(100);
    expect(limited + stored).toBe(150);
    // The burst is 20 events, and conversation:start took one of them; refill adds 5 a second.
    expect(stored).toBeGreaterThanOrEqual(19);
    expect(Math.max(...delays)).toBeLessThan(1000);
  });

  it('answers unknown events with a typed error and keeps the connection', async () => {
    const visitor = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    const raw = visitor as unknown as { timeout(ms: number): { emit(event: string, ...args: unknown[]): void } };
    const ack = await new Promise((resolve) => raw.timeout(2000).emit('nope:never', {}, (_e: unknown, a: unknown) => resolve(a)));
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(ok(await visitorRequest(visitor, EVENTS.conversationResume, {}))).toMatchObject({ conversation: null });
  });

  it('drops a frame over the size limit without harm to the server', async () => {
    const visitor = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    const closed = new Promise((resolve) => visitor.once('disconnect', resolve));
    visitor.emit(EVENTS.messageSend, { conversationId: '00000000-0000-4000-8000-000000000000', clientId: 'big', text: 'x'.repeat(200_000) }, () => {});
    await closed;
    const again = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    expect(ok(await visitorRequest(again, EVENTS.conversationResume, {}))).toMatchObject({ conversation: null });
  });

  it('sends security headers, a strict CSP on the console, and cross-origin readable widget files', async () => {
    const health = await fetch(server.url + HTTP.health);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const consolePage = await fetch(`${server.url}/console/`);
    if (consolePage.status === 200) {
      expect(consolePage.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(consolePage.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

/**
 * The authorization matrix: every route and event × {anonymous, visitor A, visitor B, agent of
 * site A, agent of site B, admin of site A}; only the allowed cells succeed, and the others get
 * the expected typed error.
 */
import { visitors } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { eq } from 'drizzle-orm';
import { EVENTS, HTTP, type ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, closeSockets, connectAgent, connectVisitor, ok, visitorRequest, visitorSession, type AgentClient, type VisitorClient } from './support/clients.ts';
import { createAgent, createSite, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

type Who = 'anonymous' | 'visitorA' | 'visitorB' | 'agentA' | 'agentB' | 'adminA';
const EVERYONE: Who[] = ['anonymous', 'visitorA', 'visitorB', 'agentA', 'agentB', 'adminA'];

type Loose = { emit(event: string, payload: unknown, ack: (a: { ok: boolean; error?: { code: string } }) => void): void };
const emit = (socket: AgentClient, event: string, payload: unknown) =>
  new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => (socket as unknown as Loose).emit(event, payload, resolve));

describe('authorization matrix', () => {
  let server: TestServer;
  let siteA: TestSite;
  let siteB: TestSite;
  const tokens = {} as Record<Who, string | undefined>;
  let conversationId: string;
  let visitorAId: string;

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
    const db = server.database.db;
    siteA = await createSite(db, { maxWaiting: 10 });
    siteB = await createSite(db);
    const [agentA, agentB, adminA] = [await createAgent(db, siteA, { maxChats: 20 }), await createAgent(db, siteB), await createAgent(db, siteA, { role: 'admin', maxChats: 20 })];
    tokens.anonymous = undefined;
    const a = await visitorSession(server.url, siteA.siteKey);
    const b = await visitorSession(server.url, siteA.siteKey);
    tokens.visitorA = a.token;
    tokens.visitorB = b.token;
    visitorAId = a.visitor.id;
    tokens.agentA = (await agentLogin(server.url, agentA.email, agentA.password)).token;
    tokens.agentB = (await agentLogin(server.url, agentB.email, agentB.password)).token;
    tokens.adminA = (await agentLogin(server.url, adminA.email, adminA.password)).token;
    const visitor = await connectVisitor(server.url, a.token);
    conversationId = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: siteA.channels[0]!.id, text: 'mine', clientId: 'm' })).conversation.id;
  });
  afterAll(async () => {
    closeSockets();
    await server.close();
    await server.database.close();
  });

  /** Status (HTTP) per actor; what is not listed must fail with the default for its kind. */
  function expectHttp(
    path: () => string,
    method: string,
    allowed: Who[],
    body?: () => unknown,
    deniedAgent: { agentA?: number; agentB?: number; adminA?: number } = {},
  ) {
    it(`${method} ${path.toString().replace(/^\(\) => /, '')}`, async () => {
      for (const who of EVERYONE) {
        const token = tokens[who];
        const res = await fetch(server.url + path(), {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body()) : undefined,
        });
        const expected = allowed.includes(who)
          ? [200, 201, 204]
          : who === 'anonymous' || who.startsWith('visitor')
            ? [401]
            : [deniedAgent[who as 'agentA'] ?? 404];
        expect(expected, `${who} → ${res.status}`).toContain(res.status);
      }
    });
  }

  describe('HTTP', () => {
    expectHttp(() => HTTP.agentMe, 'GET', ['agentA', 'agentB', 'adminA']);
    expectHttp(() => HTTP.adminSites, 'GET', ['adminA'], undefined, { agentA: 403, agentB: 403 });
    expectHttp(() => HTTP.adminSite(siteA.id), 'PATCH', ['adminA'], () => ({ name: 'Renamed' }), { agentA: 403, agentB: 403 });
    expectHttp(() => HTTP.adminChannels(siteA.id), 'GET', ['adminA'], undefined, { agentA: 403, agentB: 403 });
    expectHttp(() => HTTP.adminAgents(siteA.id), 'GET', ['adminA'], undefined, { agentA: 403, agentB: 403 });
    expectHttp(() => HTTP.adminCanned(siteA.id), 'GET', ['adminA'], undefined, { agentA: 403, agentB: 403 });
    expectHttp(() => HTTP.adminFaq(siteA.id), 'GET', ['adminA'], undefined, { agentA: 403, agentB: 403 });
    expectHttp(() => HTTP.cannedResponses(siteA.id), 'GET', ['agentA', 'adminA']);
    expectHttp(() => HTTP.metrics(siteA.id), 'GET', ['agentA', 'adminA']);
    expectHttp(() => HTTP.transcript(conversationId), 'GET', ['agentA', 'adminA']);
  });

  describe('visitor events', () => {
    const cases: [string, () => unknown, ErrorCode][] = [
      [EVENTS.conversationSync, () => ({ conversationId, afterSeq: 0 }), 'NOT_FOUND'],
      [EVENTS.messageSend, () => ({ conversationId, clientId: 'x1', text: 'hi' }), 'NOT_FOUND'],
      [EVENTS.conversationSurvey, () => ({ conversationId, csat: 5 }), 'NOT_FOUND'],
    ];
    /** Denied to visitor B; not tried as visitor A because it would end the conversation. */
    const deniedOnly: [string, () => unknown][] = [[EVENTS.conversationClose, () => ({ conversationId })]];
    it('only the conversation\'s own visitor reaches it; agents and anonymous cannot connect as visitors', async () => {
      const own = await connectVisitor(server.url, tokens.visitorA!);
      const other = await connectVisitor(server.url, tokens.visitorB!);
      for (const [event, payload, code] of cases) {
        const mine = await visitorRequest(own, event as never, payload());
        if (!mine.ok) expect(mine.error.code, event).not.toBe('NOT_FOUND');
        expect(await visitorRequest(other, event as never, payload()), event).toMatchObject({ ok: false, error: { code } });
      }
      for (const [event, payload] of deniedOnly) {
        expect(await visitorRequest(other, event as never, payload()), event).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      }
      for (const who of ['anonymous', 'agentA', 'agentB', 'adminA'] as Who[]) {
        await expect(connectVisitor(server.url, tokens[who] ?? ''), who).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      }
    });
  });

  it('admits a burst of visitor connections each on its own merits (the lookups are batched)', async () => {
    const sessions = await Promise.all(Array.from({ length: 40 }, () => visitorSession(server.url, siteA.siteKey)));
    const blocked = sessions.pop()!;
    await server.database.db.update(visitors).set({ blocked: true }).where(eq(visitors.id, blocked.visitor.id));
    const results = await Promise.allSettled([...sessions.map((s) => connectVisitor(server.url, s.token)), connectVisitor(server.url, blocked.token)]);
    expect(results.slice(0, -1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results.at(-1)).toMatchObject({ status: 'rejected', reason: { data: { code: 'FORBIDDEN' } } });
  });

  describe('agent events', () => {
    it('only agents of site A reach site A; visitors and anonymous cannot connect as agents', async () => {
      const sockets: Partial<Record<Who, AgentClient>> = {
        agentA: await connectAgent(server.url, tokens.agentA!),
        agentB: await connectAgent(server.url, tokens.agentB!),
        adminA: await connectAgent(server.url, tokens.adminA!),
      };
      const cases: [string, unknown][] = [
        [EVENTS.conversationOpen, { conversationId }],
        [EVENTS.conversationSync, { conversationId, afterSeq: 0 }],
        [EVENTS.visitorContext, { visitorId: visitorAId }],
        [EVENTS.agentList, { siteId: siteA.id }],
        [EVENTS.visitorListOnline, { siteId: siteA.id }],
        [EVENTS.conversationList, { siteId: siteA.id }],
        [EVENTS.conversationSearch, { siteId: siteA.id, query: 'mine' }],
        [EVENTS.messageSend, { conversationId, clientId: 'agent-x', text: 'hello', internal: true }],
        [EVENTS.conversationClaim, { conversationId }],
        [EVENTS.conversationReopen, { conversationId }],
        [EVENTS.conversationInitiate, { visitorId: visitorAId, channelId: siteA.channels[0]!.id, text: 'hi', clientId: 'init-x' }],
        [EVENTS.visitorBlock, { visitorId: visitorAId, blocked: false }],
        [EVENTS.conversationTransfer, { conversationId, toChannelId: siteA.channels[1]!.id }],
      ];
      for (const [event, payload] of cases) {
        for (const who of ['agentA', 'adminA'] as const) {
          const ack = await emit(sockets[who]!, event, payload);
          if (!ack.ok) expect(ack.error!.code, `${who} ${event}`).not.toMatch(/NOT_FOUND|UNAUTHORIZED|FORBIDDEN/);
        }
        const denied = await emit(sockets.agentB!, event, payload);
        expect(denied, `agentB ${event}`).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      }
      for (const who of ['anonymous', 'visitorA', 'visitorB'] as Who[]) {
        await expect(connectAgent(server.url, tokens[who] ?? ''), who).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      }
    });
  });
});

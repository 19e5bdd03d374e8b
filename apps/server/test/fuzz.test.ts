/**
 * Property-based fuzzing (fast-check) of every socket event and HTTP route with malformed payloads:
 * the server stays up, answers each with a typed error from the catalogue, and nothing stored changes.
 */
import { conversations, messages, sites, visitors } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { ERROR_CODES, EVENTS, HTTP } from '@parley/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, closeSockets, connectAgent, connectVisitor, ok, visitorRequest, visitorSession, type AgentClient, type VisitorClient } from './support/clients.ts';
import { createAgent, createSite, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

type Loose = { timeout(ms: number): { emit(event: string, payload: unknown, ack: (err: Error | null, a: unknown) => void): void } };
const send = (socket: VisitorClient | AgentClient, event: string, payload: unknown) =>
  new Promise<unknown>((resolve, reject) =>
    (socket as unknown as Loose).timeout(5000).emit(event, payload, (err, a) => (err ? reject(err) : resolve(a))),
  );

/** Anything at all, plus near-misses: the right keys with wrong types, huge or broken strings. */
const junk = fc.oneof(
  fc.anything(),
  fc.record({
    conversationId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    clientId: fc.oneof(fc.string({ maxLength: 200 }), fc.object()),
    text: fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), fc.constant(''), fc.constant('\ud800'), fc.integer()),
    siteId: fc.oneof(fc.string(), fc.boolean()),
    status: fc.string(),
    csat: fc.oneof(fc.integer(), fc.double()),
  }, { requiredKeys: [] }),
);

const READ_ONLY_OK = new Set<string>([EVENTS.conversationResume, EVENTS.conversationList, EVENTS.queueOverview, EVENTS.conversationSearch]);

describe('fuzzing with malformed payloads', () => {
  let server: TestServer;
  let site: TestSite;
  let visitor: VisitorClient;
  let agent: AgentClient;
  let agentToken: string;
  let visitorToken: string;

  const snapshot = async () => {
    const db = server.database.db;
    const [m, c, v, s] = await Promise.all([db.select().from(messages), db.select().from(conversations), db.select().from(visitors), db.select().from(sites)]);
    return JSON.stringify([m, c, v.map((x) => ({ ...x, lastSeenAt: null })), s]);
  };

  beforeAll(async () => {
    // Generous event budgets, so payloads reach validation instead of the rate limiter.
    server = await startServer(await testDatabaseTargets()[0]!.create(), { VISITOR_EVENTS_PER_SECOND: '100000', AGENT_EVENTS_PER_SECOND: '100000' });
    site = await createSite(server.database.db);
    const admin = await createAgent(server.database.db, site, { role: 'admin' });
    agentToken = (await agentLogin(server.url, admin.email, admin.password)).token;
    const session = await visitorSession(server.url, site.siteKey);
    visitorToken = session.token;
    visitor = await connectVisitor(server.url, visitorToken);
    ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'seed', clientId: 'seed' }));
    agent = await connectAgent(server.url, agentToken);
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    closeSockets();
    await server.close();
    await server.database.close();
  });

  it('answers every socket event with a typed error and changes nothing', async () => {
    const before = await snapshot();
    const visitorEvents = Object.values(EVENTS).filter((e) => !['message:new', 'conversation:created', 'conversation:updated', 'queue:position', 'queue:updated', 'agent:state', 'site:availability'].includes(e));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...visitorEvents), fc.boolean(), junk, async (event, asAgent, payload) => {
        if (event === EVENTS.typing || event === EVENTS.conversationRead) {
          // Signals carry no acknowledgement: fire and move on (the snapshot checks they did nothing).
          ((asAgent ? agent : visitor) as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
          return;
        }
        const ack = (await send(asAgent ? agent : visitor, event, payload)) as { ok: boolean; error?: { code: string; message: string } } | undefined;
        if (ack?.ok && READ_ONLY_OK.has(event)) return;
        expect(ack?.ok, `${event} ${JSON.stringify(payload)?.slice(0, 200)}`).toBe(false);
        expect(ERROR_CODES).toContain(ack!.error!.code);
        expect(ack!.error!.message.length).toBeGreaterThan(0);
        expect(ack!.error!.code).not.toBe('INTERNAL');
      }).beforeEach(() => {}),
      { numRuns: 300 },
    );
    expect(await snapshot()).toBe(before);
    expect((await fetch(server.url + HTTP.health)).status).toBe(200);
  });

  it('answers every HTTP route with a typed 4xx error and changes nothing', async () => {
    const before = await snapshot();
    // PATCH with a valid but empty body changes nothing; other valid bodies are vanishingly unlikely.
    const routes: [string, string, string | undefined][] = [
      ['POST', HTTP.visitorSession, undefined],
      ['POST', HTTP.visitorIdentify, undefined],
      ['POST', HTTP.agentLogin, undefined],
      ['PATCH', HTTP.adminSite(site.id), agentToken],
      ['POST', HTTP.adminChannels(site.id), agentToken],
      ['POST', HTTP.adminAgents(site.id), agentToken],
      ['POST', HTTP.adminCanned(site.id), agentToken],
      ['POST', HTTP.adminFaq(site.id), agentToken],
      ['POST', HTTP.adminSites, agentToken],
      ['GET', `${HTTP.metrics(site.id)}?tz=`, agentToken],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(junk.map((j) => JSON.stringify(j) ?? 'null'), fc.string({ unit: 'binary', maxLength: 300 })), async ([method, path, token], body) => {
        // (Cutting at 50 may split a surrogate pair, which encodeURIComponent refuses: mend it first.)
        const res = await fetch(server.url + (method === 'GET' ? path + encodeURIComponent(body.slice(0, 50).toWellFormed()) : path), {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: method === 'GET' ? undefined : body,
        });
        expect(res.status, `${method} ${path} ${body.slice(0, 100)}`).toBeLessThan(500);
        // A payload that happens to be valid (an empty PATCH) may succeed; anything refused is typed.
        if (res.status >= 400) {
          const parsed = (await res.json()) as { error: { code: string } };
          expect(ERROR_CODES).toContain(parsed.error.code);
        }
      }),
      { numRuns: 300 },
    );
    expect(await snapshot()).toBe(before);
  });
});

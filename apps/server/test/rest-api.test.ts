/**
 * The REST API end to end: the OpenAPI document is valid; every documented operation answers a
 * valid request with its documented status and a body that validates against the documented
 * schema; the documented errors (401 missing / invalid / revoked token, 403 scope, 404 other
 * site, 400 bad input) happen and validate too; messages sent through the API arrive live; a
 * token of one site never sees another's data.
 */
import { compileErrors, validate as validateOpenApi } from '@readme/openapi-parser';
import { testDatabaseTargets } from '@parley/db/testing';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { apiTokens, conversations, visitors } from '@parley/db';
import { API, EVENTS, HTTP, type Conversation, type CreatedApiToken, type ApiToken, type Message } from '@parley/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentLogin,
  agentRequest,
  closeSockets,
  connectAgent,
  connectVisitor,
  nextEvent,
  ok,
  visitorRequest,
  visitorSession,
  type VisitorClient,
} from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { operationsOf, responseValidator, urlOf, type OpenApiDocument, type Operation } from './support/openapi.ts';
import { startServer, type TestServer } from './support/server.ts';

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

describe.each(testDatabaseTargets())('REST API on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let other: TestSite;
  let admin: TestAgent;
  let agent: TestAgent;
  let otherAgent: TestAgent;
  let adminJwt: string;
  let writeToken: string;
  let readToken: string;
  let revokedToken: string;
  let otherToken: string;
  let doc: OpenApiDocument;
  let operations: Operation[];
  const validator = responseValidator();

  async function call(method: string, path: string, options: { token?: string | null; body?: unknown; raw?: string } = {}) {
    const headers: Record<string, string> = {};
    if (options.token !== null) headers.authorization = `Bearer ${options.token ?? writeToken}`;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  }

  async function adminCall<T>(method: string, path: string, body?: unknown, jwt = adminJwt) {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${jwt}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** A site of its own for one test, with an admin to make its token. */
  async function siteWithToken(options: Parameters<typeof createSite>[1], scopes: ('read' | 'write')[]) {
    const created = await createSite(server.database.db, options);
    const owner = await createAgent(server.database.db, created, { role: 'admin', maxChats: 0 });
    const jwt = (await agentLogin(server.url, owner.email, owner.password)).token;
    return { site: created, token: await newToken(created, scopes, jwt) };
  }

  async function newToken(forSite: TestSite, scopes: ('read' | 'write')[], jwt = adminJwt): Promise<string> {
    const created = await adminCall<CreatedApiToken>('POST', HTTP.adminApiTokens(forSite.id), { name: `test ${scopes.join('+')}`, scopes }, jwt);
    expect(created.status).toBe(201);
    return created.body.token;
  }

  /** A visitor of the site starts a conversation over the real socket path (auto-assigned when an agent is online). */
  async function startChat(forSite: TestSite, channelIndex = 0, text = 'Hello, I need help'): Promise<{ conversation: Conversation; socket: VisitorClient; token: string }> {
    const session = await visitorSession(server.url, forSite.siteKey);
    const socket = await connectVisitor(server.url, session.token);
    const started = ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: forSite.channels[channelIndex]!.id, text }));
    return { conversation: started.conversation as Conversation, socket, token: session.token };
  }

  const op = (operationId: string) => {
    const found = operations.find((o) => o.operationId === operationId);
    if (!found) throw new Error(`operation ${operationId} is not documented`);
    return found;
  };

  /** Calls a documented operation and checks the status and that the body matches the documented schema. */
  async function callOperation(o: Operation, input: Call, expected: number, token?: string | null) {
    const res = await call(o.method, urlOf(o, input.params, input.query), { token, body: input.body });
    expect(res.status, `${o.operationId} → ${JSON.stringify(res.body).slice(0, 300)}`).toBe(expected);
    const validate = validator(o, expected);
    expect(validate(res.body), `${o.operationId} ${expected} body: ${JSON.stringify(validate.errors)}`).toBe(true);
    return res.body;
  }

  beforeAll(async () => {
    server = await startServer(await target.create());
    const db = server.database.db;
    site = await createSite(db, { maxWaiting: 10, maxWaitingTotal: 50 });
    other = await createSite(db);
    admin = await createAgent(db, site, { name: 'Owner', role: 'admin', maxChats: 0 });
    agent = await createAgent(db, site, { name: 'Lan', status: 'online', maxChats: 20 });
    otherAgent = await createAgent(db, other, { name: 'Stranger', status: 'online', maxChats: 20 });
    const otherAdmin = await createAgent(db, other, { role: 'admin', maxChats: 0 });
    adminJwt = (await agentLogin(server.url, admin.email, admin.password)).token;
    writeToken = await newToken(site, ['read', 'write']);
    readToken = await newToken(site, ['read']);
    revokedToken = await newToken(site, ['read', 'write']);
    otherToken = await newToken(other, ['read', 'write'], (await agentLogin(server.url, otherAdmin.email, otherAdmin.password)).token);
    const tokens = await adminCall<{ tokens: ApiToken[] }>('GET', HTTP.adminApiTokens(site.id));
    const toRevoke = tokens.body.tokens.filter((t) => revokedToken.startsWith(t.prefix));
    expect(toRevoke).toHaveLength(1);
    expect((await adminCall('DELETE', HTTP.adminApiToken(site.id, toRevoke[0]!.id))).status).toBe(200);

    const res = await fetch(server.url + API.openapi);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
    operations = operationsOf(doc);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('serves a valid OpenAPI 3.1 document with bearer security, and the docs page', async () => {
    const result = await validateOpenApi(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components?.securitySchemes?.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiToken: [] }]);
    // Only the token API is documented (no admin, widget or agent-session routes).
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/') && !p.includes('/admin/') && !p.includes('/visitor/'))).toBe(true);
    for (const o of operations) {
      for (const status of ['401', '403', '429']) expect(o.responses[status], `${o.operationId} documents ${status}`).toBeDefined();
      if (o.parameters?.length || o.requestBody) expect(o.responses['400'], `${o.operationId} documents 400`).toBeDefined();
      if (o.path.includes('{')) expect(o.responses['404'], `${o.operationId} documents 404`).toBeDefined();
    }
    const ui = await fetch(`${server.url}${API.docs}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    expect((await fetch(`${server.url}${API.docs}/json`)).status).toBe(200);
  });

  it('answers every documented operation with its documented status and schema', async () => {
    const main = await startChat(site);
    expect(main.conversation.status).toBe('active');
    const toClose = await startChat(site);
    const toTransfer = await startChat(site);
    const visitorId = main.conversation.visitorId;
    const valid: Record<string, { input: Call; status: number }> = {
      getSite: { input: {}, status: 200 },
      listConversations: { input: { query: { status: 'active,waiting', channelId: site.channels[0]!.id, limit: '2' } }, status: 200 },
      getConversation: { input: { params: { conversationId: main.conversation.id } }, status: 200 },
      closeConversation: { input: { params: { conversationId: toClose.conversation.id }, body: { agentId: agent.id } }, status: 200 },
      transferConversation: {
        input: { params: { conversationId: toTransfer.conversation.id }, body: { agentId: agent.id, toChannelId: site.channels[1]!.id, note: 'Billing question' } },
        status: 200,
      },
      listMessages: { input: { params: { conversationId: main.conversation.id }, query: { after: '0', limit: '10' } }, status: 200 },
      sendMessage: { input: { params: { conversationId: main.conversation.id }, body: { botName: 'Order bot', text: 'Your order has shipped.' } }, status: 201 },
      listVisitors: { input: { query: { limit: '5' } }, status: 200 },
      getVisitor: { input: { params: { visitorId } }, status: 200 },
      updateVisitor: { input: { params: { visitorId }, body: { name: 'Lan Nguyen', attributes: { plan: 'pro', orders: 3 } } }, status: 200 },
      listChannels: { input: {}, status: 200 },
      getChannel: { input: { params: { channelId: site.channels[0]!.id } }, status: 200 },
      getQueue: { input: {}, status: 200 },
      listAgents: { input: {}, status: 200 },
      getAgent: { input: { params: { agentId: agent.id } }, status: 200 },
      getMetrics: { input: { query: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString(), bucket: 'hour', tz: 'Asia/Ho_Chi_Minh' } }, status: 200 },
    };
    // A newly documented operation without a valid input here fails this test until it gets one.
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(valid).sort());
    const bodies: Record<string, Record<string, unknown>> = {};
    for (const o of operations) bodies[o.operationId] = await callOperation(o, valid[o.operationId]!.input, valid[o.operationId]!.status);

    expect((bodies.getSite as { id: string }).id).toBe(site.id);
    expect((bodies.closeConversation as { conversation: Conversation }).conversation.status).toBe('closed');
    expect((bodies.transferConversation as { conversation: Conversation }).conversation.channelId).toBe(site.channels[1]!.id);
    expect((bodies.sendMessage as { message: Message }).message).toMatchObject({ sender: 'bot', authorName: 'Order bot', agentId: null, internal: false });
    expect((bodies.updateVisitor as { visitor: { name: string; attributes: object } }).visitor).toMatchObject({ name: 'Lan Nguyen', attributes: { plan: 'pro', orders: 3 } });
    expect((bodies.getAgent as { agentId: string; status: string }).status).toBe('online');
    // A retried send with the same clientId is stored once and documented as 200.
    const retry = { params: { conversationId: main.conversation.id }, body: { agentId: agent.id, text: 'Once only', clientId: 'crm-42' } };
    const first = (await callOperation(op('sendMessage'), retry, 201)) as { message: Message };
    const again = (await callOperation(op('sendMessage'), retry, 200)) as { message: Message };
    expect(again.message.id).toBe(first.message.id);
    // Removing an attribute with null.
    const removed = (await callOperation(op('updateVisitor'), { params: { visitorId }, body: { attributes: { plan: null } } }, 200)) as { visitor: { attributes: object } };
    expect(removed.visitor.attributes).toEqual({ orders: 3 });
    // Closing twice is fine; sending to a closed conversation is a documented CONFLICT.
    await callOperation(op('closeConversation'), valid.closeConversation!.input, 200);
    const conflict = await callOperation(op('sendMessage'), { params: { conversationId: toClose.conversation.id }, body: { botName: 'Bot', text: 'late' } }, 409);
    expect(conflict.error!.code).toBe('CONFLICT');
  });

  it('documents and answers 401 for a missing, invalid or revoked token, and 403 for a missing scope', async () => {
    const { conversation } = await startChat(site);
    const input: Record<string, Call> = {
      getConversation: { params: { conversationId: conversation.id } },
      closeConversation: { params: { conversationId: conversation.id }, body: { agentId: agent.id } },
      transferConversation: { params: { conversationId: conversation.id }, body: { agentId: agent.id, toChannelId: site.channels[1]!.id } },
      listMessages: { params: { conversationId: conversation.id } },
      sendMessage: { params: { conversationId: conversation.id }, body: { botName: 'Bot', text: 'hi' } },
      getVisitor: { params: { visitorId: conversation.visitorId } },
      updateVisitor: { params: { visitorId: conversation.visitorId }, body: { name: 'X' } },
      getChannel: { params: { channelId: site.channels[0]!.id } },
      getAgent: { params: { agentId: agent.id } },
    };
    for (const o of operations) {
      const call = input[o.operationId] ?? {};
      for (const token of [null, 'parley_not-a-real-token', 'Basic abc', revokedToken]) {
        const body = await callOperation(o, call, 401, token);
        expect(body.error!.code).toBe('UNAUTHORIZED');
      }
      if (o.method !== 'GET') {
        const body = await callOperation(o, call, 403, readToken);
        expect(body.error!.code).toBe('FORBIDDEN');
      }
    }
    // Nothing was changed by the refused writes.
    const after = await call('GET', API.conversation(conversation.id));
    expect((after.body.conversation as Conversation).status).toBe('active');
  });

  it('documents and answers 404 for ids of another site and 400 for bad input', async () => {
    const mine = await startChat(site);
    const theirs = await startChat(other);
    const foreign: Record<string, Call> = {
      getConversation: { params: { conversationId: theirs.conversation.id } },
      closeConversation: { params: { conversationId: theirs.conversation.id }, body: { agentId: agent.id } },
      transferConversation: { params: { conversationId: theirs.conversation.id }, body: { agentId: agent.id, toChannelId: site.channels[1]!.id } },
      listMessages: { params: { conversationId: theirs.conversation.id } },
      sendMessage: { params: { conversationId: theirs.conversation.id }, body: { agentId: agent.id, text: 'hi' } },
      getVisitor: { params: { visitorId: theirs.conversation.visitorId } },
      updateVisitor: { params: { visitorId: theirs.conversation.visitorId }, body: { name: 'Hijacked' } },
      getChannel: { params: { channelId: other.channels[0]!.id } },
      getAgent: { params: { agentId: otherAgent.id } },
    };
    const withIds = operations.filter((o) => o.path.includes('{'));
    expect(withIds.map((o) => o.operationId).sort()).toEqual(Object.keys(foreign).sort());
    for (const o of withIds) {
      const body = await callOperation(o, foreign[o.operationId]!, 404);
      expect(body.error!.code).toBe('NOT_FOUND');
    }
    // Another site's agent cannot act on this site's conversation, nor a bot on theirs.
    await callOperation(op('sendMessage'), { params: { conversationId: mine.conversation.id }, body: { agentId: otherAgent.id, text: 'hi' } }, 404);
    await callOperation(op('sendMessage'), { params: { conversationId: theirs.conversation.id }, body: { botName: 'Bot', text: 'hi' } }, 404);
    // Their conversation is untouched.
    const theirView = await call('GET', API.conversation(theirs.conversation.id), { token: otherToken });
    expect((theirView.body.conversation as Conversation).status).toBe('active');

    const bad: Record<string, Call> = {
      listConversations: { query: { status: 'open', limit: '0' } },
      getConversation: { params: { conversationId: 'not-a-uuid' } },
      closeConversation: { params: { conversationId: mine.conversation.id }, body: {} },
      transferConversation: { params: { conversationId: mine.conversation.id }, body: { agentId: agent.id, toAgentId: agent.id, toChannelId: site.channels[1]!.id } },
      listMessages: { params: { conversationId: mine.conversation.id }, query: { after: '-1' } },
      sendMessage: { params: { conversationId: mine.conversation.id }, body: { agentId: agent.id, botName: 'Both', text: '   ' } },
      listVisitors: { query: { cursor: 'bm90IGEgY3Vyc29y' } },
      getVisitor: { params: { visitorId: '1' } },
      updateVisitor: { params: { visitorId: mine.conversation.visitorId }, body: { email: 'not an email' } },
      getChannel: { params: { channelId: 'x' } },
      getAgent: { params: { agentId: 'x' } },
      getMetrics: { query: { bucket: 'week', tz: 'Mars/Olympus' } },
    };
    const withInput = operations.filter((o) => o.responses['400']);
    expect(withInput.map((o) => o.operationId).sort()).toEqual(Object.keys(bad).sort());
    for (const o of withInput) {
      const body = await callOperation(o, bad[o.operationId]!, 400);
      expect(body.error!.code).toBe('VALIDATION');
    }
    // Malformed JSON is a typed 400 too, never a 500.
    const malformed = await call('POST', API.messages(mine.conversation.id), { raw: '{"text": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error!.code).toBe('VALIDATION');
  });

  it('delivers messages sent as an agent and as a bot live to the visitor and to agents', async () => {
    const chat = await startChat(site);
    const session = await agentLogin(server.url, agent.email, agent.password);
    const agentSocket = await connectAgent(server.url, session.token);
    ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: chat.conversation.id }));
    const isFor = (m: Message) => m.conversationId === chat.conversation.id;

    const visitorGets = nextEvent<Message>(chat.socket, EVENTS.messageNew, isFor);
    const agentGets = nextEvent<Message>(agentSocket, EVENTS.messageNew, isFor);
    const sent = await call('POST', API.messages(chat.conversation.id), { body: { agentId: agent.id, text: 'Hi, Lan here from the CRM' } });
    expect(sent.status).toBe(201);
    for (const m of [await visitorGets, await agentGets]) {
      expect(m).toMatchObject({ sender: 'agent', agentId: agent.id, authorName: 'Lan', text: 'Hi, Lan here from the CRM' });
    }

    // An internal bot note reaches agents only: the visitor's next message is the public bot one.
    const agentNote = nextEvent<Message>(agentSocket, EVENTS.messageNew, (m) => isFor(m) && m.internal);
    const visitorNext = nextEvent<Message>(chat.socket, EVENTS.messageNew, isFor);
    expect((await call('POST', API.messages(chat.conversation.id), { body: { botName: 'CRM', text: 'VIP customer', internal: true } })).status).toBe(201);
    expect(await agentNote).toMatchObject({ sender: 'bot', authorName: 'CRM', internal: true });
    const agentBot = nextEvent<Message>(agentSocket, EVENTS.messageNew, (m) => isFor(m) && !m.internal);
    expect((await call('POST', API.messages(chat.conversation.id), { body: { botName: 'Order bot', text: 'Order #1234 shipped' } })).status).toBe(201);
    for (const m of [await visitorNext, await agentBot]) {
      expect(m).toMatchObject({ sender: 'bot', agentId: null, authorName: 'Order bot', text: 'Order #1234 shipped', internal: false });
    }

    // The visitor's history after a reload has the agent and bot messages, not the note.
    const history = await call('GET', `${API.messages(chat.conversation.id)}?internal=false`);
    const texts = (history.body.messages as Message[]).map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Hi, Lan here from the CRM', 'Order #1234 shipped']));
    expect(texts).not.toContain('VIP customer');
  });

  it('answers a waiting conversation as an agent: it is assigned to them, as in the console', async () => {
    const { site: manual, token } = await siteWithToken({ routingMode: 'manual', channels: ['Orders'] }, ['write', 'read']);
    const minh = await createAgent(server.database.db, manual, { name: 'Minh', status: 'online' });
    const chat = await startChat(manual);
    expect(chat.conversation.status).toBe('waiting');
    // A bot answer assigns nothing.
    await call('POST', API.messages(chat.conversation.id), { token, body: { botName: 'Bot', text: 'An agent will be with you shortly.' } });
    expect(((await call('GET', API.conversation(chat.conversation.id), { token })).body.conversation as Conversation).status).toBe('waiting');
    const updated = nextEvent<Conversation>(chat.socket, EVENTS.conversationUpdated, (c) => c.id === chat.conversation.id && c.status === 'active');
    expect((await call('POST', API.messages(chat.conversation.id), { token, body: { agentId: minh.id, text: 'Hello!' } })).status).toBe(201);
    expect(await updated).toMatchObject({ agentId: minh.id, agentName: 'Minh' });
  });

  it('pages through conversations and visitors without gaps or repeats, with filters', async () => {
    const db = server.database.db;
    const { site: paged, token } = await siteWithToken({ channels: ['A', 'B'] }, ['read']);
    const rows = [];
    for (let i = 0; i < 7; i++) {
      const [visitor] = await db.insert(visitors).values({ siteId: paged.id, email: `v${i}@example.test` }).returning();
      // Two share one instant: the cursor must tell them apart by id.
      const createdAt = new Date(Date.UTC(2026, 0, 1, 12, 0, i === 4 ? 3 : i));
      const [row] = await db
        .insert(conversations)
        .values({ siteId: paged.id, channelId: paged.channels[i % 2]!.id, visitorId: visitor!.id, status: i % 3 === 0 ? 'closed' : 'waiting', createdAt })
        .returning();
      rows.push(row!);
    }
    const collect = async (path: string, key: 'conversations' | 'visitors', query: Record<string, string>) => {
      const seen: { id: string }[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const search = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
        const res = await call('GET', `${path}?${search}`, { token });
        expect(res.status).toBe(200);
        seen.push(...(res.body[key] as { id: string }[]));
        cursor = res.body.nextCursor as string | null;
        if (!cursor) break;
      }
      return seen.map((s) => s.id);
    };
    const newestFirst = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1)).map((r) => r.id);
    expect(await collect(API.conversations, 'conversations', { limit: '2' })).toEqual(newestFirst);
    const waitingInA = rows.filter((r) => r.status === 'waiting' && r.channelId === paged.channels[0]!.id).map((r) => r.id);
    expect((await collect(API.conversations, 'conversations', { limit: '1', status: 'waiting', channelId: paged.channels[0]!.id })).sort()).toEqual(waitingInA.sort());
    const since = await collect(API.conversations, 'conversations', { since: new Date(Date.UTC(2026, 0, 1, 12, 0, 5)).toISOString() });
    expect(since.sort()).toEqual(rows.filter((r) => r.createdAt.getUTCSeconds() >= 5).map((r) => r.id).sort());
    const allVisitors = await collect(API.visitors, 'visitors', { limit: '3' });
    expect(new Set(allVisitors).size).toBe(7);
    const byEmail = await call('GET', `${API.visitors}?email=V2@example.test`, { token });
    expect((byEmail.body.visitors as { email: string }[]).map((v) => v.email)).toEqual(['v2@example.test']);
  });

  it('keeps every token on its own site', async () => {
    const mine = await startChat(site);
    const theirs = await startChat(other);
    const list = await call('GET', `${API.conversations}?limit=100`, { token: otherToken });
    const ids = (list.body.conversations as Conversation[]).map((c) => c.id);
    expect(ids).toContain(theirs.conversation.id);
    expect(ids).not.toContain(mine.conversation.id);
    expect((list.body.conversations as Conversation[]).every((c) => c.siteId === other.id)).toBe(true);
    const visitorsSeen = (await call('GET', `${API.visitors}?limit=100`, { token: otherToken })).body.visitors as { id: string }[];
    expect(visitorsSeen.map((v) => v.id)).not.toContain(mine.conversation.visitorId);
    const agentsSeen = (await call('GET', API.agents, { token: otherToken })).body.agents as { agentId: string }[];
    expect(agentsSeen.map((a) => a.agentId)).toContain(otherAgent.id);
    expect(agentsSeen.map((a) => a.agentId)).not.toContain(agent.id);
    const channelsSeen = (await call('GET', API.channels, { token: otherToken })).body.channels as { id: string }[];
    expect(channelsSeen.map((c) => c.id).sort()).toEqual(other.channels.map((c) => c.id).sort());
    expect((await call('GET', API.site, { token: otherToken })).body.id).toBe(other.id);
    expect((await call('GET', API.queue, { token: otherToken })).body.siteId).toBe(other.id);
  });

  it('rate limits API calls like every route, with the documented 429 body', async () => {
    const limited = await startServer(server.database, { RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      let last: unknown;
      for (let i = 0; i < 4; i++) {
        const res = await fetch(limited.url + API.site, { headers: { authorization: `Bearer ${writeToken}` } });
        statuses.push(res.status);
        last = await res.json();
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const validate = validator(op('getSite'), 429);
      expect(validate(last), JSON.stringify(validate.errors)).toBe(true);
      expect((last as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('lets only the site admins manage tokens, shows a token once and stores only its hash', async () => {
    const created = await adminCall<CreatedApiToken>('POST', HTTP.adminApiTokens(site.id), { name: 'CRM sync', scopes: ['write', 'read'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^parley_[\w-]{43}$/);
    expect(created.body).toMatchObject({ name: 'CRM sync', scopes: ['read', 'write'], lastUsedAt: null, revokedAt: null });
    const listed = await adminCall<{ tokens: (ApiToken & { token?: string })[] }>('GET', HTTP.adminApiTokens(site.id));
    const entry = listed.body.tokens.find((t) => t.id === created.body.id)!;
    expect(entry.token).toBeUndefined();
    expect(created.body.token.startsWith(entry.prefix)).toBe(true);
    const stored = await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.body.id));
    expect(JSON.stringify(stored)).not.toContain(created.body.token.slice(entry.prefix.length));
    expect(stored[0]!.tokenHash).toBe(createHash('sha256').update(created.body.token).digest('hex'));

    expect((await call('GET', API.site, { token: created.body.token })).status).toBe(200);
    const used = await adminCall<{ tokens: ApiToken[] }>('GET', HTTP.adminApiTokens(site.id));
    expect(used.body.tokens.find((t) => t.id === created.body.id)!.lastUsedAt).not.toBeNull();

    // A plain agent may not; another site's admin gets NOT_FOUND; bad input is VALIDATION.
    const plainJwt = (await agentLogin(server.url, agent.email, agent.password)).token;
    expect((await adminCall('GET', HTTP.adminApiTokens(site.id), undefined, plainJwt)).status).toBe(403);
    const stranger = await createAgent(server.database.db, other, { role: 'admin' });
    const strangerJwt = (await agentLogin(server.url, stranger.email, stranger.password)).token;
    expect((await adminCall('GET', HTTP.adminApiTokens(site.id), undefined, strangerJwt)).status).toBe(404);
    expect((await adminCall('DELETE', HTTP.adminApiToken(site.id, created.body.id), undefined, strangerJwt)).status).toBe(404);
    expect((await adminCall('DELETE', HTTP.adminApiToken(other.id, created.body.id), undefined, strangerJwt)).status).toBe(404);
    const bad = await adminCall<{ error: { code: string } }>('POST', HTTP.adminApiTokens(site.id), { name: '', scopes: ['admin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');

    const revoked = await adminCall<ApiToken>('DELETE', HTTP.adminApiToken(site.id, created.body.id));
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await call('GET', API.site, { token: created.body.token })).status).toBe(401);
  });
});

import { sites } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP, type Conversation } from '@parley/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  type AgentClient,
} from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

describe.each(testDatabaseTargets())('console features on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let agent: TestAgent;
  let token: string;
  let agentSocket: AgentClient;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db, { maxWaiting: 10 });
    agent = await createAgent(server.database.db, site, { name: 'Thu', maxChats: 50 });
    token = (await agentLogin(server.url, agent.email, agent.password)).token;
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  async function chat(text: string, name?: string, channel = 0) {
    const session = await visitorSession(server.url, site.siteKey);
    const socket = await connectVisitor(server.url, session.token);
    const started = ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: site.channels[channel]!.id, text, clientId: 'c1', name }));
    return { socket, session, conversation: started.conversation };
  }
  const connect = async () => (agentSocket = await connectAgent(server.url, token));

  it('finds conversations by message text, name or email, with or without diacritics', async () => {
    await connect();
    const a = await chat('Tôi muốn ĐỔI TRẢ đôi giày này', 'Phạm Hương');
    const b = await chat('Where is my parcel?', 'John', 1);
    const search = async (query: string, extra: Record<string, unknown> = {}) =>
      ok(await agentRequest(agentSocket, EVENTS.conversationSearch, { query, ...extra })).conversations.map((c: Conversation) => c.id);
    expect(await search('doi tra')).toEqual([a.conversation.id]);
    expect(await search('đổi trả')).toEqual([a.conversation.id]);
    expect(await search('pham huong')).toEqual([a.conversation.id]);
    expect(await search('PARCEL')).toEqual([b.conversation.id]);
    expect(await search('parcel', { channelId: site.channels[0]!.id })).toEqual([]);
    expect(await search('parcel', { statuses: ['closed'] })).toEqual([]);
    expect(await search('100%_')).toEqual([]);
    const stranger = await createAgent(server.database.db, await createSite(server.database.db));
    const strangerSocket = await connectAgent(server.url, (await agentLogin(server.url, stranger.email, stranger.password)).token);
    expect(ok(await agentRequest(strangerSocket, EVENTS.conversationSearch, { query: 'doi tra' })).conversations).toEqual([]);
  });

  it('relays read receipts both ways, never backwards', async () => {
    await connect();
    const { socket, conversation } = await chat('read me');
    const updated = nextEvent<Conversation>(agentSocket, EVENTS.conversationUpdated, (c) => c.id === conversation.id && c.visitorReadSeq === 2);
    socket.emit(EVENTS.conversationRead, { conversationId: conversation.id, seq: 2 });
    await updated;
    const seen = nextEvent<Conversation>(socket, EVENTS.conversationUpdated, (c) => c.agentReadSeq === 1);
    agentSocket.emit(EVENTS.conversationRead, { conversationId: conversation.id, seq: 1 });
    expect((await seen).visitorReadSeq).toBe(2);
    socket.emit(EVENTS.conversationRead, { conversationId: conversation.id, seq: 1 });
    socket.emit(EVENTS.conversationRead, { conversationId: conversation.id, seq: 99 });
    const opened = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));
    await new Promise((r) => setTimeout(r, 150));
    const again = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));
    expect(again.conversation.visitorReadSeq).toBe(opened.conversation.lastSeq);
  });

  it('shows the visitor\'s draft to agents unless the site turns the sneak peek off', async () => {
    await connect();
    const { socket, conversation } = await chat('hello');
    ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));
    const peek = nextEvent<{ preview?: string }>(agentSocket, EVENTS.typing, (t) => t.preview !== undefined);
    socket.emit(EVENTS.typing, { conversationId: conversation.id, typing: true, preview: 'Tôi cần hóa đơn VAT' });
    expect((await peek).preview).toBe('Tôi cần hóa đơn VAT');

    const [row] = await server.database.db.select().from(sites).where(eq(sites.id, site.id));
    await server.database.db.update(sites).set({ widget: { ...row!.widget, typingPreview: false } }).where(eq(sites.id, site.id));
    const plain = nextEvent<{ preview?: string; typing: boolean }>(agentSocket, EVENTS.typing, (t) => t.typing);
    socket.emit(EVENTS.typing, { conversationId: conversation.id, typing: true, preview: 'secret draft' });
    expect((await plain).preview).toBeUndefined();
    await server.database.db.update(sites).set({ widget: row!.widget }).where(eq(sites.id, site.id));
  });

  it('gives the visitor context with pages and earlier conversations, and reopens a closed one', async () => {
    await connect();
    const first = await chat('first question');
    await postJson(server.url + HTTP.visitorSession, { siteKey: site.siteKey, token: first.session.token, page: { url: 'https://shop.example/cart', title: 'Cart' } });
    ok(await agentRequest(agentSocket, EVENTS.conversationClose, { conversationId: first.conversation.id }));
    const context = ok(await agentRequest(agentSocket, EVENTS.visitorContext, { visitorId: first.session.visitor.id }));
    expect(context.visitor).toMatchObject({ currentUrl: 'https://shop.example/cart', blocked: false });
    expect(context.conversations.map((c: Conversation) => [c.id, c.status])).toEqual([[first.conversation.id, 'closed']]);

    const reopened = ok(await agentRequest(agentSocket, EVENTS.conversationReopen, { conversationId: first.conversation.id }));
    expect(reopened.conversation).toMatchObject({ status: 'active', agentId: agent.id, closedAt: null });
    expect(await agentRequest(agentSocket, EVENTS.conversationReopen, { conversationId: first.conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('blocks a spam visitor: open chats close, sockets drop, and they cannot come back', async () => {
    await connect();
    const spam = await chat('BUY CHEAP WATCHES');
    const dropped = new Promise((resolve) => spam.socket.once('disconnect', resolve));
    const blocked = ok(await agentRequest(agentSocket, EVENTS.visitorBlock, { visitorId: spam.session.visitor.id, blocked: true }));
    expect(blocked.visitor.blocked).toBe(true);
    await dropped;
    await expect(connectVisitor(server.url, spam.session.token)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const again = await postJson<{ error: { code: string } }>(server.url + HTTP.visitorSession, { siteKey: site.siteKey, token: spam.session.token });
    expect(again.body.error.code).toBe('FORBIDDEN');
    const opened = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: spam.conversation.id }));
    expect(opened.conversation.status).toBe('closed');
  });

  it('downloads a transcript as text and JSON, without internal notes, for its own site only', async () => {
    await connect();
    const { conversation } = await chat('Xin chào, giao hàng khi nào?');
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'n', text: 'secret note', internal: true }));
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'r', text: 'Ngày mai ạ.' }));
    const auth = { authorization: `Bearer ${token}` };
    const text = await fetch(`${server.url}${HTTP.transcript(conversation.id)}`, { headers: auth });
    expect(text.headers.get('content-disposition')).toMatch(/attachment; filename="conversation-.*\.txt"/);
    const body = await text.text();
    expect(body).toContain('Visitor: Xin chào, giao hàng khi nào?');
    expect(body).toContain('Thu: Ngày mai ạ.');
    expect(body).toContain('(Thu joined the chat)');
    expect(body).not.toContain('secret note');
    const json = (await (await fetch(`${server.url}${HTTP.transcript(conversation.id)}?format=json`, { headers: auth })).json()) as { messages: { text: string }[] };
    expect(json.messages.map((m) => m.text)).toContain('Ngày mai ạ.');
    const stranger = await createAgent(server.database.db, await createSite(server.database.db));
    const strangerToken = (await agentLogin(server.url, stranger.email, stranger.password)).token;
    expect((await fetch(`${server.url}${HTTP.transcript(conversation.id)}`, { headers: { authorization: `Bearer ${strangerToken}` } })).status).toBe(404);
  });
});

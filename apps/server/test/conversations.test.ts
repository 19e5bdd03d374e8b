import { EVENTS, SYSTEM_MESSAGES, previewText, type Conversation, type ConversationActivity, type Message } from '@parley/protocol';
import { testDatabaseTargets } from '@parley/db/testing';
import { messages } from '@parley/db';
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
  visitorRequest,
  visitorSession,
  type AgentClient,
  type VisitorClient,
} from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';
import { messageWriter } from '../src/modules/conversations/message-writer.ts';

describe.each(testDatabaseTargets())('a conversation over real sockets on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let agent: TestAgent;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db);
    // Plenty of capacity: these tests are about messaging, routing has its own.
    agent = await createAgent(server.database.db, site, { name: 'Minh', maxChats: 100 });
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  async function newVisitor(siteKey = site.siteKey): Promise<{ socket: VisitorClient; token: string; visitorId: string }> {
    const session = await visitorSession(server.url, siteKey);
    return { socket: await connectVisitor(server.url, session.token), token: session.token, visitorId: session.visitor.id };
  }
  async function newAgent(a: TestAgent = agent): Promise<AgentClient> {
    const { token } = await agentLogin(server.url, a.email, a.password);
    return connectAgent(server.url, token);
  }

  it('runs a whole chat: start, live delivery both ways, history after reconnect', async () => {
    const agentSocket = await newAgent();
    const visitor = await newVisitor();

    const created = nextEvent<Conversation>(agentSocket, EVENTS.conversationCreated);
    const started = ok(
      await visitorRequest(visitor.socket, EVENTS.conversationStart, {
        channelId: site.channels[1]!.id,
        text: 'Xin chào, tôi cần giúp đỡ',
        clientId: 'v-1',
      }),
    );
    // The agent is online in an auto channel: the conversation is theirs at once.
    expect(started.conversation).toMatchObject({ status: 'active', channelName: 'Support', lastSeq: 2, agentName: 'Minh' });
    expect(started.messages).toMatchObject([
      { seq: 1, sender: 'visitor', clientId: 'v-1', text: 'Xin chào, tôi cần giúp đỡ' },
      { seq: 2, sender: 'system', text: SYSTEM_MESSAGES.agentJoined, authorName: 'Minh' },
    ]);
    const conversationId = started.conversation.id;
    expect((await created).id).toBe(conversationId);

    const opened = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId }));
    expect(opened.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(opened.visitor.id).toBe(visitor.visitorId);

    // Agent replies: the visitor sees the reply live.
    const visitorGotReply = nextEvent<Message>(visitor.socket, EVENTS.messageNew, (m) => m.sender === 'agent');
    const reply = ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: 'a-1', text: 'Chào bạn!' }));
    expect(reply.message).toMatchObject({ seq: 3, sender: 'agent', authorName: 'Minh' });
    expect((await visitorGotReply).text).toBe('Chào bạn!');

    // Visitor writes again: the agent sees it live.
    const agentGot = nextEvent<Message>(agentSocket, EVENTS.messageNew, (m) => m.sender === 'visitor' && m.seq === 4);
    ok(await visitorRequest(visitor.socket, EVENTS.messageSend, { conversationId, clientId: 'v-2', text: 'Cảm ơn' }));
    expect((await agentGot).text).toBe('Cảm ơn');

    // A reload: a new socket with the same token resumes the conversation with its history.
    visitor.socket.close();
    const again = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey, visitor.token)).token);
    const resumed = ok(await visitorRequest(again, EVENTS.conversationResume, {}));
    expect(resumed.conversation?.id).toBe(conversationId);
    expect(resumed.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const synced = ok(await visitorRequest(again, EVENTS.conversationSync, { conversationId, afterSeq: 2 }));
    expect(synced.messages.map((m) => m.seq)).toEqual([3, 4]);

    // Stored with the first-reply timestamp.
    const conversation = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId })).conversation;
    expect(conversation.firstAgentReplyAt).not.toBeNull();
    // The inbox preview is the last thing someone wrote, not a system event.
    expect(conversation.lastMessage).toMatchObject({ text: 'Cảm ơn', sender: 'visitor' });
    expect(conversation.assignedAt).not.toBeNull();
  });

  it('stores a retried send once and acknowledges it with the same message', async () => {
    const visitor = await newVisitor();
    const { conversation } = ok(await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    const payload = { conversationId: conversation.id, clientId: 'retry-me', text: 'only once' };
    const [a, b, c] = await Promise.all([
      visitorRequest(visitor.socket, EVENTS.messageSend, payload),
      visitorRequest(visitor.socket, EVENTS.messageSend, payload),
      visitorRequest(visitor.socket, EVENTS.messageSend, payload),
    ]);
    const ids = [ok(a!).message.id, ok(b!).message.id, ok(c!).message.id];
    expect(new Set(ids).size).toBe(1);
    const later = ok(await visitorRequest(visitor.socket, EVENTS.messageSend, payload));
    expect(later.message.id).toBe(ids[0]);
    const rows = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(rows.filter((r) => r.clientId === 'retry-me')).toHaveLength(1);
  });

  it('answers a retry that shares a batch with new sends with the stored message, numbering the new ones without gaps', async () => {
    const visitor = await newVisitor();
    const { conversation } = ok(await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    const writer = messageWriter(server.database.db);
    const send = (clientId: string) =>
      writer.write({ conversationId: conversation.id, siteId: site.id, clientId, sender: 'visitor', agentId: null, authorName: null, text: clientId, internal: false });
    const first = await send('x');
    // The first write of an idle writer goes alone; the next three queue behind it as one batch,
    // whose statement without the client-id probe fails on the retry and runs again with it.
    const [z, retry, b, c] = await Promise.all([send('z'), send('x'), send('b'), send('c')]);
    if (first.kind !== 'created') throw new Error(`first send: ${first.kind}`);
    const { id, seq } = first.row;
    expect(retry).toMatchObject({ kind: 'duplicate', row: { id, seq } });
    expect([z, b, c].map((o) => o.kind)).toEqual(['created', 'created', 'created']);
    // Numbered on from the first (the agent's joining may have taken an earlier number).
    const rows = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    const mine = rows.filter((r) => r.seq >= seq).sort((p, q) => p.seq - q.seq);
    expect(mine.map((r) => [r.seq - seq, r.clientId])).toEqual([
      [0, 'x'],
      [1, 'z'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('numbers concurrent messages 1..n with no gaps or repeats', async () => {
    const visitor = await newVisitor();
    const { conversation } = ok(await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    const agentSocket = await newAgent();
    const sends = Array.from({ length: 30 }, (_, i) =>
      i % 2
        ? visitorRequest(visitor.socket, EVENTS.messageSend, { conversationId: conversation.id, clientId: `v${i}`, text: `v ${i}` })
        : agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: `a${i}`, text: `a ${i}` }),
    );
    const acks = await Promise.all(sends);
    for (const ack of acks) expect(ack.ok).toBe(true);
    const rows = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    // 30 messages plus the system message of the agent joining at the start.
    expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });

  it('tells the assigned agent of a new chat at once, and the site’s other agents in a batch', async () => {
    const agentSocket = await newAgent();
    const colleague = await newAgent(await createAgent(server.database.db, site, { name: 'Lan', maxChats: 0 }));
    const single: string[] = [];
    colleague.on(EVENTS.conversationCreated, (c) => single.push(c.id));
    const batches: Conversation[][] = [];
    colleague.on(EVENTS.conversationsCreated, (list) => batches.push(list));
    const visitors = await Promise.all([1, 2, 3].map(() => newVisitor()));
    const created = visitors.map(() => nextEvent<Conversation>(agentSocket, EVENTS.conversationCreated));
    const started = await Promise.all(
      visitors.map((v, i) => visitorRequest(v.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: `hi ${i}`, clientId: `c${i}` })),
    );
    const ids = started.map((s) => ok(s).conversation.id);
    expect((await Promise.all(created)).every((c) => c.agentId === agent.id)).toBe(true);
    await expect.poll(() => batches.flat().map((c) => c.id).filter((id) => ids.includes(id)).length, { timeout: 3000 }).toBe(3);
    expect(batches.flat().find((c) => c.id === ids[0])).toMatchObject({ agentId: agent.id, status: 'active' });
    expect(single).toEqual([]);
  });

  /** A visitor's new conversation, an agent, and the activity batches another agent receives. */
  async function watchedConversation() {
    const visitor = await newVisitor();
    const { conversation } = ok(await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    const agentSocket = await newAgent();
    const watcher = await newAgent();
    const batches: ConversationActivity[][] = [];
    watcher.on(EVENTS.conversationsActivity, (list) => batches.push(list));
    return { visitor, conversation, agentSocket, batches };
  }

  it('stores two copies of one send that arrive together once, and tells other agents in batches', async () => {
    const { conversation, agentSocket, batches } = await watchedConversation();
    const sends = Array.from({ length: 40 }, (_, i) =>
      agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: `b${i % 20}`, text: `b ${i % 20}` }),
    );
    const acks = (await Promise.all(sends)).map((ack) => ok(ack).message);
    // Each pair of copies got the same stored message.
    for (let i = 0; i < 20; i++) expect(acks[i + 20]).toEqual(acks[i]);
    const rows = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    await expect.poll(() => batches.flat().some((c) => c.id === conversation.id && c.lastSeq === 21), { timeout: 3000 }).toBe(true);
    // 20 stored messages, but the other agent heard of them in a few batches, not one per message.
    expect(batches.length).toBeLessThan(10);
    expect(batches.flat().filter((c) => c.id === conversation.id).at(-1)).toMatchObject({ lastMessage: { text: 'b 19', sender: 'agent' } });
  });

  it('gives agents’ inboxes a preview of a long message, and the message itself whole', async () => {
    const { visitor, conversation, agentSocket, batches } = await watchedConversation();
    const long = 'Tôi muốn đổi địa chỉ giao hàng sang 12 Nguyễn Huệ, Quận 1. '.repeat(40).trim();
    const preview = previewText(long);
    expect(preview.length).toBeLessThan(long.length);
    const sent = ok(await visitorRequest(visitor.socket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'long-1', text: long }));
    expect(sent.message.text).toBe(long);
    await expect.poll(() => batches.flat().find((c) => c.id === conversation.id)?.lastMessage?.text, { timeout: 3000 }).toBe(preview);
    const opened = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));
    expect(opened.messages.at(-1)?.text).toBe(long);
    expect(opened.conversation.lastMessage?.text).toBe(preview);
    const listed = ok(await agentRequest(agentSocket, EVENTS.conversationList, {}));
    expect(listed.conversations.find((c) => c.id === conversation.id)?.lastMessage?.text).toBe(preview);
  });

  it('sends a message to the other tabs and agents, and not back to the socket that sent it (its ack has it)', async () => {
    const visitor = await newVisitor();
    const otherTab = await connectVisitor(server.url, visitor.token);
    const agentSocket = await newAgent();
    const secondAgentTab = await newAgent();
    const { conversation } = ok(
      await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'hi', clientId: 's1' }),
    );
    ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));
    ok(await agentRequest(secondAgentTab, EVENTS.conversationOpen, { conversationId: conversation.id }));
    const echoes: string[] = [];
    visitor.socket.on(EVENTS.messageNew, (m) => echoes.push(`visitor:${m.text}`));
    agentSocket.on(EVENTS.messageNew, (m) => echoes.push(`agent:${m.text}`));
    const seenByTab = nextEvent<Message>(otherTab, EVENTS.messageNew, (m) => m.text === 'from the visitor');
    const seenByAgent = nextEvent<Message>(agentSocket, EVENTS.messageNew, (m) => m.text === 'from the visitor');
    const sent = ok(await visitorRequest(visitor.socket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 's2', text: 'from the visitor' }));
    expect((await seenByTab).id).toBe(sent.message.id);
    await seenByAgent;
    const seenByVisitor = nextEvent<Message>(visitor.socket, EVENTS.messageNew, (m) => m.text === 'from the agent');
    const seenBySecondTab = nextEvent<Message>(secondAgentTab, EVENTS.messageNew, (m) => m.text === 'from the agent');
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'a1', text: 'from the agent' }));
    await Promise.all([seenByVisitor, seenBySecondTab]);
    // Both broadcasts have reached every other socket: the senders' own copies would have come with them.
    expect(echoes).not.toContain('visitor:from the visitor');
    expect(echoes).not.toContain('agent:from the agent');
    otherTab.close();
    secondAgentTab.close();
  });

  it('keeps internal notes from the visitor', async () => {
    const visitor = await newVisitor();
    const agentSocket = await newAgent();
    const { conversation } = ok(
      await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'hi', clientId: 'c1' }),
    );
    let leaked = false;
    visitor.socket.on(EVENTS.messageNew, (m) => {
      if (m.internal) leaked = true;
    });
    const note = ok(
      await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'n1', text: 'VIP customer', internal: true }),
    );
    expect(note.message.internal).toBe(true);
    // Listen before sending: the visitor may get the message before the agent's ack arrives.
    const hello = nextEvent<Message>(visitor.socket, EVENTS.messageNew, (m) => m.text === 'Hello!');
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'r1', text: 'Hello!' }));
    await hello;
    expect(leaked).toBe(false);
    const synced = ok(await visitorRequest(visitor.socket, EVENTS.conversationSync, { conversationId: conversation.id, afterSeq: 0 }));
    expect(synced.messages.some((m) => m.internal || m.text === 'VIP customer')).toBe(false);
    const resumed = ok(await visitorRequest(visitor.socket, EVENTS.conversationResume, {}));
    expect(resumed.messages.some((m) => m.text === 'VIP customer')).toBe(false);
    const forAgent = ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));
    expect(forAgent.messages.some((m) => m.text === 'VIP customer' && m.internal)).toBe(true);
  });

  it('lets a visitor reach only their own conversations, and agents only their sites', async () => {
    const alice = await newVisitor();
    const bob = await newVisitor();
    const { conversation } = ok(
      await visitorRequest(alice.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'private', clientId: 'p1' }),
    );
    for (const ack of [
      await visitorRequest(bob.socket, EVENTS.conversationSync, { conversationId: conversation.id, afterSeq: 0 }),
      await visitorRequest(bob.socket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'x', text: 'hijack' }),
      await visitorRequest(bob.socket, EVENTS.conversationClose, { conversationId: conversation.id }),
    ]) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }

    const otherSite = await createSite(server.database.db);
    const stranger = await newAgent(await createAgent(server.database.db, otherSite));
    let sawForeign = false;
    stranger.on(EVENTS.conversationCreated, () => (sawForeign = true));
    stranger.on(EVENTS.conversationsCreated, () => (sawForeign = true));
    stranger.on(EVENTS.conversationUpdated, () => (sawForeign = true));
    expect(await agentRequest(stranger, EVENTS.conversationOpen, { conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await agentRequest(stranger, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'y', text: 'hello from B' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const list = ok(await agentRequest(stranger, EVENTS.conversationList, {}));
    expect(list.conversations).toEqual([]);
    expect(await agentRequest(stranger, EVENTS.conversationList, { siteId: site.id })).toMatchObject({ ok: false });
    // A visitor of the other site cannot start a conversation in this site's channel.
    const foreignVisitor = await newVisitor(otherSite.siteKey);
    expect(await visitorRequest(foreignVisitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    ok(await visitorRequest(alice.socket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'p2', text: 'more' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(sawForeign).toBe(false);
    const stored = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(stored.filter((m) => m.sender === 'visitor').map((m) => m.text).sort()).toEqual(['more', 'private']);
  });

  it('answers malformed payloads with VALIDATION and refuses sockets without a valid token', async () => {
    const visitor = await newVisitor();
    expect(await visitorRequest(visitor.socket, EVENTS.messageSend, { conversationId: 'nope', clientId: 1, text: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await visitorRequest(visitor.socket, EVENTS.conversationStart, null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(connectVisitor(server.url, 'not-a-token')).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    const { token: agentToken } = await agentLogin(server.url, agent.email, agent.password);
    await expect(connectVisitor(server.url, agentToken)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    await expect(connectAgent(server.url, visitor.token)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });

  it('returns the open conversation when a visitor starts twice, and ends it on close', async () => {
    const visitor = await newVisitor();
    const agentSocket = await newAgent();
    const [one, two] = await Promise.all([
      visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }),
      visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }),
    ]);
    expect(ok(one!).conversation.id).toBe(ok(two!).conversation.id);
    const conversationId = ok(one!).conversation.id;

    const agentSawClose = nextEvent<Conversation>(agentSocket, EVENTS.conversationUpdated, (c) => c.id === conversationId && c.status === 'closed');
    const closed = ok(await visitorRequest(visitor.socket, EVENTS.conversationClose, { conversationId }));
    expect(closed.conversation.status).toBe('closed');
    await agentSawClose;
    expect(await visitorRequest(visitor.socket, EVENTS.messageSend, { conversationId, clientId: 'late', text: 'hello?' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const fresh = ok(await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id }));
    expect(fresh.conversation.id).not.toBe(conversationId);
  });
});

describe('text the database cannot hold', () => {
  it('drops NUL characters at the edge instead of failing the insert', async () => {
    const server = await startServer(await testDatabaseTargets()[0]!.create());
    try {
      const site = await createSite(server.database.db);
      const socket = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
      const started = ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'a\u0000b', clientId: 'n1', name: 'N\u0000am' }));
      expect(started.messages[0]!.text).toBe('ab');
      const sent = ok(await visitorRequest(socket, EVENTS.messageSend, { conversationId: started.conversation.id, clientId: 'n2', text: '<img src="x\u0000" onerror=alert(1)>' }));
      expect(sent.message.text).toBe('<img src="x" onerror=alert(1)>');
    } finally {
      closeSockets();
      await server.close();
      await server.database.close();
    }
  });
});

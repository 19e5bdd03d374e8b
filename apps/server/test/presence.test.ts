/**
 * Presence over real sockets: an agent who connects comes online; an agent gone past the grace
 * period goes offline and their chats are requeued; a visitor gone past it while waiting is missed;
 * reconnecting within the grace period changes nothing.
 */
import { agents, channelAgents, conversations, siteAgents } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP, type Channel } from '@parley/protocol';
import { io } from 'socket.io-client';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, agentRequest, closeSockets, connectAgent, connectVisitor, nextEvent, ok, visitorRequest, visitorSession } from './support/clients.ts';
import { createAgent, createSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

const GRACE_MS = 300;

describe.each(testDatabaseTargets())('presence with a short grace period on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(await target.create(), { AGENT_GRACE_SECONDS: String(GRACE_MS / 1000), VISITOR_GRACE_SECONDS: String(GRACE_MS / 1000) });
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  const db = () => server.database.db;
  const agentStatus = async (id: string) => (await db().select().from(agents).where(eq(agents.id, id)))[0]!.status;
  const conversation = async (id: string) => (await db().select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const waitUntil = async (check: () => Promise<boolean>, ms = 5000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('brings an agent online on connect, tells visitors, and requeues their chats after the grace period', async () => {
    const site = await createSite(db(), { channels: ['Help'] });
    const agent = await createAgent(db(), site, { name: 'Lan' });
    const session = await visitorSession(server.url, site.siteKey);
    expect(session.site.channels[0]!.online).toBe(false);
    const visitor = await connectVisitor(server.url, session.token);

    const availability = nextEvent<{ channels: Channel[] }>(visitor, EVENTS.siteAvailability, (p) => p.channels[0]!.online);
    const { token } = await agentLogin(server.url, agent.email, agent.password);
    const agentSocket = await connectAgent(server.url, token);
    await availability;
    await waitUntil(async () => (await agentStatus(agent.id)) === 'online');

    const chat = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'hi', clientId: 'p1' }));
    expect(chat.conversation.agentName).toBe('Lan');

    // A reconnect inside the grace period keeps everything.
    agentSocket.close();
    const again = await connectAgent(server.url, token);
    await new Promise((r) => setTimeout(r, GRACE_MS * 2));
    expect(await agentStatus(agent.id)).toBe('online');
    expect((await conversation(chat.conversation.id)).status).toBe('active');

    // Gone for longer than the grace period: offline, and the chat waits again.
    const offline = nextEvent<{ channels: Channel[] }>(visitor, EVENTS.siteAvailability, (p) => !p.channels[0]!.online);
    again.close();
    await waitUntil(async () => (await conversation(chat.conversation.id)).status === 'waiting');
    expect(await agentStatus(agent.id)).toBe('offline');
    await offline;
  });

  it('marks a waiting conversation missed when the visitor is gone past the grace period', async () => {
    const site = await createSite(db(), { channels: ['Help'] });
    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    const chat = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'anyone?', clientId: 'm1' }));
    expect(chat.conversation.status).toBe('waiting');
    visitor.close();
    await waitUntil(async () => (await conversation(chat.conversation.id)).status === 'missed');
  });

  it('lets an agent set away (no new chats) and back online (takes the queue)', async () => {
    const site = await createSite(db(), { channels: ['Help'] });
    const agent = await createAgent(db(), site, { name: 'Minh' });
    const { token } = await agentLogin(server.url, agent.email, agent.password);
    const agentSocket = await connectAgent(server.url, token);
    await waitUntil(async () => (await agentStatus(agent.id)) === 'online');
    const away = ok(await agentRequest(agentSocket, EVENTS.agentSetStatus, { status: 'away' }));
    expect(away.agent).toMatchObject({ status: 'away', activeChats: 0 });

    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    const chat = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'hello', clientId: 'a1' }));
    expect(chat.conversation.status).toBe('waiting');
    const position = await visitorRequest(visitor, EVENTS.conversationResume, {});
    expect(ok(position).conversation?.status).toBe('waiting');

    const joined = nextEvent(visitor, EVENTS.conversationUpdated, (c: { status: string; agentName: string | null }) => c.status === 'active');
    ok(await agentRequest(agentSocket, EVENTS.agentSetStatus, { status: 'online' }));
    expect(await joined).toMatchObject({ agentName: 'Minh' });
  });

  it("tells every agent of the site the changed loads in one event, the agent's own included", async () => {
    const site = await createSite(db(), { channels: ['Help'] });
    const minh = await createAgent(db(), site, { name: 'Minh' });
    const lan = await createAgent(db(), site, { name: 'Lan', maxChats: 0 });
    const minhSocket = await connectAgent(server.url, (await agentLogin(server.url, minh.email, minh.password)).token);
    const lanSocket = await connectAgent(server.url, (await agentLogin(server.url, lan.email, lan.password)).token);
    await waitUntil(async () => (await agentStatus(minh.id)) === 'online' && (await agentStatus(lan.id)) === 'online');

    type State = { agentId: string; activeChats: number };
    const loaded = (list: State[]) => list.some((a) => a.agentId === minh.id && a.activeChats === 1);
    const own = nextEvent(minhSocket, EVENTS.agentsState, loaded);
    const colleague = nextEvent(lanSocket, EVENTS.agentsState, loaded);
    const single: State[] = [];
    minhSocket.on(EVENTS.agentState, (a: State) => single.push(a));
    const visitor = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'hello', clientId: 's1' }));
    await own;
    // One list of the site's changed agents (Lan coming online may share it), none of another site.
    expect((await colleague).every((a) => [minh.id, lan.id].includes(a.agentId))).toBe(true);
    // Minh had it in the list: not a second frame of the same state.
    expect(single.filter((a) => a.activeChats === 1)).toEqual([]);
  });

  it("sends an agent their own state alone when none of their sockets is in their sites' rooms", async () => {
    const first = await createSite(db(), { channels: ['Help'] });
    const second = await createSite(db(), { channels: ['Sales'] });
    const minh = await createAgent(db(), first, { name: 'Minh' });
    const minhSocket = await connectAgent(server.url, (await agentLogin(server.url, minh.email, minh.password)).token);
    await waitUntil(async () => (await agentStatus(minh.id)) === 'online');
    // Moved to another site after connecting: the socket is still in the first site's room only.
    await db().insert(siteAgents).values({ siteId: second.id, agentId: minh.id });
    await db().insert(channelAgents).values({ channelId: second.channels[0]!.id, agentId: minh.id });
    await db().delete(siteAgents).where(and(eq(siteAgents.siteId, first.id), eq(siteAgents.agentId, minh.id)));

    const own = nextEvent(minhSocket, EVENTS.agentState, (a: { activeChats: number }) => a.activeChats === 1);
    const visitor = await connectVisitor(server.url, (await visitorSession(server.url, second.siteKey)).token);
    ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: second.channels[0]!.id, text: 'hello', clientId: 's1' }));
    expect(await own).toMatchObject({ agentId: minh.id, activeChats: 1 });
  });
});

describe('a watching socket (the dashboard)', () => {
  it('neither brings an offline agent online nor keeps a departed one present, but is revoked with them', async () => {
    const server = await startServer(await testDatabaseTargets()[0]!.create(), { AGENT_GRACE_SECONDS: '0.2' });
    try {
      const site = await createSite(server.database.db, { channels: ['Help'] });
      const agent = await createAgent(server.database.db, site, { status: 'offline' });
      const { token } = await agentLogin(server.url, agent.email, agent.password);
      const watcher = io(`${server.url}/agent`, { auth: { token, observe: true }, transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve) => watcher.once('connect', () => resolve()));
      await new Promise((r) => setTimeout(r, 300));
      const [row] = await server.database.db.select().from(agents).where(eq(agents.id, agent.id));
      expect(row!.status).toBe('offline');
      const dropped = new Promise((resolve) => watcher.once('disconnect', resolve));
      await fetch(`${server.url}${HTTP.agentLogout}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      await dropped;
    } finally {
      await server.close();
      await server.database.close();
    }
  });
});

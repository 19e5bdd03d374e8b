/**
 * Privacy: a visitor's data export and erasure through the admin API (real server, real sockets,
 * real database), and transcript retention (the job's query, its advisory lock, its timer).
 */
import { conversations, messages, queueRefusals, visitors, type Database } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import {
  EVENTS,
  HTTP,
  type AdminSite,
  type ConversationsRemoved,
  type ErrorBody,
  type VisitorErasure,
  type VisitorExport,
} from '@parley/protocol';
import { eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_LOCK_KEY, runRetention } from '../src/modules/privacy/retention.ts';
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
} from './support/clients.ts';
import { createAgent, createSite, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

describe.each(testDatabaseTargets())('visitor export and erasure on $name', (target) => {
  let server: TestServer;
  let db: Database;
  let site: TestSite;
  let adminToken: string;
  let agentSocket: AgentClient;

  beforeAll(async () => {
    server = await startServer(await target.create());
    db = server.database.db;
    // Manual routing: each chat goes to the agent who claims it, whoever else is online.
    site = await createSite(db, { channels: ['Sales'], routingMode: 'manual', maxWaiting: 10 });
    const admin = await createAgent(db, site, { name: 'Owner', role: 'admin' });
    adminToken = (await agentLogin(server.url, admin.email, admin.password)).token;
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  async function call<T>(method: string, path: string, bearer = adminToken) {
    const res = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${bearer}` } });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T & { error?: ErrorBody } };
  }

  /** A visitor with details, a chat answered by the admin (with a note), a survey and a refusal. */
  async function visitorWithHistory(label: string) {
    const session = await visitorSession(server.url, site.siteKey);
    const visitorId = session.visitor.id;
    await db
      .update(visitors)
      .set({ name: `${label} Nguyen`, email: `${label.toLowerCase()}@example.test`, attributes: { plan: `${label}-plan` }, pages: [{ url: `https://shop.example/${label}`, at: new Date().toISOString() }] })
      .where(eq(visitors.id, visitorId));
    const socket = await connectVisitor(server.url, session.token);
    const started = ok(await visitorRequest(socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: `${label} asks about order 42`, clientId: 'v1' }));
    const conversationId = started.conversation.id;
    ok(await agentRequest(agentSocket, EVENTS.conversationClaim, { conversationId }));
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: `${label}-a1`, text: `Answer for ${label}` }));
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: `${label}-n1`, text: `NOTE about ${label}`, internal: true }));
    await db.update(conversations).set({ csat: 4, surveyComment: `${label} liked it`, surveyAt: new Date() }).where(eq(conversations.id, conversationId));
    const [refusal] = await db.insert(queueRefusals).values({ siteId: site.id, channelId: site.channels[0]!.id, visitorId }).returning();
    return { session, socket, visitorId, conversationId, refusalId: refusal!.id };
  }

  it('exports everything about one visitor, without notes and without anyone else', async () => {
    const login = await agentLogin(server.url, ...(await adminCredentials()));
    agentSocket = await connectAgent(server.url, login.token);
    const lan = await visitorWithHistory('Lan');
    const minh = await visitorWithHistory('Minh');

    const res = await call<VisitorExport>('GET', HTTP.adminVisitorExport(site.id, lan.visitorId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="visitor-${lan.visitorId.slice(0, 8)}-export.json"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const data = res.body;
    expect(data.format).toBe('parley.visitor-export.v1');
    expect(data.visitor).toMatchObject({ id: lan.visitorId, name: 'Lan Nguyen', email: 'lan@example.test', attributes: { plan: 'Lan-plan' } });
    expect(data.visitor.pages.map((p) => p.url)).toEqual(['https://shop.example/Lan']);
    expect(data.conversations).toHaveLength(1);
    const [conversation] = data.conversations;
    expect(conversation!.id).toBe(lan.conversationId);
    expect(conversation!.messages.map((m) => [m.sender, m.text])).toEqual([
      ['visitor', 'Lan asks about order 42'],
      ['system', 'agent.joined'],
      ['agent', 'Answer for Lan'],
    ]);
    expect(conversation!.internalNotesOmitted).toBe(1);
    expect(conversation!.survey).toMatchObject({ csat: 4, comment: 'Lan liked it' });
    expect(data.queueRefusals).toHaveLength(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain('NOTE about');
    for (const foreign of [minh.visitorId, minh.conversationId, 'Minh']) expect(text).not.toContain(foreign);
  });

  it('lets only admins of the visitor\'s site export or erase (404 elsewhere)', async () => {
    const [lan] = await db.select().from(visitors).where(eq(visitors.email, 'lan@example.test'));
    const other = await createSite(db);
    const otherAdmin = await createAgent(db, other, { role: 'admin' });
    const otherToken = (await agentLogin(server.url, otherAdmin.email, otherAdmin.password)).token;
    expect((await call('GET', HTTP.adminVisitorExport(site.id, lan!.id), otherToken)).status).toBe(404);
    expect((await call('DELETE', HTTP.adminVisitor(site.id, lan!.id), otherToken)).status).toBe(404);
    // Naming their own site does not reach a visitor of another site.
    expect((await call('GET', HTTP.adminVisitorExport(other.id, lan!.id), otherToken)).status).toBe(404);
    expect((await call('DELETE', HTTP.adminVisitor(other.id, lan!.id), otherToken)).status).toBe(404);
    const plain = await createAgent(db, site);
    const plainToken = (await agentLogin(server.url, plain.email, plain.password)).token;
    expect((await call('DELETE', HTTP.adminVisitor(site.id, lan!.id), plainToken)).status).toBe(403);
    expect((await call('GET', HTTP.adminVisitorExport(site.id, 'not-a-uuid'))).status).toBe(400);
    expect((await db.select().from(visitors).where(eq(visitors.id, lan!.id))).length).toBe(1);
  });

  it('erases the visitor, their conversations and messages, closes their socket and voids their token', async () => {
    const login = await agentLogin(server.url, ...(await adminCredentials()));
    agentSocket = await connectAgent(server.url, login.token);
    const ana = await visitorWithHistory('Ana');
    const bao = await visitorWithHistory('Bao');
    // Ana's chat is still active and her widget connected.
    const [before] = await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, ana.conversationId));
    expect(before!.status).toBe('active');
    const closed = new Promise((resolve) => ana.socket.once('disconnect', resolve));
    const removed = nextEvent<ConversationsRemoved>(agentSocket, EVENTS.conversationsRemoved);

    const res = await call<VisitorErasure>('DELETE', HTTP.adminVisitor(site.id, ana.visitorId));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ visitorId: ana.visitorId, conversations: 1, messages: 4, queueRefusalsAnonymised: 1, socketsClosed: true });
    await closed;
    expect(await removed).toEqual({ siteId: site.id, conversationIds: [ana.conversationId], erasedVisitorId: ana.visitorId });

    const countOf = async (query: ReturnType<typeof sql>) => Number(((await db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    expect(await countOf(sql`select count(*)::int as n from visitors where id = ${ana.visitorId}`)).toBe(0);
    expect(await countOf(sql`select count(*)::int as n from conversations where visitor_id = ${ana.visitorId}`)).toBe(0);
    expect(await countOf(sql`select count(*)::int as n from messages where conversation_id = ${ana.conversationId}`)).toBe(0);
    // The refusal stays for the KPI, without the visitor.
    const [refusal] = await db.select().from(queueRefusals).where(eq(queueRefusals.id, ana.refusalId));
    expect(refusal).toMatchObject({ visitorId: null, siteId: site.id });
    // Nothing of Bao's went.
    expect(await countOf(sql`select count(*)::int as n from messages where conversation_id = ${bao.conversationId}`)).toBe(4);
    expect((await db.select().from(visitors).where(eq(visitors.id, bao.visitorId))).length).toBe(1);

    // The old token opens no socket, and a new session with it is a stranger.
    await expect(connectVisitor(server.url, ana.session.token)).rejects.toThrow();
    const again = await visitorSession(server.url, site.siteKey, ana.session.token);
    expect(again.visitor.id).not.toBe(ana.visitorId);
    expect((await call('DELETE', HTTP.adminVisitor(site.id, ana.visitorId))).status).toBe(404);
    expect((await call('GET', HTTP.adminVisitorExport(site.id, ana.visitorId))).status).toBe(404);
  });

  async function adminCredentials(): Promise<[string, string]> {
    const admin = await createAgent(db, site, { name: 'Lead', role: 'admin', maxChats: 10 });
    return [admin.email, admin.password];
  }
});

describe.each(testDatabaseTargets())('transcript retention on $name', (target) => {
  let server: TestServer;
  let db: Database;

  beforeAll(async () => {
    server = await startServer(await target.create());
    db = server.database.db;
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

  /** A conversation of `status`, created (and, when finished, closed) `age` days ago, with 2 messages. */
  async function seed(site: TestSite, status: 'closed' | 'missed' | 'active' | 'waiting' | 'offline', age: number) {
    const [visitor] = await db.insert(visitors).values({ siteId: site.id }).returning();
    const at = daysAgo(age);
    const finished = status === 'closed' || status === 'missed';
    // One transaction: a retention timer running meanwhile must not delete the conversation
    // between its insert and its messages'.
    return db.transaction(async (tx) => {
      const [c] = await tx
        .insert(conversations)
        .values({ siteId: site.id, channelId: site.channels[0]!.id, visitorId: visitor!.id, status, createdAt: at, closedAt: finished ? at : null, lastSeq: 2 })
        .returning();
      await tx.insert(messages).values([
        { conversationId: c!.id, seq: 1, sender: 'visitor', text: 'old question', createdAt: at },
        { conversationId: c!.id, seq: 2, sender: 'system', text: 'conversation.closed.visitor', createdAt: at },
      ]);
      return c!.id;
    });
  }

  async function setRetention(site: TestSite, days: number | null) {
    const admin = await createAgent(db, site, { role: 'admin' });
    const token = (await agentLogin(server.url, admin.email, admin.password)).token;
    const res = await fetch(server.url + HTTP.adminSite(site.id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transcriptRetentionDays: days }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as AdminSite).transcriptRetentionDays).toBe(days);
    return token;
  }

  it('validates the setting', async () => {
    const site = await createSite(db);
    const token = await setRetention(site, null);
    for (const bad of [0, -1, 1.5, 100_000, '30']) {
      const res = await fetch(server.url + HTTP.adminSite(site.id), {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ transcriptRetentionDays: bad }),
      });
      expect(res.status).toBe(400);
    }
  });

  it('deletes only closed and missed conversations older than the site\'s retention, once', async () => {
    const kept = await createSite(db);
    const site = await createSite(db);
    await setRetention(site, 30);
    const expired = [await seed(site, 'closed', 40), await seed(site, 'missed', 31)];
    const survivors = [
      await seed(site, 'closed', 10),
      await seed(site, 'active', 40),
      await seed(site, 'waiting', 40),
      await seed(site, 'offline', 40),
      await seed(kept, 'closed', 400), // no retention set: kept forever
    ];

    const run = await runRetention(db);
    expect(run.ran).toBe(true);
    const mine = [...run.removed].filter(([, siteId]) => siteId === site.id || siteId === kept.id);
    expect(mine.map(([id]) => id).sort()).toEqual([...expired].sort());
    expect(await db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, expired))).toEqual([]);
    expect(await db.select({ id: messages.id }).from(messages).where(inArray(messages.conversationId, expired))).toEqual([]);
    expect((await db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, survivors))).length).toBe(5);
    expect((await db.select({ id: messages.id }).from(messages).where(inArray(messages.conversationId, survivors))).length).toBe(10);

    // Idempotent: a second run finds nothing more of these sites.
    const second = await runRetention(db);
    expect([...second.removed].filter(([, siteId]) => siteId === site.id || siteId === kept.id)).toEqual([]);
  });

  it.skipIf(target.name !== 'postgres')('skips a run while another node holds the retention lock', async () => {
    const site = await createSite(db);
    await setRetention(site, 1);
    const id = await seed(site, 'closed', 5);
    const other = new pg.Client({ connectionString: server.database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK_KEY]);
      const blocked = await runRetention(db);
      expect(blocked).toMatchObject({ ran: false });
      expect(blocked.removed.size).toBe(0);
      expect((await db.select().from(conversations).where(eq(conversations.id, id))).length).toBe(1);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect((await runRetention(db)).removed.get(id)).toBe(site.id);
  });

  it('runs on its interval timer and tells the site\'s agents', async () => {
    const site = await createSite(db);
    await setRetention(site, 7);
    const agent = await createAgent(db, site);
    // A second app on the same database, with a fast timer.
    const fast = await startServer(server.database, { RETENTION_INTERVAL_SECONDS: '0.2' });
    try {
      const socket = await connectAgent(fast.url, (await agentLogin(fast.url, agent.email, agent.password)).token);
      const removed = nextEvent<ConversationsRemoved>(socket, EVENTS.conversationsRemoved, (p) => p.siteId === site.id);
      const id = await seed(site, 'closed', 8);
      expect((await removed).conversationIds).toEqual([id]);
      expect((await db.select().from(conversations).where(eq(conversations.id, id))).length).toBe(0);
    } finally {
      await fast.close();
    }
  });
});

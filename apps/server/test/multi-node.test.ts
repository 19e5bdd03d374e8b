/**
 * Two server processes on one PostgreSQL: the waiting caps and agent capacities hold under a burst
 * of simultaneous starts spread over both nodes, every conversation is assigned at most once, and
 * events cross nodes through the Socket.IO Postgres adapter. PostgreSQL only (TEST_DATABASE_URL).
 */
import { conversations, createDatabase, messages, type DatabaseHandle } from '@parley/db';
import { EVENTS, SYSTEM_MESSAGES, type Conversation } from '@parley/protocol';
import { and, count, eq, inArray } from 'drizzle-orm';
import { createTestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentLogin,
  closeSockets,
  connectAgent,
  connectVisitor,
  visitorRequest,
  visitorSession,
  type AgentClient,
  type VisitorClient,
} from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { cleanupProcesses, startProcess, type ServerProcess } from './support/processes.ts';
import { TEST_JWT_SECRET } from './support/server.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('two nodes on one PostgreSQL', () => {
  let nodes: ServerProcess[];
  let database: DatabaseHandle;
  let own: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    own = await createTestDatabase(url!);
    database = await createDatabase({ url: own.url, poolSize: 5 });
    const env = { DATABASE_URL: own.url, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false' };
    nodes = await Promise.all([startProcess(env), startProcess(env)]);
  }, 90_000);
  afterAll(async () => {
    closeSockets();
    await cleanupProcesses();
    await database?.close();
    await own?.drop();
  });

  const nodeUrl = (i: number) => nodes[i % 2]!.url;

  /** Many visitors, spread over both nodes, connected and ready. */
  async function visitors(site: TestSite, n: number): Promise<VisitorClient[]> {
    return Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const session = await visitorSession(nodeUrl(i), site.siteKey);
        return connectVisitor(nodeUrl(i), session.token);
      }),
    );
  }

  async function agentOn(node: number, agent: TestAgent): Promise<AgentClient> {
    const { token } = await agentLogin(nodeUrl(node), agent.email, agent.password);
    return connectAgent(nodeUrl(node), token);
  }

  /** Polls the database until `check` passes (assignment after coming online is asynchronous). */
  async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (check(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function startAll(site: TestSite, clients: VisitorClient[]) {
    const acks = await Promise.all(
      clients.map((socket, i) => visitorRequest(socket, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: `hello ${i}`, clientId: `c${i}` })),
    );
    return {
      ok: acks.filter((a) => a.ok).length,
      full: acks.filter((a) => !a.ok && a.error.code === 'QUEUE_FULL').length,
      other: acks.filter((a) => !a.ok && a.error.code !== 'QUEUE_FULL'),
    };
  }

  async function activeBy(siteId: string) {
    return database.db
      .select({ agentId: conversations.agentId, n: count() })
      .from(conversations)
      .where(and(eq(conversations.siteId, siteId), eq(conversations.status, 'active')))
      .groupBy(conversations.agentId);
  }

  it('lets exactly maxWaiting of 200 simultaneous visitors wait, then assigns each once as agents come online on both nodes', async () => {
    const site = await createSite(database.db, { channels: ['Sales'], maxWaiting: 2, maxWaitingTotal: 15 });
    const agents = await Promise.all([1, 2, 3, 4].map((i) => createAgent(database.db, site, { name: `Agent ${i}`, maxChats: 1 })));
    const observer = await createAgent(database.db, site, { name: 'Observer', maxChats: 0 });
    // The observer watches from node A; half the conversations start on node B.
    const watching = await agentOn(0, observer);
    const created: string[] = [];
    watching.on(EVENTS.conversationCreated, (c: Conversation) => created.push(c.id));

    const clients = await visitors(site, 200);
    const result = await startAll(site, clients);
    expect(result.other).toEqual([]);
    expect(result).toMatchObject({ ok: 2, full: 198 });
    await eventually(async () => created.length, (n) => n === 2);
    expect(created).toHaveLength(2);

    await Promise.all(agents.map((agent, i) => agentOn(i, agent)));
    const rows = await eventually(
      () => activeBy(site.id),
      (r) => r.reduce((sum, x) => sum + x.n, 0) === 2,
    );
    expect(rows.reduce((sum, x) => sum + x.n, 0)).toBe(2);
    expect(rows.every((r) => r.n <= 1)).toBe(true);
    await assertAssignedOnce(site.id);
  }, 120_000);

  it('never exceeds a cap or a capacity when 100 visitors start and 10 agents come online at once', async () => {
    const site = await createSite(database.db, { channels: ['Support'], maxWaiting: 60, maxWaitingTotal: 60 });
    const agents = await Promise.all(Array.from({ length: 10 }, (_, i) => createAgent(database.db, site, { name: `A${i}`, maxChats: 3 })));
    const clients = await visitors(site, 100);
    const result = await startAll(site, clients);
    expect(result.other).toEqual([]);
    expect(result).toMatchObject({ ok: 60, full: 40 });

    await Promise.all(agents.map((agent, i) => agentOn(i, agent)));
    const rows = await eventually(
      () => activeBy(site.id),
      (r) => r.reduce((sum, x) => sum + x.n, 0) === 30,
    );
    expect(rows.reduce((sum, x) => sum + x.n, 0)).toBe(30);
    expect(rows.map((r) => r.n)).toEqual(Array(10).fill(3));
    const [waiting] = await database.db
      .select({ n: count() })
      .from(conversations)
      .where(and(eq(conversations.siteId, site.id), eq(conversations.status, 'waiting')));
    expect(waiting!.n).toBe(30);
    await assertAssignedOnce(site.id);
  }, 120_000);

  /** Each conversation's transcript has at most one "joined" and matches its single agent. */
  async function assertAssignedOnce(siteId: string) {
    const ids = (await database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.siteId, siteId))).map((r) => r.id);
    const joins = await database.db
      .select({ conversationId: messages.conversationId, n: count() })
      .from(messages)
      .where(and(inArray(messages.conversationId, ids), eq(messages.text, SYSTEM_MESSAGES.agentJoined)))
      .groupBy(messages.conversationId);
    expect(joins.every((j) => j.n === 1)).toBe(true);
  }
});

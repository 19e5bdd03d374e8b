/**
 * With REDIS_URL set, nodes share realtime events through the Socket.IO Redis streams adapter:
 * two nodes on one PostgreSQL and a redis-server started by the test; a visitor on node A and an
 * agent on node B chat both ways. Needs redis-server and TEST_DATABASE_URL; skipped otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createDatabase, type DatabaseHandle } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { EVENTS, type Conversation, type Message } from '@parley/protocol';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, agentRequest, closeSockets, connectAgent, connectVisitor, nextEvent, ok, visitorRequest, visitorSession } from './support/clients.ts';
import { createAgent, createSite } from './support/factories.ts';
import { cleanupProcesses, startProcess, type ServerProcess } from './support/processes.ts';
import { freePort } from './support/ports.ts';
import { TEST_JWT_SECRET } from './support/server.ts';

const REDIS = '/usr/bin/redis-server';
const url = process.env.TEST_DATABASE_URL;


describe.skipIf(!url || !existsSync(REDIS))('two nodes sharing events through Redis streams', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let own: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: DatabaseHandle;
  let nodes: ServerProcess[];

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    own = await createTestDatabase(url!);
    database = await createDatabase({ url: own.url, poolSize: 4 });
    const env = { DATABASE_URL: own.url, REDIS_URL: redisUrl, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false' };
    nodes = await Promise.all([startProcess(env), startProcess(env)]);
  }, 90_000);
  afterAll(async () => {
    closeSockets();
    await cleanupProcesses();
    await database?.close();
    await own?.drop();
    redis?.kill();
  });

  it('carries a conversation and its messages from node A to node B and back', async () => {
    const [a, b] = nodes.map((n) => n.url) as [string, string];
    const site = await createSite(database.db, { channels: ['Help'] });
    const agent = await createAgent(database.db, site, { name: 'Hoa', status: 'online' });
    const agentSocket = await connectAgent(b, (await agentLogin(b, agent.email, agent.password)).token);
    const session = await visitorSession(a, site.siteKey);
    const visitor = await connectVisitor(a, session.token);

    const created = nextEvent<Conversation>(agentSocket, EVENTS.conversationCreated);
    const { conversation } = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'xin chào', clientId: 'r1' }));
    expect((await created).id).toBe(conversation.id);
    ok(await agentRequest(agentSocket, EVENTS.conversationOpen, { conversationId: conversation.id }));

    const toAgent = nextEvent<Message>(agentSocket, EVENTS.messageNew, (m) => m.clientId === 'r2');
    ok(await visitorRequest(visitor, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'r2', text: 'from A' }));
    expect((await toAgent).text).toBe('from A');
    const toVisitor = nextEvent<Message>(visitor, EVENTS.messageNew, (m) => m.clientId === 'r3');
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'r3', text: 'from B' }));
    expect((await toVisitor).text).toBe('from B');

    // The events went through the Redis stream.
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      expect(await client.xLen('socket.io')).toBeGreaterThan(0);
    } finally {
      await client.quit();
    }
  }, 60_000);
});

/**
 * Scale-out with a node dying: two Parley processes on a PostgreSQL cluster this test starts. A
 * visitor on node A chats with an agent on node B; node A is SIGKILLed (no disconnect events, no
 * goodbye); the visitor reconnects to node B and carries on with nothing lost. Scheduled work —
 * an agent and visitors whose sockets died with node A, a visitor gone while both nodes ran — is
 * done exactly once, by whichever node holds the scheduler lease, also after node A is back.
 */
import { conversations, createDatabase, jobLeases, messages, type DatabaseHandle } from '@parley/db';
import { EVENTS, HTTP, SYSTEM_MESSAGES, type Message } from '@parley/protocol';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { createAgent, createSite } from './support/factories.ts';
import { canStartPostgres, startPostgresCluster, type PostgresCluster } from './support/postgres-cluster.ts';
import { cleanupProcesses, startProcess, stopProcess, type ServerProcess } from './support/processes.ts';
import { freePort } from './support/ports.ts';
import { TEST_JWT_SECRET } from './support/server.ts';

const GRACE_SECONDS = 1;


describe.skipIf(!canStartPostgres)('two nodes, one killed', () => {
  let cluster: PostgresCluster;
  let database: DatabaseHandle;
  let nodes: ServerProcess[];
  let ports: number[];
  let env: Record<string, string>;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    database = await createDatabase({ url: cluster.url, poolSize: 4 });
    env = {
      DATABASE_URL: cluster.url,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO: 'false',
      AGENT_GRACE_SECONDS: String(GRACE_SECONDS),
      VISITOR_GRACE_SECONDS: String(GRACE_SECONDS),
      SCHEDULER_TICK_SECONDS: '0.2',
    };
    ports = [await freePort(), await freePort()];
    nodes = await Promise.all(ports.map((port) => startProcess({ ...env, PORT: String(port) })));
  }, 90_000);
  afterAll(async () => {
    closeSockets();
    await cleanupProcesses();
    await database?.close();
    cluster?.remove();
  });

  const [A, B] = [0, 1];
  const url = (node: number) => `http://127.0.0.1:${ports[node]}`;
  const systemMessages = async (conversationId: string, code: string) =>
    (await database.db.select().from(messages).where(eq(messages.conversationId, conversationId))).filter((m) => m.sender === 'system' && m.text === code).length;
  const statusOf = async (conversationId: string) => (await database.db.select().from(conversations).where(eq(conversations.id, conversationId)))[0]!.status;

  it('keeps a chat going through the death of its node and runs the scheduled work once', async () => {
    const site = await createSite(database.db, { channels: ['Help'], maxWaiting: 5, maxWaitingTotal: 5 });
    const channelId = site.channels[0]!.id;
    const staying = await createAgent(database.db, site, { name: 'Staying', maxChats: 1 });
    const dying = await createAgent(database.db, site, { name: 'Dying', maxChats: 1 });
    const agentOn = async (node: number, agent: typeof staying) => connectAgent(url(node), (await agentLogin(url(node), agent.email, agent.password)).token);
    const visitorOn = async (node: number) => {
      const session = await visitorSession(url(node), site.siteKey);
      return { token: session.token, socket: await connectVisitor(url(node), session.token) };
    };

    // While both nodes run, one of them runs the scheduled jobs: in a window of 2 s, the runs of
    // both together are those of one node ticking every 0.2 s (two would make about 20).
    const metric = async (node: number, line: RegExp) => {
      const text = await (await fetch(`${url(node)}${HTTP.prometheus}`)).text();
      return Number(line.exec(text)?.[1] ?? 0);
    };
    const leaders = async () => (await metric(A, /^parley_scheduler_leader (\S+)$/m)) + (await metric(B, /^parley_scheduler_leader (\S+)$/m));
    const presenceRuns = async () =>
      (await metric(A, /^parley_scheduled_job_runs_total\{job="presence"\} (\S+)$/m)) + (await metric(B, /^parley_scheduled_job_runs_total\{job="presence"\} (\S+)$/m));
    await expect.poll(leaders, { timeout: 5000, interval: 100 }).toBe(1);
    const runsBefore = await presenceRuns();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await leaders()).toBe(1);
    expect((await presenceRuns()) - runsBefore).toBeLessThanOrEqual(13);

    // While both nodes run: a visitor who leaves while waiting is missed once, not once per node.
    const leaver = await visitorOn(B);
    const left = ok(await visitorRequest(leaver.socket, EVENTS.conversationStart, { channelId, text: 'anyone?', clientId: 'l1' }));
    expect(left.conversation.status).toBe('waiting');
    leaver.socket.close();
    await expect.poll(() => statusOf(left.conversation.id), { timeout: 10_000, interval: 100 }).toBe('missed');

    // The visitor on A, the agent on B.
    const agentB = await agentOn(B, staying);
    const visitor = await visitorOn(A);
    const chat = ok(await visitorRequest(visitor.socket, EVENTS.conversationStart, { channelId, text: 'v0', clientId: 'v0' }));
    expect(chat.conversation).toMatchObject({ status: 'active', agentName: 'Staying' });
    const conversationId = chat.conversation.id;
    ok(await agentRequest(agentB, EVENTS.conversationOpen, { conversationId }));
    const acked: Message[] = chat.messages.filter((m) => m.clientId);
    const exchange = async (socket: VisitorClient, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const reached = nextEvent<Message>(agentB, EVENTS.messageNew, (m) => m.clientId === `v${i}`);
        acked.push(ok(await visitorRequest(socket, EVENTS.messageSend, { conversationId, clientId: `v${i}`, text: `visitor ${i}` })).message);
        await reached;
        const answered = nextEvent<Message>(socket, EVENTS.messageNew, (m) => m.clientId === `a${i}`);
        acked.push(ok(await agentRequest(agentB, EVENTS.messageSend, { conversationId, clientId: `a${i}`, text: `agent ${i}` })).message);
        await answered;
      }
    };
    await exchange(visitor.socket, 1, 11);

    // Node A also holds an agent with a chat and a visitor waiting: both die with it.
    const agentA = await agentOn(A, dying);
    await expect.poll(async () => (await visitorSession(url(A), site.siteKey)).site.channels[0]!.online).toBe(true);
    const held = await visitorOn(A);
    const heldChat = ok(await visitorRequest(held.socket, EVENTS.conversationStart, { channelId, text: 'held', clientId: 'h1' }));
    expect(heldChat.conversation).toMatchObject({ status: 'active', agentName: 'Dying' });
    const waiter = await visitorOn(A);
    const waiting = ok(await visitorRequest(waiter.socket, EVENTS.conversationStart, { channelId, text: 'waiting', clientId: 'w1' }));
    expect(waiting.conversation.status).toBe('waiting');
    for (const socket of [agentA, held.socket, waiter.socket]) socket.io.opts.reconnection = false;

    // No goodbye: the process is killed.
    visitor.socket.io.opts.reconnection = false;
    await stopProcess(nodes[A]!.child, 'SIGKILL');
    // One message was in the visitor's hands when the node died: it is sent again on node B.
    const pending = { conversationId, clientId: 'v11', text: 'visitor 11' };
    const onB = await connectVisitor(url(B), visitor.token);
    const synced = ok(await visitorRequest(onB, EVENTS.conversationSync, { conversationId, afterSeq: acked.at(-1)!.seq }));
    expect(synced.messages).toEqual([]);
    acked.push(ok(await visitorRequest(onB, EVENTS.messageSend, pending)).message);
    acked.push(ok(await visitorRequest(onB, EVENTS.messageSend, pending)).message); // a retry: stored once
    const answered = nextEvent<Message>(onB, EVENTS.messageNew, (m) => m.clientId === 'a11');
    acked.push(ok(await agentRequest(agentB, EVENTS.messageSend, { conversationId, clientId: 'a11', text: 'agent 11' })).message);
    await answered;
    await exchange(onB, 12, 16);

    // Nothing lost, nothing twice, in order; both sides read the same transcript.
    const stored = await database.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    const storedIds = stored.filter((m) => m.clientId).map((m) => m.id);
    expect(new Set(storedIds).size).toBe(storedIds.length);
    expect([...new Set(acked.map((m) => m.id))].sort()).toEqual([...storedIds].sort());
    const visitorView = ok(await visitorRequest(onB, EVENTS.conversationSync, { conversationId, afterSeq: 0 })).messages;
    const agentView = ok(await agentRequest(agentB, EVENTS.conversationOpen, { conversationId })).messages;
    expect(visitorView.map((m) => m.id)).toEqual(agentView.map((m) => m.id));
    expect(visitorView.map((m) => m.id)).toEqual(stored.map((m) => m.id));

    // Node B, alone, finds what died with A: the agent's chat is requeued, the waiting visitor missed.
    await expect.poll(() => statusOf(waiting.conversation.id), { timeout: 15_000, interval: 100 }).toBe('missed');
    await expect.poll(() => systemMessages(heldChat.conversation.id, SYSTEM_MESSAGES.requeued), { timeout: 15_000, interval: 100 }).toBe(1);

    // Node A comes back; a few more ticks on both nodes change nothing: each job ran once.
    nodes[A] = await startProcess({ ...env, PORT: String(ports[A]) });
    await new Promise((r) => setTimeout(r, GRACE_SECONDS * 1000 * 3));
    expect(await systemMessages(left.conversation.id, SYSTEM_MESSAGES.missed)).toBe(1);
    expect(await systemMessages(waiting.conversation.id, SYSTEM_MESSAGES.missed)).toBe(1);
    expect(await systemMessages(heldChat.conversation.id, SYSTEM_MESSAGES.requeued)).toBe(1);
    expect(await statusOf(conversationId)).toBe('active');
    const leases = await database.db.select().from(jobLeases);
    expect(leases).toHaveLength(1);
  }, 120_000);

  it('drains on SIGTERM: readiness fails at once, clients are sent off to reconnect, the lease is handed over', async () => {
    const draining = await startProcess({ ...env, SHUTDOWN_DRAIN_SECONDS: '1.5' });
    const site = await createSite(database.db, { channels: ['Help'] });
    const session = await visitorSession(draining.url, site.siteKey);
    const visitor = await connectVisitor(draining.url, session.token);
    expect((await fetch(`${draining.url}${HTTP.ready}`)).status).toBe(200);
    // Hand the draining node the scheduler lease for an hour: only its release can end it early.
    const { node } = (await (await fetch(`${draining.url}${HTTP.health}`)).json()) as { node: string };
    await database.db.update(jobLeases).set({ holder: node, expiresAt: sql`now() + interval '1 hour'` });
    const holder = async () => (await database.db.select().from(jobLeases))[0]?.holder ?? null;

    const reason = new Promise<string>((resolve) => visitor.once('disconnect', (r) => resolve(r)));
    const exited = new Promise<number | null>((resolve) => draining.child.once('exit', (code) => resolve(code)));
    draining.child.kill('SIGTERM');
    await expect.poll(async () => (await fetch(`${draining.url}${HTTP.ready}`)).status, { timeout: 1000, interval: 50 }).toBe(503);
    expect((await fetch(`${draining.url}${HTTP.health}`)).status).toBe(200);
    // A transport closed (not "io server disconnect"): the client reconnects by itself.
    expect(await reason).toBe('transport close');
    expect(await exited).toBe(0);
    // Released on the way out: another node holds it within moments, not after the hour.
    await expect.poll(holder, { timeout: 3000, interval: 50 }).toMatch(/.+/);
    expect(await holder()).not.toBe(node);
  }, 60_000);
});

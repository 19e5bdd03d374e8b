/**
 * Faults survived (PostgreSQL, two real nodes): at least 5,000 messages from many visitors and
 * agents while one node is killed with SIGKILL and restarted, and client connections are dropped
 * at random. Clients resend with the same client id until acknowledged. Afterwards the stored
 * transcripts are exactly the acknowledged messages, once each, in each sender's order, and both
 * sides read the same transcript.
 */
import { createDatabase, messages, type DatabaseHandle } from '@parley/db';
import { EVENTS, NAMESPACES, type Ack } from '@parley/protocol';
import { inArray } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { createTestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, visitorSession } from './support/clients.ts';
import { createAgent, createSite } from './support/factories.ts';
import { cleanupProcesses, startProcess, stopProcess, type ServerProcess } from './support/processes.ts';
import { freePort } from './support/ports.ts';
import { TEST_JWT_SECRET } from './support/server.ts';

const url = process.env.TEST_DATABASE_URL;
const VISITORS = 20;
const AGENTS = 4;
const PER_VISITOR = 150;
const PER_AGENT = 500;


/** A client that keeps trying, as the widget and console do: same client id until acknowledged. */
async function sendReliably(socket: Socket, payload: { conversationId: string; clientId: string; text: string }): Promise<{ id: string; seq: number }> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const ack = await new Promise<Ack<{ message: { id: string; seq: number } }> | null>((resolve) =>
      socket.timeout(3000).emit(EVENTS.messageSend, payload, (err: Error | null, a: Ack<{ message: { id: string; seq: number } }>) => resolve(err ? null : a)),
    );
    if (ack?.ok) return ack.data.message;
    if (ack && !['RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL'].includes(ack.error.code)) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('never acknowledged');
}

describe.skipIf(!url)('faults: a node killed, connections dropped', () => {
  let database: DatabaseHandle;
  let nodes: ServerProcess[];
  let ports: number[];
  let own: Awaited<ReturnType<typeof createTestDatabase>>;
  const env = { DATABASE_URL: '', JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false', VISITOR_EVENTS_PER_SECOND: '100000', AGENT_EVENTS_PER_SECOND: '100000' };

  beforeAll(async () => {
    own = await createTestDatabase(url!);
    env.DATABASE_URL = own.url;
    database = await createDatabase({ url: own.url, poolSize: 5 });
    ports = [await freePort(), await freePort()];
    nodes = await Promise.all(ports.map((p) => startProcess({ ...env, PORT: String(p) })));
  }, 120_000);
  afterAll(async () => {
    await cleanupProcesses();
    await database?.close();
    await own?.drop();
  });

  it(`stores ${VISITORS * PER_VISITOR + AGENTS * PER_AGENT} messages exactly once, in order, through a SIGKILL and random drops`, async () => {
    const db = database.db;
    const site = await createSite(db, { channels: ['Help'], maxWaiting: 50, maxWaitingTotal: 50 });
    const agents = await Promise.all(Array.from({ length: AGENTS }, (_, i) => createAgent(db, site, { name: `A${i}`, maxChats: VISITORS / AGENTS })));
    const nodeUrl = (i: number) => `http://127.0.0.1:${ports[i % 2]}`;
    const sockets: Socket[] = [];
    const connect = (base: string, namespace: string, token: string) => {
      const socket = io(base + namespace, { auth: { token }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 });
      sockets.push(socket);
      return socket;
    };

    const agentSockets = await Promise.all(
      agents.map(async (a, i) => connect(nodeUrl(i), NAMESPACES.agent, (await agentLogin(nodeUrl(i), a.email, a.password)).token)),
    );
    await new Promise((r) => setTimeout(r, 500));
    const visitors = await Promise.all(
      Array.from({ length: VISITORS }, async (_, i) => {
        const session = await visitorSession(nodeUrl(i), site.siteKey);
        const socket = connect(nodeUrl(i), NAMESPACES.visitor, session.token);
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        const started = await new Promise<Ack<{ conversation: { id: string; agentId: string | null } }>>((resolve) =>
          socket.emit(EVENTS.conversationStart, { channelId: site.channels[0]!.id }, resolve),
        );
        if (!started.ok) throw new Error(started.error.message);
        return { socket, conversationId: started.data.conversation.id, agentId: started.data.conversation.agentId };
      }),
    );
    expect(visitors.every((v) => v.agentId)).toBe(true);

    // Chaos while everyone sends: drop random connections, and kill node 0 once, then restart it.
    let sent = 0;
    const total = VISITORS * PER_VISITOR + AGENTS * PER_AGENT;
    let stopChaos = false;
    const chaos = (async () => {
      let killed = false;
      while (!stopChaos) {
        await new Promise((r) => setTimeout(r, 150));
        sockets[Math.floor(Math.random() * sockets.length)]!.io.engine?.close();
        if (!killed && sent > total * 0.3) {
          killed = true;
          await stopProcess(nodes[0]!.child, 'SIGKILL');
          nodes[0] = await startProcess({ ...env, PORT: String(ports[0]) });
        }
      }
      return killed;
    })();

    const acked = new Map<string, { id: string; seq: number; conversationId: string }>();
    const order = new Map<string, string[]>(); // sender key → its client ids in send order
    const run = async (key: string, socket: Socket, plan: { conversationId: string; clientId: string }[]) => {
      order.set(key, plan.map((p) => p.clientId));
      for (const p of plan) {
        const message = await sendReliably(socket, { ...p, text: `${p.clientId} nội dung` });
        acked.set(p.clientId, { ...message, conversationId: p.conversationId });
        sent++;
      }
    };
    await Promise.all([
      ...visitors.map((v, i) =>
        run(`v${i}`, v.socket, Array.from({ length: PER_VISITOR }, (_, n) => ({ conversationId: v.conversationId, clientId: `v${i}-${n}` }))),
      ),
      ...agents.map((a, i) => {
        const mine = visitors.filter((v) => v.agentId === a.id);
        return run(`a${i}`, agentSockets[i]!, Array.from({ length: PER_AGENT }, (_, n) => ({ conversationId: mine[n % mine.length]!.conversationId, clientId: `a${i}-${n}` })));
      }),
    ]);
    stopChaos = true;
    expect(await chaos).toBe(true);
    expect(acked.size).toBe(total);

    // Stored: exactly the acknowledged messages, once each, with the acknowledged seq.
    const conversationIds = visitors.map((v) => v.conversationId);
    const rows = await db.select().from(messages).where(inArray(messages.conversationId, conversationIds));
    const userRows = rows.filter((r) => r.clientId !== null);
    expect(userRows).toHaveLength(total);
    expect(new Set(userRows.map((r) => r.clientId)).size).toBe(total);
    for (const row of userRows) {
      const ack = acked.get(row.clientId!)!;
      expect([row.id, row.seq, row.conversationId]).toEqual([ack.id, ack.seq, ack.conversationId]);
    }
    // Per conversation, seq is 1..n without gaps; each sender's messages are in the order sent.
    for (const id of conversationIds) {
      const seqs = rows.filter((r) => r.conversationId === id).map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    for (const [, clientIds] of order) {
      const seqsInSendOrder = clientIds.map((c) => acked.get(c)!);
      for (let i = 1; i < seqsInSendOrder.length; i++) {
        const [prev, next] = [seqsInSendOrder[i - 1]!, seqsInSendOrder[i]!];
        if (prev.conversationId === next.conversationId) expect(next.seq).toBeGreaterThan(prev.seq);
      }
    }
    // Both sides read the same transcript (agents also see nothing the visitor doesn't: no notes were sent).
    const sample = visitors[0]!;
    const visitorView = await new Promise<Ack<{ messages: { id: string; seq: number }[] }>>((resolve) =>
      sample.socket.emit(EVENTS.conversationSync, { conversationId: sample.conversationId, afterSeq: 0 }, resolve),
    );
    const owner = agentSockets[agents.findIndex((a) => a.id === sample.agentId)]!;
    const agentView = await new Promise<Ack<{ messages: { id: string; seq: number }[] }>>((resolve) =>
      owner.emit(EVENTS.conversationSync, { conversationId: sample.conversationId, afterSeq: 0 }, resolve),
    );
    expect(visitorView.ok && agentView.ok).toBe(true);
    if (visitorView.ok && agentView.ok) expect(visitorView.data.messages.map((m) => m.id)).toEqual(agentView.data.messages.map((m) => m.id));
    for (const s of sockets) s.close();
  }, 240_000);
});

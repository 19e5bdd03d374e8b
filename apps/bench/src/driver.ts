/**
 * The load driver, in its own process (socket.io-client only; no server code).
 *
 * `load` mode: connects A agents and V visitors, gives every visitor one conversation opened by
 * one agent, then sends R messages/s in total for D seconds on a fixed schedule. Message i is
 * scheduled at start + i/R; a timer sends everything that is due, and every latency is measured
 * from the scheduled time (so a stalled server or driver is charged for the wait: no coordinated
 * omission). Delivery = agent receives `message:new`; ack = the visitor's ack arrives.
 *
 * `connect` mode (memory): prepares V visitors (sessions), prints `prepared`, waits for `connect`
 * on stdin, opens V visitor sockets, prints `connected`, waits for `exit`.
 *
 * Config: one JSON argument (see DriverConfig). Output: JSON lines on stdout.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { EVENTS, HTTP, NAMESPACES, type Ack, type AgentSessionResponse, type VisitorSessionResponse } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { send } from './control.ts';
import { summarize } from './stats.ts';

export interface DriverConfig {
  mode: 'load' | 'connect';
  target: 'bare' | 'parley';
  url: string;
  visitors: number;
  agents: number;
  /** Messages per second, all visitors together. */
  rate: number;
  /** Seconds of sending. */
  duration: number;
  /** Seconds to wait for late deliveries and acks after the last send. */
  drain: number;
  parley?: { siteKey: string; channelId: string; agents: { email: string; password: string }[] };
}

const config = JSON.parse(process.argv[2] ?? '{}') as DriverConfig;
const CONNECT_BATCH = 25;
const REQUEST_TIMEOUT_MS = 10_000;
// Hard ceiling for the whole driver run: every loop below is bounded in count and time.
const hardStop = setTimeout(() => {
  send({ type: 'error', message: 'driver hard timeout' });
  process.exit(2);
}, (config.duration + config.drain + 240) * 1000);
hardStop.unref();

const sockets: Socket[] = [];

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(config.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (res.status !== 200) throw new Error(`POST ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function connect(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: REQUEST_TIMEOUT_MS });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function request<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(REQUEST_TIMEOUT_MS).emit(event, payload, (err: Error | null, ack: Ack<T>) => {
      if (err) reject(err);
      else if (!ack.ok) reject(new Error(`${event}: ${JSON.stringify(ack.error)}`));
      else resolve(ack.data);
    });
  });
}

/** Runs `task(i)` for i in [0, count) with at most `batch` in flight. */
async function inBatches<T>(count: number, batch: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += batch) {
    const part = await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, k) => task(start + k)));
    out.push(...part);
  }
  return out;
}

async function connectAgents(): Promise<Socket[]> {
  if (config.target === 'bare') return inBatches(config.agents, CONNECT_BATCH, () => connect(config.url, { role: 'agent' }));
  const creds = config.parley!.agents.slice(0, config.agents);
  return inBatches(creds.length, CONNECT_BATCH, async (i) => {
    const session = await postJson<AgentSessionResponse>(HTTP.agentLogin, creds[i]);
    return connect(config.url + NAMESPACES.agent, { token: session.token });
  });
}

interface Visitor {
  socket: Socket | null;
  token: string;
  conversationId: string;
}

async function prepareVisitor(i: number): Promise<Visitor> {
  if (config.target === 'bare') return { socket: null, token: '', conversationId: `c${i}` };
  const session = await postJson<VisitorSessionResponse>(HTTP.visitorSession, { siteKey: config.parley!.siteKey });
  return { socket: null, token: session.token, conversationId: '' };
}

async function connectVisitor(v: Visitor): Promise<void> {
  v.socket =
    config.target === 'bare'
      ? await connect(config.url, { role: 'visitor', conversationId: v.conversationId })
      : await connect(config.url + NAMESPACES.visitor, { token: v.token });
}

async function startConversation(v: Visitor, agent: Socket): Promise<void> {
  if (config.target === 'parley') {
    const started = await request<{ conversation: { id: string } }>(v.socket!, EVENTS.conversationStart, { channelId: config.parley!.channelId });
    v.conversationId = started.conversation.id;
  }
  await request(agent, EVENTS.conversationOpen, { conversationId: v.conversationId });
}

function waitForLine(expected: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin });
    const timer = setTimeout(() => {
      rl.close();
      reject(new Error(`no "${expected}" on stdin within ${timeoutMs} ms`));
    }, timeoutMs);
    rl.on('line', (line) => {
      if (line.trim() !== expected) return;
      clearTimeout(timer);
      rl.close();
      resolve();
    });
  });
}

async function connectMode(): Promise<void> {
  const visitors = await inBatches(config.visitors, CONNECT_BATCH, prepareVisitor);
  send({ type: 'prepared', visitors: visitors.length });
  await waitForLine('connect', 120_000);
  const t0 = performance.now();
  await inBatches(visitors.length, CONNECT_BATCH, (i) => connectVisitor(visitors[i]!));
  send({ type: 'connected', visitors: visitors.length, ms: Math.round(performance.now() - t0) });
  await waitForLine('exit', 120_000);
}

async function loadMode(): Promise<void> {
  const setupStart = performance.now();
  const agents = await connectAgents();
  const visitors = await inBatches(config.visitors, CONNECT_BATCH, prepareVisitor);
  await inBatches(visitors.length, CONNECT_BATCH, async (i) => {
    await connectVisitor(visitors[i]!);
    await startConversation(visitors[i]!, agents[i % agents.length]!);
  });
  const setupMs = performance.now() - setupStart;

  const total = Math.max(1, Math.round(config.rate * config.duration));
  const intervalMs = 1000 / config.rate;
  const scheduled = new Float64Array(total);
  const delivered = new Float64Array(total).fill(NaN);
  const acked = new Float64Array(total).fill(NaN);
  let ackErrors = 0;
  let deliveredCount = 0;
  let ackedCount = 0;
  let duplicates = 0;
  const idOf = (clientId: string | null | undefined): number => (clientId?.startsWith('b') ? Number(clientId.slice(1)) : -1);

  for (const agent of agents) {
    agent.on(EVENTS.messageNew, (message: { clientId: string | null; sender: string }) => {
      const now = performance.now();
      if (message.sender !== 'visitor') return;
      const i = idOf(message.clientId);
      if (!(i >= 0 && i < total)) return;
      if (!Number.isNaN(delivered[i]!)) {
        duplicates++;
        return;
      }
      delivered[i] = now;
      deliveredCount++;
    });
  }

  let sent = 0;
  const start = performance.now() + 50;
  const sendOne = (i: number) => {
    const v = visitors[i % visitors.length]!;
    scheduled[i] = start + i * intervalMs;
    v.socket!.timeout(config.duration * 1000 + config.drain * 1000).emit(
      EVENTS.messageSend,
      { conversationId: v.conversationId, clientId: `b${i}`, text: `bench message ${i}` },
      (err: Error | null, ack: Ack<unknown>) => {
        if (err || !ack.ok) {
          ackErrors++;
          return;
        }
        acked[i] = performance.now();
        ackedCount++;
      },
    );
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) sendOne(sent++);
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(5, start + sent * intervalMs - performance.now())));
    };
    setTimeout(tick, 50);
  });
  const sendEnd = performance.now();
  const lateness = sendEnd - (start + (total - 1) * intervalMs);

  // Drain: bounded by config.drain seconds.
  const drainDeadline = performance.now() + config.drain * 1000;
  while ((deliveredCount < total || ackedCount + ackErrors < total) && performance.now() < drainDeadline) {
    await new Promise((r) => setTimeout(r, 20));
  }

  const deliveries: number[] = [];
  const acks: number[] = [];
  for (let i = 0; i < total; i++) {
    if (!Number.isNaN(delivered[i]!)) deliveries.push(delivered[i]! - scheduled[i]!);
    if (!Number.isNaN(acked[i]!)) acks.push(acked[i]! - scheduled[i]!);
  }
  // Delivery latency per second of the schedule (p50 / max), to tell a start-up backlog from steady state.
  const timeline: { second: number; p50: number | null; max: number | null }[] = [];
  const perSecond = Math.max(1, Math.round(config.rate));
  for (let from = 0; from < total && timeline.length < 3600; from += perSecond) {
    const slice: number[] = [];
    for (let i = from; i < Math.min(total, from + perSecond); i++) if (!Number.isNaN(delivered[i]!)) slice.push(delivered[i]! - scheduled[i]!);
    const s = summarize(slice);
    timeline.push({ second: timeline.length, p50: s.p50, max: s.max });
  }
  send({
    type: 'result',
    target: config.target,
    visitors: visitors.length,
    agents: agents.length,
    rate: config.rate,
    duration: config.duration,
    scheduled: total,
    setupMs: Math.round(setupMs),
    achievedRate: total / ((sendEnd - start) / 1000),
    lastSendLatenessMs: lateness,
    delivered: deliveredCount,
    acked: ackedCount,
    ackErrors,
    duplicates,
    lost: total - deliveredCount,
    delivery: summarize(deliveries),
    ack: summarize(acks),
    timeline,
  });
}

(config.mode === 'connect' ? connectMode() : loadMode())
  .catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  })
  .finally(() => {
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(), 200).unref();
  });

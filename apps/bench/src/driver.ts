/**
 * The load driver, in its own process (socket.io-client only; no server code). It keeps its
 * sockets between commands, so one server and one driver serve every scenario of a repetition.
 *
 * Commands arrive as JSON lines on stdin; each answers with one JSON line on stdout:
 *
 * - `agents {count}` → `agents`: connects the agents (Parley: with the tokens the server seeded).
 * - `visitors {count}` → `visitors`: exactly the first `count` visitors are connected afterwards.
 * - `conversations {count}` → `conversations`: visitors 0..count-1 each start a conversation; the
 *   agent it was assigned to opens it (joins its room).
 * - `load {rate, duration, drain, direction}` → `load`: R messages/s in total over those
 *   conversations for D seconds, visitor → agent (`v2a`) or agent → visitor (`a2v`).
 * - `routing {rate, duration, drain, from}` → `routing`: visitors from `from` on start one
 *   conversation each at R starts/s; measured until the assigned agent hears of it.
 *
 * Fixed schedule, no coordinated omission: event i is due at start + i/R, a timer sends whatever
 * is due, and every latency is measured from the scheduled time, so a stalled server or driver is
 * charged for the whole wait.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { EVENTS, NAMESPACES, type Ack } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { observeGc, ownThreadTimes, send, shareOf, takeGc, takeLoopMaxMs, watchLoop, type ServerWindow, type Share } from './control.ts';
import { summarize, type Summary } from './stats.ts';

export interface DriverConfig {
  target: 'bare' | 'parley';
  url: string;
  parley?: { channelId: string; agents: { id: string; token: string }[]; visitorsFile: string };
}

export type Direction = 'v2a' | 'a2v';
export type DriverCommand =
  | { cmd: 'agents'; count: number }
  | { cmd: 'visitors'; count: number }
  | { cmd: 'conversations'; count: number }
  | { cmd: 'load'; rate: number; duration: number; drain: number; direction: Direction }
  | { cmd: 'routing'; rate: number; duration: number; drain: number; from: number }
  | { cmd: 'exit' };

export interface LoadResult {
  type: 'load';
  direction: Direction;
  rate: number;
  duration: number;
  conversations: number;
  scheduled: number;
  achievedRate: number;
  lastSendLatenessMs: number;
  delivered: number;
  acked: number;
  ackErrors: number;
  firstAckError: string | null;
  duplicates: number;
  lost: number;
  /** Extra wait after the drain for a backlog to clear before the next point (ms). */
  settleMs: number;
  /** Set by the orchestrator: how long the server stayed busy after the point (ms). */
  quiesceMs?: number;
  /** Set by the orchestrator: the server's threads and GC pauses over the point (latency points). */
  server?: ServerWindow;
  /**
   * Set by the orchestrator: the whole machine over the point, busy and stolen by its hypervisor
   * (fractions of all cores), and ms that some task waited on the disk (absent in older results).
   */
  machine?: { busy: number; steal: number; ioStallMs?: number };
  /** This driver's event loop over the point: on a CPU, and waiting for one (fractions of a core). */
  driver: Share | null;
  /**
   * The driver's own stalls over the point (ms): its longest GC pause and event-loop stall, and
   * the latest a send left after its scheduled time. They count against the target like the
   * server's own (latency runs from the schedule), so a tail is checked against them first.
   */
  driverStalls: { gcCount: number; gcMaxMs: number; loopMaxMs: number; sendLateMaxMs: number };
  delivery: Summary;
  ack: Summary;
  timeline: { second: number; p50: number | null; max: number | null }[];
}

export interface RoutingResult {
  type: 'routing';
  rate: number;
  duration: number;
  scheduled: number;
  achievedRate: number;
  notified: number;
  acked: number;
  ackErrors: number;
  firstAckError: string | null;
  unassigned: number;
  lost: number;
  settleMs: number;
  /** Scheduled start → the assigned agent receives the conversation (created/updated, with them as agent). */
  notify: Summary;
  /** Scheduled start → the visitor's ack. */
  ack: Summary;
}

const config = JSON.parse(process.argv[2] ?? '{}') as DriverConfig;
const CONNECT_CONCURRENCY = 50;
const REQUEST_TIMEOUT_MS = 20_000;
/** After the drain, wait for a backlog to clear (no arrivals for QUIET_MS), at most SETTLE_MAX_MS. */
const QUIET_MS = 1000;
const SETTLE_MAX_MS = 20_000;

interface Agent {
  id: string;
  socket: Socket;
}
interface Visitor {
  id: string;
  token: string;
  socket: Socket | null;
}
interface Conv {
  id: string;
  visitor: Visitor;
  agent: Agent;
}

const agents: Agent[] = [];
const agentById = new Map<string, Agent>();
const visitorTokens: string[] =
  config.target === 'parley' ? readFileSync(config.parley!.visitorsFile, 'utf8').split('\n').filter(Boolean) : [];
const visitors: Visitor[] = [];
const conversations: Conv[] = [];

/** The run being measured now: receives every message and conversation event. */
let onMessage: ((m: { clientId?: string | null; sender: string }, at: number, by: 'agent' | 'visitor') => void) | null = null;
let onConversation: ((c: { visitorId: string; agentId: string | null; status: string }, at: number, agentId: string) => void) | null = null;

function visitorAt(i: number): Visitor {
  while (visitors.length <= i) {
    const k = visitors.length;
    if (config.target === 'bare') visitors.push({ id: `v${k}`, token: '', socket: null });
    else {
      const token = visitorTokens[k];
      if (!token) throw new Error(`only ${visitorTokens.length} visitors were seeded, ${i + 1} needed`);
      // The visitor id is the token's subject; the driver reads it without verifying.
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
      visitors.push({ id: payload.sub, token, socket: null });
    }
  }
  return visitors[i]!;
}

/**
 * This one process plays every agent and visitor. Decoding (JSON.parse) a payload no listener
 * reads — above all the site's inbox batches, `conversations:activity`, each of which reaches all
 * 50 agents — would charge the target for client work a real deployment spreads over
 * 50 browsers, and it lands in bursts that delay the deliveries being timed (measured: at 2,000
 * msg/s on PostgreSQL, p99 35-52 ms with, 15-19 ms without). So an event packet whose name no
 * listener of this socket has is dropped unparsed; acks, control packets and heard events go on
 * to socket.io-client as before. Every target's sockets are treated the same way.
 */
function decodeOnlyHeard(socket: Socket): void {
  const decoder = (socket.io as unknown as { decoder: { add(data: unknown): void } }).decoder;
  const add = decoder.add.bind(decoder);
  decoder.add = (data) => {
    // An event packet: '2', then '/namespace,' and an ack id when present, then '["name",...'.
    if (typeof data === 'string' && data.startsWith('2')) {
      const start = data.indexOf('["');
      const end = start < 0 ? -1 : data.indexOf('"', start + 2);
      if (end > 0 && !socket.hasListeners(data.slice(start + 2, end))) return;
    }
    add(data);
  };
}

function connect(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: REQUEST_TIMEOUT_MS });
  decodeOnlyHeard(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
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

/** Runs `task(i)` for every i in `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function connectAgents(count: number): Promise<void> {
  const wanted = config.target === 'bare' ? Array.from({ length: count }, (_, i) => ({ id: `a${i}`, token: '' })) : config.parley!.agents.slice(0, count);
  await pool(wanted.slice(agents.length), CONNECT_CONCURRENCY, async ({ id, token }) => {
    const socket =
      config.target === 'bare' ? await connect(config.url, { role: 'agent', id }) : await connect(config.url + NAMESPACES.agent, { token });
    socket.on(EVENTS.messageNew, (m: { clientId?: string | null; sender: string }) => onMessage?.(m, performance.now(), 'agent'));
    const conversationEvent = (c: { visitorId: string; agentId: string | null; status: string }) => onConversation?.(c, performance.now(), id);
    socket.on(EVENTS.conversationCreated, conversationEvent);
    socket.on(EVENTS.conversationUpdated, conversationEvent);
    const agent = { id, socket };
    agents.push(agent);
    agentById.set(id, agent);
  });
}

async function setVisitors(count: number): Promise<void> {
  for (let i = count; i < visitors.length; i++) {
    visitors[i]!.socket?.close();
    visitors[i]!.socket = null;
  }
  const missing = Array.from({ length: count }, (_, i) => visitorAt(i)).filter((v) => !v.socket);
  await pool(missing, CONNECT_CONCURRENCY, async (v) => {
    const socket =
      config.target === 'bare'
        ? await connect(config.url, { role: 'visitor', id: v.id })
        : await connect(config.url + NAMESPACES.visitor, { token: v.token });
    socket.on(EVENTS.messageNew, (m: { clientId?: string | null; sender: string }) => onMessage?.(m, performance.now(), 'visitor'));
    v.socket = socket;
  });
}

async function startConversation(v: Visitor): Promise<{ id: string; agentId: string | null }> {
  const payload = config.target === 'parley' ? { channelId: config.parley!.channelId } : {};
  const started = await request<{ conversation: { id: string; agentId: string | null } }>(v.socket!, EVENTS.conversationStart, payload);
  return started.conversation;
}

async function startConversations(count: number): Promise<void> {
  const todo = Array.from({ length: count }, (_, i) => i).filter((i) => !conversations[i]);
  await pool(todo, CONNECT_CONCURRENCY, async (i) => {
    const v = visitorAt(i);
    if (!v.socket) throw new Error(`visitor ${i} is not connected`);
    const c = await startConversation(v);
    const agent = c.agentId ? agentById.get(c.agentId) : undefined;
    if (!agent) throw new Error(`conversation ${c.id} was not assigned to a connected agent (agentId ${c.agentId})`);
    await request(agent.socket, EVENTS.conversationOpen, { conversationId: c.id });
    conversations[i] = { id: c.id, visitor: v, agent };
  });
}

/** Sends `total` events on the fixed schedule; returns the start time and how late the last send was. */
async function schedule(total: number, rate: number, sendOne: (i: number, due: number) => void): Promise<{ start: number; end: number; lateness: number }> {
  const intervalMs = 1000 / rate;
  const start = performance.now() + 50;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) {
        sendOne(sent, start + sent * intervalMs);
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(5, start + sent * intervalMs - performance.now())));
    };
    setTimeout(tick, 50);
  });
  const end = performance.now();
  return { start, end, lateness: end - (start + (total - 1) * intervalMs) };
}

/** Waits until `done()` or the drain deadline; then until nothing arrived for QUIET_MS (bounded). */
async function drainAndSettle(drainSeconds: number, done: () => boolean, lastArrival: () => number): Promise<number> {
  const deadline = performance.now() + drainSeconds * 1000;
  while (!done() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (done()) return 0;
  const settleStart = performance.now();
  while (performance.now() - lastArrival() < QUIET_MS && performance.now() - settleStart < SETTLE_MAX_MS) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return Math.round(performance.now() - settleStart);
}

let runCounter = 0;

async function load(c: Extract<DriverCommand, { cmd: 'load' }>): Promise<LoadResult> {
  if (!conversations.length) throw new Error('load needs conversations first');
  const prefix = `r${++runCounter}-`;
  const total = Math.max(1, Math.round(c.rate * c.duration));
  const scheduled = new Float64Array(total);
  const delivered = new Float64Array(total).fill(NaN);
  const acked = new Float64Array(total).fill(NaN);
  let deliveredCount = 0;
  let ackedCount = 0;
  let ackErrors = 0;
  let firstAckError: string | null = null;
  let duplicates = 0;
  let lastArrival = performance.now();
  let collecting = true;
  const receiver = c.direction === 'v2a' ? 'agent' : 'visitor';
  const sender = c.direction === 'v2a' ? 'visitor' : 'agent';
  onMessage = (m, at, by) => {
    if (by !== receiver || m.sender !== sender || !m.clientId?.startsWith(prefix)) return;
    const i = Number(m.clientId.slice(prefix.length));
    if (!(i >= 0 && i < total)) return;
    lastArrival = at;
    if (!collecting) return;
    if (!Number.isNaN(delivered[i]!)) {
      duplicates++;
      return;
    }
    delivered[i] = at;
    deliveredCount++;
  };
  const ackTimeout = (c.duration + c.drain) * 1000 + SETTLE_MAX_MS;
  const threadBefore = ownThreadTimes();
  const gcBefore = takeGc();
  takeLoopMaxMs();
  let sendLateMaxMs = 0;
  const startedAt = performance.now();
  const timing = await schedule(total, c.rate, (i, due) => {
    scheduled[i] = due;
    sendLateMaxMs = Math.max(sendLateMaxMs, performance.now() - due);
    const conv = conversations[i % conversations.length]!;
    const socket = c.direction === 'v2a' ? conv.visitor.socket! : conv.agent.socket;
    socket.timeout(ackTimeout).emit(EVENTS.messageSend, { conversationId: conv.id, clientId: `${prefix}${i}`, text: `bench message ${i}` }, (err: Error | null, ack: Ack<unknown>) => {
      const now = performance.now();
      lastArrival = now;
      if (!collecting) return;
      if (err || !ack.ok) {
        ackErrors++;
        firstAckError ??= err ? err.message : JSON.stringify(ack.ok ? null : ack.error);
        return;
      }
      acked[i] = now;
      ackedCount++;
    });
  });
  const settleMs = await drainAndSettle(c.drain, () => deliveredCount >= total && ackedCount + ackErrors >= total, () => lastArrival);
  const driver = shareOf(threadBefore, ownThreadTimes(), performance.now() - startedAt);
  const gc = takeGc();
  const driverStalls = { gcCount: gc.count - gcBefore.count, gcMaxMs: gc.maxMs, loopMaxMs: takeLoopMaxMs(), sendLateMaxMs };
  collecting = false;
  onMessage = null;

  traceLoad(c, scheduled, delivered, acked);
  const deliveries: number[] = [];
  const acks: number[] = [];
  for (let i = 0; i < total; i++) {
    if (!Number.isNaN(delivered[i]!)) deliveries.push(delivered[i]! - scheduled[i]!);
    if (!Number.isNaN(acked[i]!)) acks.push(acked[i]! - scheduled[i]!);
  }
  // Delivery latency per second of the schedule (p50 / max): tells a backlog building up from a steady state.
  const timeline: LoadResult['timeline'] = [];
  const perSecond = Math.max(1, Math.round(c.rate));
  for (let from = 0; from < total && timeline.length < 3600; from += perSecond) {
    const slice: number[] = [];
    for (let i = from; i < Math.min(total, from + perSecond); i++) if (!Number.isNaN(delivered[i]!)) slice.push(delivered[i]! - scheduled[i]!);
    const s = summarize(slice);
    timeline.push({ second: timeline.length, p50: s.p50, max: s.max });
  }
  return {
    type: 'load',
    direction: c.direction,
    rate: c.rate,
    duration: c.duration,
    conversations: conversations.length,
    scheduled: total,
    achievedRate: total / ((timing.end - timing.start) / 1000 || 1),
    lastSendLatenessMs: timing.lateness,
    delivered: deliveredCount,
    acked: ackedCount,
    ackErrors,
    firstAckError,
    duplicates,
    lost: total - deliveredCount,
    settleMs,
    delivery: summarize(deliveries),
    ack: summarize(acks),
    timeline,
    driver,
    driverStalls,
  };
}

/**
 * `BENCH_TRACE=<dir>`: every load point's raw times (ms) go to a JSON file there, with the
 * monotonic clock's reading (µs, as in V8 CPU profiles) at this process's time 0, so a stall can
 * be lined up with the server's `--cpu-prof` timeline.
 */
function traceLoad(c: Extract<DriverCommand, { cmd: 'load' }>, scheduled: Float64Array, delivered: Float64Array, acked: Float64Array) {
  const dir = process.env.BENCH_TRACE;
  if (!dir) return;
  const monotonicZeroUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  const round = (a: Float64Array) => Array.from(a, (x) => (Number.isNaN(x) ? null : Math.round(x * 1000) / 1000));
  const file = join(dir, `load-${c.direction}-${c.rate}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ ...c, monotonicZeroUs, scheduled: round(scheduled), delivered: round(delivered), acked: round(acked) }));
}

async function routing(c: Extract<DriverCommand, { cmd: 'routing' }>): Promise<RoutingResult> {
  const total = Math.max(1, Math.round(c.rate * c.duration));
  const pending = Array.from({ length: total }, (_, i) => visitorAt(c.from + i));
  if (pending.some((v) => !v.socket)) throw new Error(`routing needs visitors ${c.from}..${c.from + total - 1} connected`);
  const indexOf = new Map(pending.map((v, i) => [v.id, i]));
  const scheduled = new Float64Array(total);
  const notified = new Float64Array(total).fill(NaN);
  const acked = new Float64Array(total).fill(NaN);
  let notifiedCount = 0;
  let ackedCount = 0;
  let ackErrors = 0;
  let unassigned = 0;
  let firstAckError: string | null = null;
  let lastArrival = performance.now();
  let collecting = true;
  onConversation = (conv, at, agentId) => {
    const i = indexOf.get(conv.visitorId);
    if (i === undefined) return;
    lastArrival = at;
    // Only the agent it was given to counts: "the agent is notified".
    if (!collecting || conv.agentId !== agentId || conv.status !== 'active' || !Number.isNaN(notified[i]!)) return;
    notified[i] = at;
    notifiedCount++;
  };
  const timing = await schedule(total, c.rate, (i, due) => {
    scheduled[i] = due;
    const payload = config.target === 'parley' ? { channelId: config.parley!.channelId } : {};
    pending[i]!.socket!.timeout((c.duration + c.drain) * 1000 + SETTLE_MAX_MS).emit(EVENTS.conversationStart, payload, (err: Error | null, ack: Ack<{ conversation: { agentId: string | null } }>) => {
      const now = performance.now();
      lastArrival = now;
      if (!collecting) return;
      if (err || !ack.ok) {
        ackErrors++;
        firstAckError ??= err ? err.message : JSON.stringify(ack.ok ? null : ack.error);
        return;
      }
      if (!ack.data.conversation.agentId) unassigned++;
      acked[i] = now;
      ackedCount++;
    });
  });
  const settleMs = await drainAndSettle(c.drain, () => notifiedCount >= total && ackedCount + ackErrors >= total, () => lastArrival);
  collecting = false;
  onConversation = null;
  const notify: number[] = [];
  const acks: number[] = [];
  for (let i = 0; i < total; i++) {
    if (!Number.isNaN(notified[i]!)) notify.push(notified[i]! - scheduled[i]!);
    if (!Number.isNaN(acked[i]!)) acks.push(acked[i]! - scheduled[i]!);
  }
  return {
    type: 'routing',
    rate: c.rate,
    duration: c.duration,
    scheduled: total,
    achievedRate: total / ((timing.end - timing.start) / 1000 || 1),
    notified: notifiedCount,
    acked: ackedCount,
    ackErrors,
    firstAckError,
    unassigned,
    lost: total - notifiedCount,
    settleMs,
    notify: summarize(notify),
    ack: summarize(acks),
  };
}

async function handle(c: DriverCommand): Promise<object> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  switch (c.cmd) {
    case 'agents':
      await connectAgents(c.count);
      return { type: 'agents', count: agents.length, ms: ms() };
    case 'visitors':
      await setVisitors(c.count);
      return { type: 'visitors', count: visitors.filter((v) => v.socket).length, ms: ms() };
    case 'conversations':
      await startConversations(c.count);
      return { type: 'conversations', count: conversations.filter(Boolean).length, ms: ms() };
    case 'load':
      return load(c);
    case 'routing':
      return routing(c);
    case 'exit':
      return { type: 'bye' };
  }
}

function closeAll(): void {
  for (const a of agents) a.socket.close();
  for (const v of visitors) v.socket?.close();
}

observeGc();
watchLoop();
// Commands run one at a time, in order.
let chain = Promise.resolve();
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) return;
  // The orchestrator's generic stop writes a bare `exit`.
  const command = (line.trim() === 'exit' ? { cmd: 'exit' } : JSON.parse(line)) as DriverCommand;
  chain = chain.then(async () => {
    try {
      send(await handle(command));
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
    if (command.cmd === 'exit') {
      closeAll();
      setTimeout(() => process.exit(0), 200).unref();
    }
  });
});
rl.on('close', () => {
  closeAll();
  setTimeout(() => process.exit(0), 200).unref();
});
send({ type: 'ready' });

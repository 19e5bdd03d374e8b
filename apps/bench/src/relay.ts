/**
 * The baseline: a bare Socket.IO relay with no auth, no validation and no database, speaking the
 * same event names as Parley so the driver treats both alike. What it does is the least any chat
 * relay must do:
 *
 * - `conversation:start` (visitor): picks the least-busy agent (round-robin among equals), tells
 *   that agent with `conversation:created` at once and every agent with `conversations:created`
 *   lists at most every 250 ms (as Parley tells the rest of the site), acks.
 * - `conversation:open` (agent): joins the conversation's room.
 * - `message:send` from a visitor: `message:new` to the conversation's agents and the visitor's
 *   room (their other tabs), then the ack. From an agent: to the visitor's room and the room.
 *
 * Prints `{ type: 'ready', url }` once listening on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { send, serveControl } from './control.ts';

interface RelayMessage {
  conversationId: string;
  clientId: string;
  text: string;
}
type AckFn = (a: unknown) => void;

const http = createServer();
const io = new Server(http, { serveClient: false, transports: ['websocket'] });
let seq = 0;
let conversationSeq = 0;
/** conversation id → visitor id, for agent → visitor messages. */
const visitorOf = new Map<string, string>();
/** agent id → active conversations, for least-busy assignment. */
const load = new Map<string, number>();

/** New conversations not yet listed to every agent; the first after a quiet spell goes at once. */
let pendingCreated: unknown[] = [];
let listTimer: NodeJS.Timeout | undefined;
function listCreated(conversation: unknown): void {
  pendingCreated.push(conversation);
  if (listTimer) return;
  const flush = () => {
    if (!pendingCreated.length) {
      listTimer = undefined;
      return;
    }
    io.to('agents').emit('conversations:created', pendingCreated);
    pendingCreated = [];
    listTimer = setTimeout(flush, 250);
  };
  flush();
}

function pickAgent(): string | null {
  let best: string | null = null;
  for (const [agentId, count] of load) if (best === null || count < load.get(best)!) best = agentId;
  return best;
}

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { role?: string; id?: string };
  const id = String(auth.id ?? socket.id);
  if (auth.role === 'agent') {
    if (!load.has(id)) load.set(id, 0);
    void socket.join(['agents', `agent:${id}`]);
    socket.on('conversation:open', (p: { conversationId: string }, ack?: AckFn) => {
      void socket.join(`conversation:${p.conversationId}`);
      ack?.({ ok: true, data: { conversation: { id: p.conversationId }, messages: [] } });
    });
    socket.on('message:send', (p: RelayMessage, ack?: AckFn) => {
      const message = { id: String(++seq), conversationId: p.conversationId, seq, clientId: p.clientId, sender: 'agent', text: p.text, createdAt: new Date().toISOString() };
      const visitorId = visitorOf.get(p.conversationId);
      // socket.to(): every socket in those rooms but the sender's, which has the message in its ack.
      socket.to([`conversation:${p.conversationId}`, ...(visitorId ? [`visitor:${visitorId}`] : [])]).emit('message:new', message);
      ack?.({ ok: true, data: { message } });
    });
    return;
  }
  void socket.join(`visitor:${id}`);
  socket.on('conversation:start', (_p: unknown, ack?: AckFn) => {
    const conversationId = `c${++conversationSeq}`;
    const agentId = pickAgent();
    if (agentId) load.set(agentId, load.get(agentId)! + 1);
    visitorOf.set(conversationId, id);
    const conversation = { id: conversationId, visitorId: id, agentId, status: agentId ? 'active' : 'waiting', createdAt: new Date().toISOString() };
    if (agentId) {
      io.to(`agent:${agentId}`).emit('conversation:created', conversation);
      listCreated(conversation);
    } else io.to('agents').emit('conversation:created', conversation);
    ack?.({ ok: true, data: { conversation, messages: [] } });
  });
  socket.on('message:send', (p: RelayMessage, ack?: AckFn) => {
    const message = { id: String(++seq), conversationId: p.conversationId, seq, clientId: p.clientId, sender: 'visitor', text: p.text, createdAt: new Date().toISOString() };
    socket.to([`conversation:${p.conversationId}`, `visitor:${id}`]).emit('message:new', message);
    ack?.({ ok: true, data: { message } });
  });
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  send({ type: 'ready', url: `http://127.0.0.1:${port}` });
});

serveControl(
  () =>
    new Promise<void>((resolve) => {
      io.local.disconnectSockets(true);
      void io.close(() => resolve());
    }),
);

/**
 * The baseline: a bare Socket.IO relay with no auth and no database. A visitor socket emits
 * `message:send`, the server relays `message:new` to the agent sockets of that conversation's
 * room and acks. Prints `{ type: 'ready', url }` once listening on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { send, serveControl } from './control.ts';

interface RelayMessage {
  conversationId: string;
  clientId: string;
  text: string;
}

const http = createServer();
const io = new Server(http, { serveClient: false, transports: ['websocket'] });
let seq = 0;

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { role?: string; conversationId?: string };
  const conversationId = String(auth.conversationId ?? '');
  if (auth.role === 'agent') {
    // Agents join any number of conversation rooms with `conversation:open`.
    socket.on('conversation:open', (p: { conversationId: string }, ack?: (a: unknown) => void) => {
      void socket.join(`conversation:${p.conversationId}`);
      ack?.({ ok: true, data: {} });
    });
    return;
  }
  socket.on('message:send', (p: RelayMessage, ack?: (a: unknown) => void) => {
    const message = { id: String(++seq), conversationId, seq, clientId: p.clientId, sender: 'visitor', text: p.text, createdAt: new Date().toISOString() };
    io.to(`conversation:${conversationId}`).emit('message:new', message);
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

/**
 * HTTP long-polling, the fallback transport for networks that block WebSockets. Its own chunk:
 * connection.ts imports it only after a WebSocket attempt failed.
 */
export { XHR } from 'socket.io-client';

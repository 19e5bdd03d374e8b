/**
 * Engine.IO packets as text, over WebSocket: what the widget's core bundles in place of
 * engine.io-parser (see the `parley-text-packets` plugin in scripts/build.mjs). Same wire format
 * (Engine.IO protocol v4): one packet per frame, `<type digit><data>`, e.g. `2` (ping), `3` (pong),
 * `4…` (a Socket.IO packet). What it leaves out is binary frames and base64-encoded binary, which
 * Parley never sends (its Socket.IO packets are text, see wire-socket.ts). The HTTP long-polling
 * fallback, in its own chunk, keeps the real engine.io-parser. test/wire.test.ts pins the format.
 */

/** The Engine.IO protocol revision (sent as `EIO=4` in the handshake URL). */
export const protocol = 4;

/** Packet types by their digit on the wire. */
const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];

export interface EnginePacket {
  type: string;
  data?: unknown;
}

/** Text packets only: `data` is a string or absent. Calls back at once, like the default parser. */
export function encodePacket(packet: EnginePacket, _supportsBinary: boolean, callback: (encoded: string) => void): void {
  callback(TYPES.indexOf(packet.type) + String(packet.data ?? ''));
}

/** A frame the default parser would read as binary is passed on as a message (and then refused by wire-socket.ts). */
export function decodePacket(encoded: unknown): EnginePacket {
  if (typeof encoded !== 'string') return { type: 'message', data: encoded };
  const type = TYPES[Number(encoded.charAt(0))];
  if (!type || !encoded) return { type: 'error', data: 'parser error' };
  return encoded.length > 1 ? { type, data: encoded.slice(1) } : { type };
}

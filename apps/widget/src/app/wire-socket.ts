/**
 * Socket.IO packets as text: what the widget bundles in place of socket.io-parser (see the
 * `parley-text-packets` plugin in scripts/build.mjs). Same wire format as the default
 * parser (Socket.IO protocol v5) for every packet Parley sends and receives: connect, disconnect,
 * event, ack and connect error, namespace and ack id included. What it leaves out is binary
 * attachments (packet types 5 and 6), which Parley never uses (all payloads are JSON): ~1.5 KB
 * gzipped less in the widget. A binary packet from the server is refused like a malformed one
 * (socket.io-client closes with "parse error" and reconnects). test/wire.test.ts pins the format.
 */

/** The Socket.IO protocol revision (socket.io-client reports it as `protocol`). */
export const protocol = 5;

export const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;

export interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

/** Event names the server may not send: socket.io-client would take them for its own events. */
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

const isObject = (value: unknown) => Object.prototype.toString.call(value) === '[object Object]';

/** The default parser's payload check, per packet type. */
function isPayloadValid(type: number, payload: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isObject(payload);
    case PacketType.CONNECT_ERROR:
      return typeof payload === 'string' || isObject(payload);
    case PacketType.EVENT:
      return (
        Array.isArray(payload) &&
        (typeof payload[0] === 'number' || (typeof payload[0] === 'string' && !RESERVED.includes(payload[0])))
      );
    case PacketType.ACK:
      return Array.isArray(payload);
    default: // DISCONNECT carries nothing
      return false;
  }
}

/** `<type>[<namespace>,][<ack id>][<JSON>]`, e.g. `42/visitor,7["message:send",{…}]`. */
export function encodePacket(packet: Packet): string {
  let text = String(packet.type);
  if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
  if (packet.id != null) text += packet.id;
  if (packet.data != null) text += JSON.stringify(packet.data);
  return text;
}

/** Reads one text packet; throws on anything the default parser would refuse, and on binary packets. */
export function decodePacket(text: unknown): Packet {
  if (typeof text !== 'string') throw new Error('binary data is not supported');
  const type = Number(text.charAt(0));
  if (!(type >= PacketType.CONNECT && type <= PacketType.CONNECT_ERROR)) throw new Error(`unsupported packet type ${text.charAt(0)}`);
  const packet: Packet = { type, nsp: '/' };
  let rest = text.slice(1);
  if (rest.startsWith('/')) {
    const comma = rest.indexOf(',');
    packet.nsp = comma < 0 ? rest : rest.slice(0, comma);
    rest = comma < 0 ? '' : rest.slice(comma + 1);
  }
  const id = /^\d+/.exec(rest)?.[0];
  if (id) {
    packet.id = Number(id);
    rest = rest.slice(id.length);
  }
  if (rest) {
    let payload: unknown;
    try {
      payload = JSON.parse(rest);
    } catch {
      throw new Error('invalid payload');
    }
    if (!isPayloadValid(type, payload)) throw new Error('invalid payload');
    packet.data = payload;
  }
  return packet;
}

/** What socket.io-client's Manager calls `new parser.Encoder()`. */
export class Encoder {
  encode(packet: Packet): string[] {
    return [encodePacket(packet)];
  }
}

type Listener = (packet: Packet) => void;

/** What socket.io-client's Manager calls `new parser.Decoder()`: `add` data, hear 'decoded'. */
export class Decoder {
  private listeners = new Set<Listener>();

  on(_event: 'decoded', listener: Listener): this {
    this.listeners.add(listener);
    return this;
  }

  off(_event?: 'decoded', listener?: Listener): this {
    if (listener) this.listeners.delete(listener);
    else this.listeners.clear();
    return this;
  }

  add(data: unknown): void {
    const packet = decodePacket(data);
    for (const listener of [...this.listeners]) listener(packet);
  }

  destroy(): void {}
}

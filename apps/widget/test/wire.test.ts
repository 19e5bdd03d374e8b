/**
 * The text wire formats the widget bundles instead of socket.io-parser and engine.io-parser
 * (scripts/build.mjs). Examples follow the Socket.IO v5 and Engine.IO v4 protocol documents
 * (socket.io/docs/v4/socket-io-protocol, engine-io-protocol), so a drift from the real parsers'
 * format for the packets Parley uses shows up here.
 */
import { describe, expect, it } from 'vitest';
import { decodePacket as decodeEngine, encodePacket as encodeEngine, protocol as engineProtocol } from '../src/app/wire-engine.ts';
import { Decoder, Encoder, PacketType, decodePacket, encodePacket, protocol, type Packet } from '../src/app/wire-socket.ts';

describe('Socket.IO packets (protocol v5)', () => {
  const examples: [Packet, string][] = [
    [{ type: PacketType.CONNECT, nsp: '/' }, '0'],
    [{ type: PacketType.CONNECT, nsp: '/visitor', data: { token: 'abc' } }, '0/visitor,{"token":"abc"}'],
    [{ type: PacketType.CONNECT, nsp: '/visitor', data: { sid: 'oSO0OpakMV_3jnilAAAA' } }, '0/visitor,{"sid":"oSO0OpakMV_3jnilAAAA"}'],
    [{ type: PacketType.DISCONNECT, nsp: '/visitor' }, '1/visitor,'],
    [{ type: PacketType.EVENT, nsp: '/', data: ['foo'] }, '2["foo"]'],
    [{ type: PacketType.EVENT, nsp: '/admin', data: ['bar'] }, '2/admin,["bar"]'],
    [{ type: PacketType.EVENT, nsp: '/visitor', id: 12, data: ['message:send', { text: 'Hà Nội' }] }, '2/visitor,12["message:send",{"text":"Hà Nội"}]'],
    [{ type: PacketType.ACK, nsp: '/admin', id: 13, data: ['bar'] }, '3/admin,13["bar"]'],
    [{ type: PacketType.ACK, nsp: '/visitor', id: 0, data: [{ ok: true, data: {} }] }, '3/visitor,0[{"ok":true,"data":{}}]'],
    [{ type: PacketType.CONNECT_ERROR, nsp: '/visitor', data: { message: 'Not authorized', data: { code: 'UNAUTHORIZED' } } }, '4/visitor,{"message":"Not authorized","data":{"code":"UNAUTHORIZED"}}'],
  ];

  it('encodes as the default parser does', () => {
    for (const [packet, text] of examples) expect(encodePacket(packet)).toBe(text);
    expect(new Encoder().encode(examples[6]![0])).toEqual([examples[6]![1]]);
  });

  it('decodes what it encodes, and what the server sends', () => {
    for (const [packet, text] of examples) {
      const decoded = decodePacket(text);
      expect(decoded).toEqual(packet.type === PacketType.DISCONNECT ? { type: 1, nsp: '/visitor' } : packet);
    }
    expect(decodePacket('2/visitor,["message:new",{"id":"m1"}]')).toEqual({
      type: 2,
      nsp: '/visitor',
      data: ['message:new', { id: 'm1' }],
    });
  });

  it('refuses what the default parser refuses, and binary attachments', () => {
    for (const text of [
      '9', // unknown type
      '51-["hello",{"_placeholder":true,"num":0}]', // binary event
      '61-/admin,1[{"_placeholder":true,"num":0}]', // binary ack
      '2/visitor,{"not":"an array"}',
      '2["connect"]', // reserved event name
      '0/visitor,"text"',
      '1/visitor,{}',
      '3/visitor,1{"a":1}',
      '2/visitor,[oops',
    ]) {
      expect(() => decodePacket(text), text).toThrow();
    }
    expect(() => decodePacket(new ArrayBuffer(4))).toThrow();
  });

  it("feeds socket.io-client's Manager: 'decoded' listeners, removable", () => {
    const decoder = new Decoder();
    const heard: Packet[] = [];
    const listener = (packet: Packet) => heard.push(packet);
    decoder.on('decoded', listener);
    decoder.add('2/visitor,["typing",{"typing":true}]');
    decoder.off('decoded', listener);
    decoder.add('2/visitor,["typing",{"typing":false}]');
    expect(heard).toEqual([{ type: 2, nsp: '/visitor', data: ['typing', { typing: true }] }]);
    expect(protocol).toBe(5);
  });
});

describe('Engine.IO packets (protocol v4, WebSocket frames)', () => {
  it('encodes each packet as its type digit and its text', () => {
    const frames: string[] = [];
    encodeEngine({ type: 'pong' }, true, (f) => frames.push(f));
    encodeEngine({ type: 'message', data: '2/visitor,["x"]' }, true, (f) => frames.push(f));
    encodeEngine({ type: 'ping', data: 'probe' }, true, (f) => frames.push(f));
    encodeEngine({ type: 'close' }, true, (f) => frames.push(f));
    expect(frames).toEqual(['3', '42/visitor,["x"]', '2probe', '1']);
  });

  it('decodes the server frames, and marks unknown ones as errors', () => {
    expect(decodeEngine('0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}')).toEqual({
      type: 'open',
      data: '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
    });
    expect(decodeEngine('2')).toEqual({ type: 'ping' });
    expect(decodeEngine('40/visitor,{"sid":"x"}')).toEqual({ type: 'message', data: '0/visitor,{"sid":"x"}' });
    expect(decodeEngine('6')).toEqual({ type: 'noop' });
    expect(decodeEngine('bAQID')).toEqual({ type: 'error', data: 'parser error' }); // base64 binary: polling only
    expect(decodeEngine('')).toEqual({ type: 'error', data: 'parser error' });
    expect(engineProtocol).toBe(4);
  });

  it('passes a binary frame on as a message (the Socket.IO decoder then refuses it)', () => {
    const buffer = new ArrayBuffer(2);
    expect(decodeEngine(buffer)).toEqual({ type: 'message', data: buffer });
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasLocalRecipient, LocalAdapter } from '../src/socket/skip-empty-broadcasts.ts';

describe('broadcasts with nobody to receive them on this node', () => {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  io.adapter(LocalAdapter as never);
  const clients: ClientSocket[] = [];
  let ids: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    for (let i = 0; i < 3; i++) {
      const client = connect(url, { transports: ['websocket'], forceNew: true });
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      clients.push(client);
    }
    ids = clients.map((c) => c.id!);
    // Sockets 0 and 1 in room "a"; socket 2 alone in room "b"; nobody in "c".
    io.sockets.sockets.get(ids[0]!)!.join(['a']);
    io.sockets.sockets.get(ids[1]!)!.join(['a']);
    io.sockets.sockets.get(ids[2]!)!.join(['b']);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await io.close();
  });

  const recipient = (rooms: string[], except: string[] = []) => hasLocalRecipient(io.sockets.adapter, { rooms: new Set(rooms), except: new Set(except) });

  it('finds a recipient unless every socket of the rooms is excepted (by its id or by a room)', () => {
    expect(recipient(['a'])).toBe(true);
    expect(recipient(['a'], [ids[0]!])).toBe(true);
    expect(recipient(['a'], [ids[0]!, ids[1]!])).toBe(false);
    expect(recipient(['b'], [ids[2]!])).toBe(false);
    expect(recipient(['a', 'b'], ['a'])).toBe(true);
    expect(recipient(['a', 'b'], ['a', 'b'])).toBe(false);
    expect(recipient(['c'])).toBe(false);
    // No rooms: the whole namespace.
    expect(recipient([])).toBe(true);
  });

  it('still delivers to everyone it should, and to no one else', async () => {
    const got: string[] = [];
    clients.forEach((c, i) => c.on('hello', (text: string) => got.push(`${i}:${text}`)));
    io.to('a').except(ids[0]!).emit('hello', 'one');
    io.to('b').except(ids[2]!).emit('hello', 'none');
    io.to(['a', 'b']).except('a').emit('hello', 'two');
    io.emit('hello', 'all');
    await expect.poll(() => got.length).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got.sort()).toEqual(['0:all', '1:all', '1:one', '2:all', '2:two']);
  });
});

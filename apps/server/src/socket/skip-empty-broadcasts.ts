/**
 * Socket.IO's local broadcast encodes the packet before it looks for the sockets to send it to.
 * Most of a chat's broadcasts have none on this node: a message goes to the visitor's room and the
 * conversation's room except the sender's socket, which is often the only one there. Looking
 * first saves a JSON encoding and a pass over the rooms per message.
 */
import { Adapter, type BroadcastOptions } from 'socket.io-adapter';

/** Whether a socket on this node is in one of `opts.rooms` and in none of `opts.except`. */
export function hasLocalRecipient(adapter: Adapter, opts: BroadcastOptions): boolean {
  // No rooms: every socket of the namespace.
  if (!opts.rooms.size) return adapter.sids.size > 0;
  for (const room of opts.rooms) {
    for (const sid of adapter.rooms.get(room) ?? []) if (!excepted(adapter, sid, opts.except)) return true;
  }
  return false;
}

function excepted(adapter: Adapter, sid: string, except: Set<string> | undefined): boolean {
  if (!except?.size) return false;
  for (const room of except) if (adapter.rooms.get(room)?.has(sid)) return true;
  return false;
}

/** The in-memory adapter (one node), broadcasting only where a socket will get it. */
export class LocalAdapter extends Adapter {
  override broadcast(packet: unknown, opts: BroadcastOptions): void {
    if (hasLocalRecipient(this, opts)) super.broadcast(packet, opts);
  }
}

/**
 * The Socket.IO adapters that carry events between nodes — PostgreSQL LISTEN/NOTIFY by default,
 * Redis streams when REDIS_URL is set — tuned for chat traffic:
 * - local first: sockets on this node get a broadcast at once; the stock cluster adapter first
 *   waits for the publish (a database round trip) on every emit;
 * - nobody to tell, nothing to publish: while no other node has sent a heartbeat, broadcasts stay
 *   local (heartbeats and requests still go out, so a node that starts is known within moments;
 *   the Redis streams adapter has no heartbeats, so it always publishes);
 * - on PostgreSQL, the NOTIFYs that pile up while one is in flight go out as one statement.
 */
import type { Pool } from 'pg';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Adapter, MessageType, type BroadcastOptions, type ClusterMessage } from 'socket.io-adapter';
import type { Namespace } from 'socket.io';
import { hasLocalRecipient } from './skip-empty-broadcasts.ts';

export type AdapterFactory = (nsp: Namespace) => Adapter;
/** The parts of socket.io-adapter's ClusterAdapterWithHeartbeat used here (some are protected). */
type ClusterAdapter = Adapter & {
  /** Other nodes heard from (heartbeat adapters only). */
  nodesMap?: Map<string, number>;
  publish(message: ClusterMessage): void;
  doPublish(message: ClusterMessage): Promise<string>;
};

/** The adapter's own limit above which it stores the payload in a table instead. */
const NOTIFY_PAYLOAD_LIMIT = 8000;
const MAX_NOTIFY_BATCH = 200;

export function postgresAdapter(pool: Pool, onError: (error: unknown) => void): AdapterFactory {
  const base = createPostgresAdapter(pool, { errorHandler: onError }) as unknown as AdapterFactory;
  return localFirst(function (nsp) {
    return batchNotifies(base(nsp) as unknown as ClusterAdapter, pool, onError) as unknown as Adapter;
  });
}

/** The Redis streams adapter on its own client; `close` ends the client on shutdown. */
export async function redisAdapter(url: string, onError: (error: unknown) => void): Promise<{ factory: AdapterFactory; close(): Promise<void> }> {
  const client = createClient({ url });
  client.on('error', onError);
  await client.connect();
  const base = createRedisStreamsAdapter(client) as unknown as AdapterFactory;
  return {
    factory: localFirst(function (nsp) {
      return base(nsp);
    }),
    close: async () => {
      await client.quit().catch(() => {});
    },
  };
}

/** Wraps any cluster adapter factory (Postgres, Redis streams) with local-first broadcasts. */
export function localFirst(factory: AdapterFactory): AdapterFactory {
  // Socket.IO calls the factory with `new`: a plain function that returns the adapter.
  return function (nsp: Namespace) {
    const adapter = factory(nsp) as unknown as ClusterAdapter;
    adapter.broadcast = (packet: unknown, opts: BroadcastOptions) => {
      const alone = adapter.nodesMap !== undefined && adapter.nodesMap.size === 0;
      if (!opts.flags?.local && !alone) {
        adapter.publish({
          type: MessageType.BROADCAST,
          data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
        } as ClusterMessage);
      }
      if (hasLocalRecipient(adapter, opts)) Adapter.prototype.broadcast.call(adapter, packet, opts);
    };
    return adapter;
  };
}

function batchNotifies(adapter: ClusterAdapter, pool: Pool, onError: (error: unknown) => void): ClusterAdapter {
  const single = adapter.doPublish.bind(adapter);
  let queue: { channel: string; payload: string; done(error?: unknown): void }[] = [];
  let inFlight = false;

  async function flush(): Promise<void> {
    inFlight = true;
    while (queue.length) {
      const batch = queue.slice(0, MAX_NOTIFY_BATCH);
      queue = queue.slice(batch.length);
      try {
        await pool.query('select pg_notify(c, p) from unnest($1::text[], $2::text[]) as t(c, p)', [
          batch.map((n) => n.channel),
          batch.map((n) => n.payload),
        ]);
        for (const n of batch) n.done();
      } catch (error) {
        onError(error);
        for (const n of batch) n.done(error);
      }
    }
    inFlight = false;
  }

  adapter.doPublish = (message: ClusterMessage & { nsp?: string }) => {
    const payload = JSON.stringify(message);
    // Large payloads take the adapter's own path (an attachment row, then a NOTIFY). Parley's
    // events are plain JSON, never binary, so JSON.stringify is the whole encoding.
    if (Buffer.byteLength(payload) > NOTIFY_PAYLOAD_LIMIT) return single(message);
    return new Promise<string>((resolve, reject) => {
      queue.push({
        channel: `socket.io#${message.nsp}`,
        payload,
        done: (error) => (error ? reject(error) : resolve('')),
      });
      if (!inFlight) void flush();
    });
  };
  return adapter;
}

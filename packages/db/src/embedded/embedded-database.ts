/**
 * The embedded database: PGlite in a worker thread (pglite-worker.mjs), reached through `pg` with
 * a pool of one connection. Its WebAssembly runs beside the server's event loop instead of on it,
 * so sockets keep being served while a statement runs, and the embedded database takes the same
 * code path as PostgreSQL (same driver, same prepared statements, same types).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { WorkerSocket } from './worker-socket.ts';

export interface EmbeddedDatabase {
  pool: pg.Pool;
  close(): Promise<void>;
}

/** When the database thread checkpoints (pglite-worker.mjs has the defaults and why). */
export interface CheckpointPolicy {
  checkMs?: number;
  walBytes?: number;
  quietWalBytes?: number;
  everyMs?: number;
  quietMs?: number;
}

/** Starts the worker on `dataDir` (undefined: in memory) and returns a pool connected to it. */
export async function startEmbeddedDatabase(dataDir: string | undefined, checkpoints?: CheckpointPolicy): Promise<EmbeddedDatabase> {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir, checkpoints } });
  const [first] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [
    { type: string },
  ];
  if (first.type !== 'ready') throw new Error(`embedded database worker said ${first.type}`);
  // One connection for good: closing an idle one saves nothing in-process, and a new one would
  // prepare every hot statement again (the worker drops the old session's at its start).
  const pool = new pg.Pool({ max: 1, idleTimeoutMillis: 0, user: 'postgres', database: 'postgres', pipeline: true, stream: () => new WorkerSocket(worker) });
  pool.on('error', () => {});
  keepClientOnQueryError(pool);
  return {
    pool,
    async close() {
      await pool.end();
      worker.postMessage({ type: 'close' });
      await Promise.race([once(worker, 'message'), once(worker, 'exit'), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await worker.terminate();
    },
  };
}

/**
 * pg-pool's `query` discards its client when the query fails, as if the error had broken the
 * connection. A statement's error (a unique violation, say) leaves this connection usable, and
 * replacing it costs the next queries their prepared statements; a broken connection still goes
 * (pg-pool drops a client that is no longer queryable when it comes back).
 */
function keepClientOnQueryError(pool: pg.Pool): void {
  pool.query = (async (config: string | pg.QueryConfig, values?: unknown[]) => {
    const client = await pool.connect();
    try {
      return await client.query(config, values);
    } finally {
      client.release();
    }
  }) as typeof pool.query;
}

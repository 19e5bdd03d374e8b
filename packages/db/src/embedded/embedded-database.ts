/**
 * The embedded database: PGlite in a worker thread (pglite-worker.mjs), reached through `pg` with
 * a pool of one connection. Its WebAssembly runs beside the server's event loop instead of on it,
 * so sockets keep being served while a statement runs, and the embedded database takes the same
 * code path as PostgreSQL (same driver, same prepared statements, same types).
 */
import { once } from 'node:events';
import v8 from 'node:v8';
import { MessageChannel, Worker } from 'node:worker_threads';
import pg from 'pg';
import { WorkerSocket } from './worker-socket.ts';

export interface EmbeddedDatabase {
  pool: pg.Pool;
  /** How many times the database thread has collected its garbage in a lull so far. */
  idleCollections(): Promise<number>;
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

/** When the database thread collects its garbage in a lull (pglite-worker.mjs has the default and why). */
export interface IdleGcPolicy {
  /** Growth of its old generation since the last collection. */
  growthBytes?: number;
}

/** Starts the worker on `dataDir` (undefined: in memory) and returns a pool connected to it. */
export async function startEmbeddedDatabase(dataDir: string | undefined, checkpoints?: CheckpointPolicy, idleGc?: IdleGcPolicy): Promise<EmbeddedDatabase> {
  const worker = await startThread({ dataDir, checkpoints, idleGc });
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
    async idleCollections() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ type: 'idle-collections', port: port2 }, [port2]);
      const [count] = await once(port1, 'message');
      port1.close();
      return count as number;
    },
    async close() {
      await pool.end();
      worker.postMessage({ type: 'close' });
      await Promise.race([once(worker, 'message'), once(worker, 'exit'), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await worker.terminate();
    },
  };
}

/**
 * The database thread's young generation, in MB a semi-space. V8 flags reach every thread of the
 * process, so the server's `--max-semi-space-size=32` (fewer scavenges on the event loop) gave this
 * thread a young generation of 16-32 MB as well, and under load its scavenges, every ~3 s, set off
 * full mark-compacts that stopped it for 4-18 ms with every batch of messages waiting: at 5,000
 * msg/s those stops were the slowest 1% of deliveries (apps/bench/FINDINGS.md, 2026-11-25). With
 * 1 MB it scavenges a few times a second for under 1 ms, and its rare full collections are made in
 * the lulls (pglite-worker.mjs).
 */
const THREAD_SEMI_SPACE_MB = 1;

/** Database threads still starting: the flag goes back when none is. */
let starting = 0;

/**
 * A worker's `resourceLimits` cannot undercut the flag, so the flag is lowered while the thread
 * starts (its heap is sized then, before it comes online) and put back for threads started later.
 * The main thread's heap was sized at the process's start and is not affected.
 */
async function startThread(workerData: { dataDir: string | undefined; checkpoints?: CheckpointPolicy; idleGc?: IdleGcPolicy }): Promise<Worker> {
  if (starting++ === 0) v8.setFlagsFromString(`--max-semi-space-size=${THREAD_SEMI_SPACE_MB}`);
  try {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData });
    await once(worker, 'online'); // rejects if the thread fails first (`once` does on 'error')
    return worker;
  } finally {
    if (--starting === 0) v8.setFlagsFromString(`--max-semi-space-size=${processSemiSpaceMb()}`);
  }
}

/** The process's own `--max-semi-space-size` (0: V8 sizes it), from NODE_OPTIONS or its command line. */
export function processSemiSpaceMb(args = [...(process.env.NODE_OPTIONS?.split(/\s+/) ?? []), ...process.execArgv]): number {
  let mb = 0;
  for (const [i, arg] of args.entries()) {
    const flag = /^--max[-_]semi[-_]space[-_]size(?:=(\d+))?$/.exec(arg);
    if (flag) mb = Number(flag[1] ?? args[i + 1]) || 0;
  }
  return mb;
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

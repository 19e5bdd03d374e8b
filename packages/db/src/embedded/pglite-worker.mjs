/**
 * The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs here, off
 * the server's event loop, and speaks the PostgreSQL wire protocol to `pg` clients in the main
 * thread over MessagePorts (see worker-socket.ts). Plain JavaScript because a worker thread starts
 * without the TypeScript loader the rest of the code runs under.
 *
 * Each connection is a MessagePort; bytes arrive in arbitrary chunks, are cut into protocol
 * messages, and each chunk's complete messages run through PGlite in one call, in order, one call
 * at a time for all connections — PGlite is a single backend, so the main thread uses one
 * connection at a time (a pool of one).
 * A connection that goes away inside a transaction is rolled back.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { exactCopy } from './exact-copy.mjs';

const PROTOCOL_V3 = 196608;
/**
 * Marks where a connection starts. Every connection is a session of the one PGlite backend, whose
 * named prepared statements outlive the connection that prepared them; `pg` starts each connection
 * believing none exist, so a replaced connection (a pool's client discarded after an error, or
 * after idling) failed every statement it prepared again: "prepared statement … already exists".
 * The main thread holds one connection at a time, so its predecessor is gone by then.
 */
const NEW_SESSION = Symbol('new session');
const SSL_REQUEST = 80877103;
const TERMINATE = 0x58; // 'X'

// wal_init_zero off: a new 16 MiB WAL segment is not first filled with zeros. PGlite writes files
// through Emscripten's filesystem 8 KiB at a time, so the filling stalled every query for ~50 ms
// each time 16 MiB of WAL had been written (about every 20,000 messages). It buys nothing here:
// PGlite runs with fsync off.
const db = await PGlite.create(workerData.dataDir ?? undefined, {
  startParams: [...PGlite.defaultStartParams, '-c', 'wal_init_zero=off'],
});
/** Work for PGlite, in arrival order: every connection's messages share one queue. */
let tail = Promise.resolve();
/** When a connection last sent something (the checkpoints wait for a quiet moment). */
let lastWork = 0;

function serialise(task) {
  const run = tail.then(task);
  tail = run.catch(() => {});
  return run;
}

/**
 * Checkpoints. Single-user PostgreSQL has no checkpointer: PGlite checkpointed only when it
 * closed, so WAL piled up without bound (448 MB of pg_wal after 1,000,000 rows, whatever
 * max_wal_size says) and a crash would replay all of it on the next start. Here, as PostgreSQL's
 * checkpointer would, never inside a transaction: after `walBytes` of WAL whatever the load; after
 * `quietWalBytes` once the queue has been quiet for `quietMs`; or when `everyMs` has passed with
 * WAL written and the queue quiet. A checkpoint holds up every query while it writes the changed
 * pages: ~25-30 ms after 32 MB of message inserts, 70-100 ms after 128 MB, hence the small step
 * (pg_wal then stays near min_wal_size, 80 MB, recycled). Smaller forced steps stall more often
 * for nearly as long (4 MB: 5-16 ms each), so the lulls of a chat's traffic take the checkpoints
 * instead: under steady load one landed in a 2-second throughput step and its p99 went 25 → 52 ms.
 * Each look, every `checkMs`, is one ~50 µs query.
 */
const CHECKPOINTS = {
  checkMs: 250,
  walBytes: 32 * 1024 * 1024,
  quietWalBytes: 4 * 1024 * 1024,
  everyMs: 5 * 60_000,
  quietMs: 250,
  ...workerData.checkpoints,
};
let lastCheckpoint = { at: performance.now(), lsn: '' };
const WAL_SQL = `select pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::float8 as bytes, pg_current_wal_lsn()::text as lsn from pg_control_checkpoint()`;

async function checkpointIfDue() {
  if (db.isInTransaction()) return;
  const { bytes, lsn } = (await db.query(WAL_SQL)).rows[0];
  const now = performance.now();
  // A checkpoint writes WAL of its own: only what came after it counts as new.
  const written = lsn !== lastCheckpoint.lsn;
  const quiet = now - lastWork >= CHECKPOINTS.quietMs;
  const due = bytes >= CHECKPOINTS.walBytes || (quiet && (bytes >= CHECKPOINTS.quietWalBytes || (written && now - lastCheckpoint.at >= CHECKPOINTS.everyMs)));
  if (!due) return;
  await db.exec('checkpoint');
  lastCheckpoint = { at: performance.now(), lsn: (await db.query(WAL_SQL)).rows[0].lsn };
}

/**
 * Full garbage collections in the lulls. With its 1 MB young generation (embedded-database.ts) this
 * thread promotes a little garbage all the time, and when its old generation reaches V8's limit a
 * full collection stops it for 17-23 ms with every batch of messages waiting behind it. Collected
 * while the queue is quiet (`quietMs`, as for checkpoints), once the old generation has grown by
 * `growthBytes`, the garbage never piles up to that limit under load, and nobody waits for the
 * collection (10-33 ms; the first also frees PGlite's start-up garbage, ~20 → ~14 MB).
 */
const IDLE_GC = { growthBytes: 1024 * 1024, ...workerData.idleGc };
const collectGarbage = globalThis.gc ?? exposeGc();
let heapAfterGc = oldGenerationBytes();
let idleCollections = 0;

/** `gc` for this thread alone: the flag is on only while a context of its own is made. */
function exposeGc() {
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc');
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/** What V8 weighs against its limit for a full collection: everything but the young generation. */
function oldGenerationBytes() {
  let bytes = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (!space.space_name.startsWith('new_')) bytes += space.space_used_size;
  return bytes;
}

function collectIfQuiet() {
  if (performance.now() - lastWork < CHECKPOINTS.quietMs) return;
  if (oldGenerationBytes() - heapAfterGc < IDLE_GC.growthBytes) return;
  collectGarbage();
  heapAfterGc = oldGenerationBytes();
  idleCollections++;
}

async function maintain() {
  await checkpointIfDue();
  collectIfQuiet();
}

const checkpointTimer = setInterval(() => void serialise(maintain).catch(() => {}), CHECKPOINTS.checkMs).unref();

function attach(port) {
  let pending = Buffer.alloc(0);
  let started = false;
  let closed = false;

  port.on('message', (chunk) => {
    lastWork = performance.now();
    if (chunk === null) return close();
    // The main thread transfers an ArrayBuffer of exactly the bytes written (see worker-socket.ts).
    const bytes = Buffer.from(chunk);
    pending = pending.length ? Buffer.concat([pending, bytes]) : bytes;
    /** What to hand PGlite, one call each: the startup message, a Terminate, or a run of messages. */
    const calls = [];
    // The regular messages of this chunk go through PGlite in one call: a call costs ~40 µs of
    // its own, and a query is four messages (Bind, Describe, Execute, Sync), written together.
    let group = [];
    const endGroup = () => {
      if (group.length) calls.push(group.length === 1 ? group[0] : Buffer.concat(group));
      group = [];
    };
    for (;;) {
      if (!started) {
        if (pending.length < 8) break;
        const length = pending.readInt32BE(0);
        const code = pending.readInt32BE(4);
        if (code === SSL_REQUEST) {
          // No TLS inside one process: answer "N" and wait for the plain startup message.
          pending = pending.subarray(8);
          post(port, [Buffer.from('N')]);
          continue;
        }
        if (pending.length < length) break;
        if (code !== PROTOCOL_V3) return fail(new Error(`unsupported protocol ${code}`));
        calls.push(NEW_SESSION, pending.subarray(0, length));
        pending = pending.subarray(length);
        started = true;
        continue;
      }
      if (pending.length < 5) break;
      const length = 1 + pending.readInt32BE(1);
      if (pending.length < length) break;
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      if (message[0] === TERMINATE) {
        endGroup();
        calls.push(message);
      } else group.push(message);
    }
    endGroup();
    if (calls.length) void serialise(() => run(calls));
  });

  async function run(calls) {
    if (closed) return;
    const out = [];
    try {
      for (const bytes of calls) {
        if (bytes === NEW_SESSION) {
          await db.exec('DEALLOCATE ALL');
          continue;
        }
        // 'X' (Terminate) ends this connection, not the one backend everyone shares.
        if (bytes[0] === TERMINATE) return close();
        // syncToFs: a no-op on a Node data folder (writes go straight to its files), but one
        // that takes an async mutex for each call.
        // onRawData's bytes are a view of PGlite's memory, valid only during the call.
        await db.execProtocolRawStream(bytes, { syncToFs: false, onRawData: (data) => out.push(new Uint8Array(data)) });
      }
    } catch (error) {
      return fail(error);
    }
    if (!closed && out.length) post(port, out);
  }

  function fail(error) {
    port.postMessage({ error: String(error?.message ?? error) });
    close();
  }

  function close() {
    if (closed) return;
    closed = true;
    port.close();
    // A connection dropped mid-transaction must not leave the shared backend inside it.
    void serialise(async () => {
      if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => {});
    });
  }
}

function post(port, chunks) {
  const bytes = chunks.length === 1 && chunks[0].byteLength === chunks[0].buffer.byteLength ? chunks[0].buffer : exactCopy(chunks);
  port.postMessage(bytes, [bytes]);
}

parentPort.on('message', async (message) => {
  if (message.type === 'connect') attach(message.port);
  if (message.type === 'idle-collections') {
    message.port.postMessage(idleCollections);
    message.port.close();
  }
  if (message.type === 'close') {
    clearInterval(checkpointTimer);
    await tail;
    await db.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
parentPort.postMessage({ type: 'ready' });

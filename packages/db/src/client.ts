/**
 * The one database factory: PostgreSQL through `pg` when a URL is given, otherwise embedded
 * PGlite in a data folder (or in memory, for tests) — PGlite in a worker thread, reached through
 * `pg` too (embedded/). Migrations run before it returns.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { startEmbeddedDatabase } from './embedded/embedded-database.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The drizzle database type both drivers satisfy; repositories take this. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** The PostgreSQL pool (for the Socket.IO adapter); absent on PGlite. */
  pool?: pg.Pool;
  /** The PostgreSQL connection string; absent on PGlite. */
  url?: string;
  /** Throws when the database cannot answer (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  migrate?: boolean;
}

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));
/** Serialises migrations when several nodes start at once on one PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_402_113;

export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? createPostgres(options.url, options) : createPglite(options);
}

async function createPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  // Pipelined: a connection sends queued queries without waiting for each answer
  // (pipelined-transaction.ts relies on it; one awaited query at a time behaves as before).
  // `min`: two connections (never more than the pool holds) outlive the idle timeout, so the first
  // message after a quiet spell finds one open with its statements prepared (a new one costs a
  // connect and a re-prepare).
  const max = options.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: url, max, min: Math.min(2, max), pipeline: true });
  // A client that loses its server (a PostgreSQL restart) must not crash the process: idle ones
  // report on the pool, checked-out ones (the Socket.IO adapter's LISTEN client) on themselves.
  // Queries in flight still fail, and the adapter reconnects on the client's 'end'.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  if (options.migrate !== false) await migrate(pool);
  return {
    db: drizzlePg(pool, { schema }) as unknown as Database,
    kind: 'postgres',
    pool,
    url,
    ping: async () => {
      await pool.query('SELECT 1');
    },
    // A client still checked out (e.g. the adapter reconnecting after a database restart) would
    // keep pool.end() waiting forever; shutdown must not hang on it.
    close: () => Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]),
  };
}

async function createPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const embedded = await startEmbeddedDatabase(dataDir);
  try {
    if (options.migrate !== false) await migrate(embedded.pool);
  } catch (error) {
    await embedded.close();
    throw error;
  }
  return {
    // No `pool` here: it is the one connection of a single node, not for the Socket.IO adapter.
    db: drizzlePg(embedded.pool, { schema }) as unknown as Database,
    kind: 'pglite',
    ping: async () => {
      await embedded.pool.query('SELECT 1');
    },
    close: () => embedded.close(),
  };
}

/** Applies pending migrations; the advisory lock serialises nodes starting at once. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}

/** A transaction handle; repository functions accept either this or the database. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

/**
 * Runs a hand-written statement as a named prepared statement on the executor's connection (the
 * transaction's own, when given one): node-postgres parses and plans it once per connection. For
 * the hot batch statements, whose planning costs more than running them.
 */
export async function runPrepared<R>(db: Executor, name: string, text: string, values: unknown[]): Promise<R[]> {
  const result = await connectionOf(db).query<R & pg.QueryResultRow>({ name, text, values });
  return result.rows;
}

/** What drizzle's node-postgres session holds: the pool (a database) or the checked-out client (a transaction). */
export function connectionOf(db: Database): pg.Pool;
export function connectionOf(db: Executor): pg.Pool | pg.PoolClient;
export function connectionOf(db: Executor): pg.Pool | pg.PoolClient {
  return (db as unknown as { session: { client: pg.Pool | pg.PoolClient } }).session.client;
}

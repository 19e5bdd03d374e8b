import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/client.ts';
import { processSemiSpaceMb, startEmbeddedDatabase } from '../src/embedded/embedded-database.ts';
import { exactCopy } from '../src/embedded/exact-copy.mjs';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

describe('embedded database transport', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => handle.close());

  it('copies only the bytes written, not the buffers they sit in', () => {
    // Small Buffers share Node's 8 KiB pool slab: posting one would clone the whole slab.
    const chunks = [Buffer.from('Bind'), Buffer.from('Execute'), Buffer.from('Sync')];
    expect(chunks[0]!.buffer.byteLength).toBeGreaterThan(chunks[0]!.byteLength);
    const copy = exactCopy(chunks);
    expect(copy.byteLength).toBe(15);
    expect(Buffer.from(copy).toString()).toBe('BindExecuteSync');
  });

  it('carries small and large statements and results both ways', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const echoed = rowsOf<{ n: number; head: string }>(await handle.db.execute(sql`select length(${big}::text)::int as n, left(${big}::text, 3) as head`));
    expect(echoed[0]).toEqual({ n: big.length, head: 'xxx' });
    const large = rowsOf<{ s: string }>(await handle.db.execute(sql`select repeat('é', 500000) as s`));
    expect(large[0]!.s).toBe('é'.repeat(500000));
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => handle.db.execute(sql`select ${i}::int as i`)));
    expect(many.map((r) => rowsOf<{ i: number }>(r)[0]!.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('answers an error inside a query written in one piece, and the connection goes on', async () => {
    // Parse, Bind, Describe, Execute and Sync arrive together and run through PGlite in one call:
    // after the error it must skip to the Sync and be ready for the next query.
    const embedded = await startEmbeddedDatabase(undefined);
    const client = await embedded.pool.connect();
    try {
      await expect(client.query('select $1::int as n', ['not a number'])).rejects.toThrow(/invalid input syntax/);
      expect((await client.query('select $1::int as n', [7])).rows).toEqual([{ n: 7 }]);
      await expect(client.query({ name: 'broken', text: 'select from where $1', values: [1] })).rejects.toThrow(/syntax error/);
      await client.query('begin');
      await expect(client.query('select 1 / $1::int as n', [0])).rejects.toThrow(/division by zero/);
      await client.query('rollback');
      expect((await client.query({ name: 'ok', text: 'select $1::text as s', values: ['é'] })).rows).toEqual([{ s: 'é' }]);
    } finally {
      client.release();
      await embedded.close();
    }
  });

  it('keeps named prepared statements working after a failed query or a replaced connection, and keeps an idle one', async () => {
    const embedded = await startEmbeddedDatabase(undefined);
    const { pool } = embedded;
    try {
      await pool.query('create table t (a int primary key)');
      const insert = (a: number) => pool.query({ name: 'insert_t', text: 'insert into t values ($1)', values: [a] });
      const count = async () => (await pool.query<{ n: number }>({ name: 'count_t', text: 'select count(*)::int as n from t where a > $1', values: [0] })).rows[0]!.n;
      await insert(1);
      expect(await count()).toBe(1);
      // A statement's error: the same connection goes on, its statements still prepared.
      await expect(insert(1)).rejects.toMatchObject({ code: '23505' });
      expect(pool.totalCount).toBe(1);
      await insert(2);
      expect(await count()).toBe(2);
      // A connection discarded anyway: the next one is a fresh session of the same backend.
      const client = await pool.connect();
      client.release(new Error('discarded'));
      await insert(3);
      expect(await count()).toBe(3);
      expect(pool.options.idleTimeoutMillis).toBe(0);
    } finally {
      await embedded.close();
    }
  });

  it("reads the process's young-generation flag back, to restore it once the database thread has started", () => {
    // The thread starts with a 1 MB semi-space whatever the server's flag; the flag is then set
    // back to the process's value (the last one given wins, as for node itself).
    expect(processSemiSpaceMb(['--max-semi-space-size=32', '--no-allocation-site-pretenuring'])).toBe(32);
    expect(processSemiSpaceMb(['--max_semi_space_size', '16', '--import', 'tsx'])).toBe(16);
    expect(processSemiSpaceMb(['--max-semi-space-size=8', '--max-semi-space-size=64'])).toBe(64);
    expect(processSemiSpaceMb(['--import', 'tsx'])).toBe(0);
  });

  it('does not zero-fill new WAL segments (a ~50 ms stall of every query each 16 MiB of WAL)', async () => {
    const rows = rowsOf<{ wal_init_zero: string }>(await handle.db.execute(sql`show wal_init_zero`));
    expect(rows[0]!.wal_init_zero).toBe('off');
  });
});

describe('embedded database checkpoints', () => {
  // Single-user PostgreSQL has no checkpointer: without these, WAL grew without bound until close.
  const redo = async (pool: import('pg').Pool) =>
    (await pool.query<{ redo: string; behind: number }>(`select redo_lsn::text as redo, pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::float8 as behind from pg_control_checkpoint()`)).rows[0]!;
  const until = async (check: () => Promise<boolean>, ms: number, everyMs = 50) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, everyMs))) if (await check()) return true;
    return false;
  };

  it('checkpoints once enough WAL was written, even while busy', async () => {
    const embedded = await startEmbeddedDatabase(undefined, { checkMs: 100, walBytes: 2 * 1024 * 1024, everyMs: 3_600_000 });
    try {
      await embedded.pool.query('create table t (id serial, body text)');
      const before = await redo(embedded.pool);
      for (let i = 0; i < 8; i++) await embedded.pool.query(`insert into t (body) select repeat('x', 500) from generate_series(1, 1000)`);
      expect(await until(async () => (await redo(embedded.pool)).redo !== before.redo, 5000)).toBe(true);
      expect((await redo(embedded.pool)).behind).toBeLessThan(4 * 1024 * 1024);
    } finally {
      await embedded.close();
    }
  });

  it('checkpoints a few MB of WAL in a lull rather than waiting for the forced step', async () => {
    const embedded = await startEmbeddedDatabase(undefined, { checkMs: 50, walBytes: 1024 * 1024 * 1024, quietWalBytes: 1024 * 1024, everyMs: 3_600_000, quietMs: 500 });
    try {
      await embedded.pool.query('create table t (id serial, body text)');
      // Busy: a query every 20 ms, so the queue is never quiet for 500 ms; the WAL stays behind.
      for (let i = 0; i < 40; i++) {
        await embedded.pool.query(`insert into t (body) select repeat('x', 500) from generate_series(1, 100)`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const busy = await redo(embedded.pool);
      expect(busy.behind).toBeGreaterThan(1024 * 1024);
      // Then a lull: the checkpoint comes within a few looks (polled more slowly than quietMs).
      expect(await until(async () => (await redo(embedded.pool)).redo !== busy.redo, 5000, 700)).toBe(true);
      expect((await redo(embedded.pool)).behind).toBeLessThan(64 * 1024);
    } finally {
      await embedded.close();
    }
  });

  it('checkpoints what little was written once the time is up and the database is quiet', async () => {
    const embedded = await startEmbeddedDatabase(undefined, { checkMs: 100, walBytes: 1024 * 1024 * 1024, everyMs: 300, quietMs: 200 });
    try {
      await embedded.pool.query('create table t (id serial)');
      await embedded.pool.query('insert into t default values');
      expect((await redo(embedded.pool)).behind).toBeGreaterThan(0);
      // Polled more slowly than quietMs: each look is a query, and queries keep it from being quiet.
      expect(await until(async () => (await redo(embedded.pool)).behind < 1024, 5000, 500)).toBe(true);
    } finally {
      await embedded.close();
    }
  });
});

describe('embedded database garbage collection in the lulls', () => {
  it('collects the thread’s garbage once the queue is quiet, never while it is busy, and leaves the process without `gc`', async () => {
    const embedded = await startEmbeddedDatabase(undefined, { checkMs: 50, quietMs: 400 }, { growthBytes: 0 });
    try {
      await embedded.pool.query('create table t (id serial, body text)');
      const start = await embedded.idleCollections();
      // Busy: a query every 20 ms, so the queue is never quiet for 400 ms.
      for (let i = 0; i < 40; i++) {
        await embedded.pool.query(`insert into t (body) select repeat('x', 100) from generate_series(1, 50)`);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await embedded.idleCollections()).toBe(start);
      // A lull: the next look collects.
      await new Promise((r) => setTimeout(r, 700));
      expect(await embedded.idleCollections()).toBeGreaterThan(start);
      // The thread got its own `gc`; the flag that exposed it is off again for everyone else.
      expect(runInNewContext('typeof gc')).toBe(typeof (globalThis as { gc?: unknown }).gc);
    } finally {
      await embedded.close();
    }
  });
});

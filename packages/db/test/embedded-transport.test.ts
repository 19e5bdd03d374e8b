import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/client.ts';
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

  it('does not zero-fill new WAL segments (a ~50 ms stall of every query each 16 MiB of WAL)', async () => {
    const rows = rowsOf<{ wal_init_zero: string }>(await handle.db.execute(sql`show wal_init_zero`));
    expect(rows[0]!.wal_init_zero).toBe('off');
  });
});

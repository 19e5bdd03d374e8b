import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/client.ts';
import { testDatabaseTargets } from '../src/testing.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe.each(testDatabaseTargets())('migrations on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.create();
  });
  afterAll(() => handle.close());

  it('creates every table', async () => {
    const rows = await handle.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = (rows as unknown as { rows?: { table_name: string }[] }).rows ?? (rows as unknown as { table_name: string }[]);
    expect(names.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['agents', 'channel_agents', 'channels', 'conversations', 'messages', 'site_agents', 'sites', 'visitors']),
    );
  });

  it('is safe to run again', async () => {
    const again = await target.create();
    await again.ping();
    await again.close();
  });
});

describe('embedded data folder', () => {
  it('keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
    try {
      const first = await createDatabase({ dataDir: dir });
      await first.db.execute(sql`insert into sites (site_key, name, identity_secret, widget) values ('persist', 'P', 's', '{}'::jsonb)`);
      await first.close();
      const second = await createDatabase({ dataDir: dir });
      const result = await second.db.execute(sql`select count(*)::int as n from sites where site_key = 'persist'`);
      const rows = (result as unknown as { rows: { n: number }[] }).rows;
      expect(rows[0]!.n).toBe(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

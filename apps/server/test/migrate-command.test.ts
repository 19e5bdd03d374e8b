/**
 * `pnpm migrate` as a process (applies the migrations and exits), and MIGRATE_ON_START=false:
 * a server that skips migrating finds a fresh database empty, and one `migrate` run fixes that.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createDatabase } from '@parley/db';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { visitorSession } from './support/clients.ts';
import { cleanupProcesses, runScript, startProcess, stopProcess, tempDir } from './support/processes.ts';

afterAll(cleanupProcesses);

const JWT_SECRET = 'migrate-test-secret-of-at-least-32-characters';

describe('pnpm migrate on the embedded database', () => {
  it('migrates a fresh data folder and exits; a server started with MIGRATE_ON_START=false then works', async () => {
    const dataDir = tempDir();
    // Without migrations the demo seed has no tables to write into: the skip is real.
    await expect(startProcess({ DATA_DIR: dataDir, MIGRATE_ON_START: 'false', SEED_DEMO: 'true' })).rejects.toThrow(/exited with 1[\s\S]*Failed query/);

    const first = await runScript('src/migrate.ts', { DATA_DIR: dataDir });
    expect(first.output).toMatch(/Migrations applied \(embedded database in /);
    expect(first.code).toBe(0);
    const again = await runScript('src/migrate.ts', { DATA_DIR: dataDir });
    expect(again.code).toBe(0);

    const database = await createDatabase({ dataDir, migrate: false });
    const result = await database.db.execute(sql`select count(*)::int as n from information_schema.tables where table_name in ('sites', 'conversations', 'messages')`);
    expect((result as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(3);
    await database.close();

    const server = await startProcess({ DATA_DIR: dataDir, MIGRATE_ON_START: 'false', SEED_DEMO: 'true' });
    expect((await visitorSession(server.url, 'demo')).site.name).toBeTruthy();
    await stopProcess(server.child);
  }, 120_000);

  it('fails with a message naming a bad DATABASE_URL', async () => {
    const result = await runScript('src/migrate.ts', { DATABASE_URL: 'not a url' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('DATABASE_URL');
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('pnpm migrate on PostgreSQL', () => {
  // A database of its own (created and dropped here), so the shared test database is untouched.
  const name = `parley_migrate_${randomUUID().slice(0, 8)}`;
  const admin = () => new pg.Client({ connectionString: url });
  const urlOf = (database: string) => {
    const u = new URL(url!);
    u.pathname = `/${database}`;
    return u.toString();
  };

  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('migrates an empty database, and the nodes start without migrating', async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();

    const result = await runScript('src/migrate.ts', { DATABASE_URL: urlOf(name) });
    expect(result.output).toContain('Migrations applied (PostgreSQL)');
    expect(result.code).toBe(0);

    const fresh = new pg.Client({ connectionString: urlOf(name) });
    await fresh.connect();
    const { rows } = await fresh.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_name in ('sites', 'conversations', 'messages')`);
    await fresh.end();
    expect(rows[0]!.n).toBe(3);

    const env = { DATABASE_URL: urlOf(name), JWT_SECRET, MIGRATE_ON_START: 'false' };
    // One node seeds the demo, the second only serves it.
    const a = await startProcess({ ...env, SEED_DEMO: 'true' });
    const b = await startProcess({ ...env, SEED_DEMO: 'false' });
    expect((await visitorSession(a.url, 'demo')).site.id).toBe((await visitorSession(b.url, 'demo')).site.id);
    await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
  }, 120_000);
});

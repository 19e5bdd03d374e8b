/**
 * The databases every database test runs on: embedded PGlite always, PostgreSQL as well when
 * TEST_DATABASE_URL is set (CI sets it). Tests never mock the database.
 *
 * Each PostgreSQL target is a database of its own, created on the TEST_DATABASE_URL server and
 * dropped on close: servers of test files running side by side would otherwise form one cluster
 * (the Socket.IO adapter, the scheduler lease) and act on each other's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from './client.ts';

export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  create(): Promise<DatabaseHandle>;
}

export function testDatabaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', create: () => createDatabase({ dataDir: 'memory://' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    targets.push({
      name: 'postgres',
      async create() {
        const { url: own, drop } = await createTestDatabase(url);
        const handle = await createDatabase({ url: own, poolSize: 5 });
        return { ...handle, close: () => handle.close().then(drop) };
      },
    });
  }
  return targets;
}

/** Creates an empty database next to `serverUrl`'s; `drop` removes it (closing its connections). */
export async function createTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}) };
}

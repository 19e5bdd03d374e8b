/**
 * The databases every database test runs on: embedded PGlite always, PostgreSQL as well when
 * TEST_DATABASE_URL is set (CI sets it). Tests never mock the database.
 */
import { createDatabase, type DatabaseHandle } from './client.ts';

export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  create(): Promise<DatabaseHandle>;
}

export function testDatabaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', create: () => createDatabase({ dataDir: 'memory://' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: 'postgres', create: () => createDatabase({ url, poolSize: 5 }) });
  return targets;
}

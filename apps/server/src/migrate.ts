/**
 * `pnpm migrate`: applies the database migrations and exits. For installs with several nodes,
 * run it once before starting them with MIGRATE_ON_START=false (a deploy step, or the one-shot
 * `migrate` service of docker/compose.yaml). On the embedded database, run it only while the
 * server is stopped: PGlite's data folder belongs to one process at a time.
 */
import { createDatabase } from '@parley/db';
import { ConfigError, loadDatabaseConfig } from './config.ts';

async function migrate(): Promise<void> {
  const { databaseUrl, dataDir } = loadDatabaseConfig();
  const started = Date.now();
  // createDatabase migrates before it returns (under an advisory lock on PostgreSQL).
  const database = await createDatabase({ url: databaseUrl, dataDir, poolSize: 1, migrate: true });
  await database.close();
  const where = databaseUrl ? 'PostgreSQL' : `embedded database in ${dataDir}`;
  process.stdout.write(`Migrations applied (${where}) in ${Date.now() - started} ms\n`);
}

migrate().then(
  () => process.exit(0),
  (error: unknown) => {
    const text = error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`${text}\n`);
    process.exit(1);
  },
);

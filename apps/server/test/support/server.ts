/** Starts a real Parley server on a free port over a real database, for one test file. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '@parley/db';
import { buildApp, type ParleyApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestServer extends ParleyApp {
  url: string;
  config: Config;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    // Never created: the tests' databases are in memory and the JWT secret is given, so nothing is
    // written there (a folder made per server was left behind by every run, hundreds of them).
    DATA_DIR: join(tmpdir(), `parley-test-${process.pid}`),
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    // Tests make many requests from one address; the limits have tests of their own.
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    SESSION_RATE_LIMIT_PER_MINUTE: '1000000',
    // Grace periods in tests are fractions of a second: the scheduler must look often.
    SCHEDULER_TICK_SECONDS: '0.1',
    ...env,
  });
}

export async function startServer(database: DatabaseHandle, env: Record<string, string> = {}): Promise<TestServer> {
  const config = testConfig(env);
  const built = await buildApp({ config, database, logger: false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    config,
    database,
    close: () => built.app.close(),
  };
}

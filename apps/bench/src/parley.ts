/**
 * Parley under test, in its own process: the real app factory (`buildApp`) over the embedded
 * database, or PostgreSQL when BENCH_DATABASE_URL is set. Seeds one site with one auto-routed
 * channel and `BENCH_AGENTS` online agents with room for every chat, then prints
 * `{ type: 'ready', url, siteKey, channelId, agents: [{ email, password }] }`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agents, channelAgents, channels, createDatabase, siteAgents, sites } from '@parley/db';
import { buildApp } from '@parley/server/src/app.ts';
import { loadConfig } from '@parley/server/src/config.ts';
import { hashPassword } from '@parley/server/src/modules/auth/passwords.ts';
import { send, serveControl } from './control.ts';

const HIGH = '1000000';
const PASSWORD = 'bench-password-123';

async function main(): Promise<void> {
  const agentCount = Math.max(1, Math.min(100, Number(process.env.BENCH_AGENTS ?? 5)));
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: HIGH,
    LOGIN_RATE_LIMIT_PER_MINUTE: HIGH,
    SESSION_RATE_LIMIT_PER_MINUTE: HIGH,
    VISITOR_EVENTS_PER_SECOND: HIGH,
    AGENT_EVENTS_PER_SECOND: HIGH,
  });
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const db = database.db;

  // Seed as the test factories do: rows inserted directly with drizzle.
  const siteKey = `bench-${randomUUID().slice(0, 8)}`;
  const [site] = await db
    .insert(sites)
    .values({
      siteKey,
      name: `Bench ${siteKey}`,
      identitySecret: randomBytes(16).toString('hex'),
      allowedOrigins: [],
      maxWaitingTotal: 1_000_000,
      widget: { color: '#2563eb', position: 'right', language: 'auto', greeting: 'Hello' },
    })
    .returning();
  const [channel] = await db
    .insert(channels)
    .values({ siteId: site!.id, name: 'Bench', position: 0, maxWaiting: 1_000_000, routingMode: 'auto' })
    .returning();
  const passwordHash = await hashPassword(PASSWORD);
  const credentials: { email: string; password: string }[] = [];
  for (let i = 0; i < agentCount; i++) {
    const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
    const [agent] = await db
      .insert(agents)
      .values({ email, name: `Bench Agent ${i + 1}`, passwordHash, role: 'agent', maxChats: 1_000_000, status: 'online' })
      .returning();
    await db.insert(siteAgents).values({ siteId: site!.id, agentId: agent!.id });
    await db.insert(channelAgents).values({ channelId: channel!.id, agentId: agent!.id });
    credentials.push({ email, password: PASSWORD });
  }

  const { app } = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  send({
    type: 'ready',
    url: `http://127.0.0.1:${port}`,
    database: database.kind,
    siteKey,
    channelId: channel!.id,
    agents: credentials,
  });

  serveControl(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench parley failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

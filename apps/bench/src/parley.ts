/**
 * Parley under test, in its own process: the real app factory (`buildApp`) over the embedded
 * database, or PostgreSQL when BENCH_DATABASE_URL is set. Seeds one site with one auto-routed
 * channel, `BENCH_AGENTS` agents with room for every chat and `BENCH_VISITORS` visitors, then
 * prints `{ type: 'ready', url, siteKey, channelId, agents: [{ id, token }], visitorsFile }`.
 *
 * Visitors and agent tokens are seeded directly (rows inserted with drizzle, tokens signed with
 * the server's secret), as the test factories do: creating 10,000 sessions over HTTP and 50
 * scrypt sign-ins would eat minutes of the benchmark's budget and is not what it measures.
 * `visitorsFile` holds one visitor token per line.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agents, channelAgents, channels, createDatabase, siteAgents, sites, visitors } from '@parley/db';
import { buildApp } from '@parley/server/src/app.ts';
import { loadConfig } from '@parley/server/src/config.ts';
import { hashPassword } from '@parley/server/src/modules/auth/passwords.ts';
import { createTokenService } from '@parley/server/src/modules/auth/tokens.ts';
import { messageWriterStats } from '@parley/server/src/modules/conversations/index.ts';
import { send, serveControl } from './control.ts';

const HIGH = '1000000';
const SECRET = `bench-secret-${randomBytes(16).toString('hex')}`;
const SEED_BATCH = 1000;

async function main(): Promise<void> {
  const agentCount = Math.max(1, Math.min(500, Number(process.env.BENCH_AGENTS ?? 5)));
  const visitorCount = Math.max(0, Math.min(100_000, Number(process.env.BENCH_VISITORS ?? 0)));
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: HIGH,
    LOGIN_RATE_LIMIT_PER_MINUTE: HIGH,
    SESSION_RATE_LIMIT_PER_MINUTE: HIGH,
    VISITOR_EVENTS_PER_SECOND: HIGH,
    AGENT_EVENTS_PER_SECOND: HIGH,
    // Visitors the driver disconnects between scenarios must not turn into presence work mid-run.
    VISITOR_GRACE_SECONDS: '3600',
    AGENT_GRACE_SECONDS: '3600',
  });
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const db = database.db;
  const tokens = createTokenService(config.jwtSecret, { visitor: config.visitorTokenTtl, agent: config.agentTokenTtl });

  const siteKey = `bench-${randomUUID().slice(0, 8)}`;
  const [site] = await db
    .insert(sites)
    .values({
      siteKey,
      name: `Bench ${siteKey}`,
      identitySecret: randomBytes(16).toString('hex'),
      allowedOrigins: [],
      maxWaitingTotal: 1_000_000,
      widget: { color: '#2563eb', position: 'right', language: 'en', greeting: 'Hello' },
    })
    .returning();
  const [channel] = await db
    .insert(channels)
    .values({ siteId: site!.id, name: 'Bench', position: 0, maxWaiting: 1_000_000, routingMode: 'auto' })
    .returning();
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const agentList: { id: string; token: string }[] = [];
  for (let i = 0; i < agentCount; i++) {
    const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
    const [agent] = await db
      .insert(agents)
      .values({ email, name: `Bench Agent ${i + 1}`, passwordHash, role: 'agent', maxChats: 1_000_000, status: 'online' })
      .returning();
    await db.insert(siteAgents).values({ siteId: site!.id, agentId: agent!.id });
    await db.insert(channelAgents).values({ channelId: channel!.id, agentId: agent!.id });
    agentList.push({ id: agent!.id, token: tokens.signAgent({ agentId: agent!.id, version: agent!.tokenVersion }) });
  }

  const visitorTokens: string[] = [];
  for (let from = 0; from < visitorCount; from += SEED_BATCH) {
    const rows = await db
      .insert(visitors)
      .values(Array.from({ length: Math.min(SEED_BATCH, visitorCount - from) }, () => ({ siteId: site!.id })))
      .returning({ id: visitors.id });
    for (const row of rows) visitorTokens.push(tokens.signVisitor({ visitorId: row.id, siteId: site!.id }));
  }
  const visitorsFile = join(dataDir, 'visitors.txt');
  writeFileSync(visitorsFile, visitorTokens.join('\n'));

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
    agents: agentList,
    visitorsFile,
  });

  serveControl(
    async () => {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    () => messageWriterStats(db),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench parley failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

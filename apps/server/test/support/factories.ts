/** Seed factories: each test gets its own site, channels and agents, so tests never collide. */
import { randomBytes, randomUUID } from 'node:crypto';
import { agents, channelAgents, channels, siteAgents, sites, type Database } from '@parley/db';
import { hashPassword } from '../../src/modules/auth/passwords.ts';

export interface TestSite {
  id: string;
  siteKey: string;
  channels: { id: string; name: string }[];
}

export async function createSite(
  db: Database,
  options: { channels?: string[]; allowedOrigins?: string[] } = {},
): Promise<TestSite> {
  const siteKey = `site-${randomUUID().slice(0, 8)}`;
  const [site] = await db
    .insert(sites)
    .values({
      siteKey,
      name: `Site ${siteKey}`,
      identitySecret: randomBytes(16).toString('hex'),
      allowedOrigins: options.allowedOrigins ?? [],
      widget: { color: '#2563eb', position: 'right', language: 'auto', greeting: 'Hello' },
    })
    .returning();
  const names = options.channels ?? ['Sales', 'Support'];
  const rows = await db
    .insert(channels)
    .values(names.map((name, position) => ({ siteId: site!.id, name, position })))
    .returning();
  return { id: site!.id, siteKey, channels: rows.map((c) => ({ id: c.id, name: c.name })) };
}

export interface TestAgent {
  id: string;
  email: string;
  password: string;
  name: string;
}

/** Password hashing is deliberately slow; test agents share one hash. */
const PASSWORD = 'correct horse battery';
let hashed: Promise<string> | undefined;

export async function createAgent(
  db: Database,
  site: TestSite,
  options: { name?: string; role?: 'admin' | 'agent' } = {},
): Promise<TestAgent> {
  hashed ??= hashPassword(PASSWORD);
  const email = `agent-${randomUUID().slice(0, 8)}@example.test`;
  const name = options.name ?? 'Agent Smith';
  const [agent] = await db
    .insert(agents)
    .values({ email, name, passwordHash: await hashed, role: options.role ?? 'agent' })
    .returning();
  await db.insert(siteAgents).values({ siteId: site.id, agentId: agent!.id });
  await db.insert(channelAgents).values(site.channels.map((c) => ({ channelId: c.id, agentId: agent!.id })));
  return { id: agent!.id, email, password: PASSWORD, name };
}

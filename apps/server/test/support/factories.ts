/** Seed factories: each test gets its own site, channels and agents, so tests never collide. */
import { randomBytes, randomUUID } from 'node:crypto';
import { agents, channelAgents, channels, siteAgents, sites, visitors, type Database, type WidgetSettingsColumn } from '@parley/db';
import type { AgentActor, VisitorActor } from '../../src/shared/actor.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';

export interface TestSite {
  id: string;
  siteKey: string;
  identitySecret: string;
  channels: { id: string; name: string }[];
}

export interface SiteOptions {
  channels?: string[];
  allowedOrigins?: string[];
  maxWaitingTotal?: number;
  /** Applied to every channel. */
  maxWaiting?: number;
  routingMode?: 'auto' | 'manual';
  widget?: Partial<WidgetSettingsColumn>;
}

export async function createSite(db: Database, options: SiteOptions = {}): Promise<TestSite> {
  const siteKey = `site-${randomUUID().slice(0, 8)}`;
  const [site] = await db
    .insert(sites)
    .values({
      siteKey,
      name: `Site ${siteKey}`,
      identitySecret: randomBytes(16).toString('hex'),
      allowedOrigins: options.allowedOrigins ?? [],
      maxWaitingTotal: options.maxWaitingTotal ?? 15,
      widget: { color: '#2563eb', position: 'right', language: 'auto', greeting: 'Hello', ...options.widget },
    })
    .returning();
  const names = options.channels ?? ['Sales', 'Support'];
  const rows = await db
    .insert(channels)
    .values(
      names.map((name, position) => ({
        siteId: site!.id,
        name,
        position,
        maxWaiting: options.maxWaiting ?? 2,
        routingMode: options.routingMode ?? 'auto',
      })),
    )
    .returning();
  return { id: site!.id, siteKey, identitySecret: site!.identitySecret, channels: rows.map((c) => ({ id: c.id, name: c.name })) };
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
  options: { name?: string; role?: 'admin' | 'agent'; maxChats?: number; channelIds?: string[]; status?: 'online' | 'away' | 'offline' } = {},
): Promise<TestAgent> {
  hashed ??= hashPassword(PASSWORD);
  const email = `agent-${randomUUID().slice(0, 8)}@example.test`;
  const name = options.name ?? 'Agent Smith';
  const [agent] = await db
    .insert(agents)
    .values({ email, name, passwordHash: await hashed, role: options.role ?? 'agent', maxChats: options.maxChats ?? 3, status: options.status ?? 'offline' })
    .returning();
  await db.insert(siteAgents).values({ siteId: site.id, agentId: agent!.id });
  const channelIds = options.channelIds ?? site.channels.map((c) => c.id);
  if (channelIds.length) await db.insert(channelAgents).values(channelIds.map((channelId) => ({ channelId, agentId: agent!.id })));
  return { id: agent!.id, email, password: PASSWORD, name };
}

/** A visitor of the site, as the domain sees one (no HTTP session needed). */
export async function createVisitor(db: Database, site: TestSite): Promise<VisitorActor> {
  const [visitor] = await db.insert(visitors).values({ siteId: site.id }).returning();
  return { kind: 'visitor', visitorId: visitor!.id, siteId: site.id };
}

/** The agent as the domain sees them. */
export function agentActor(agent: TestAgent, site: TestSite): AgentActor {
  return { kind: 'agent', agentId: agent.id, name: agent.name, siteIds: [site.id] };
}

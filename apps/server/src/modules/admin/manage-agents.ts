/**
 * The agents of a site: create (or add an existing account), role, capacity, channels, password,
 * deactivation. Deactivating revokes every token and closes open sockets at once; raising
 * capacity lets the queue drain.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agents, channelAgents, channels, siteAgents, type Database, type Transaction } from '@parley/db';
import type { AdminAgent } from '@parley/protocol';
import type { createAgentSchema, updateAgentSchema } from '@parley/protocol/admin';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { AgentActor } from '../../shared/actor.ts';
import { mergeEffects, newEffects, type Effects } from '../../shared/effects.ts';
import { hashPassword } from '../auth/passwords.ts';
import { agentGone, drainSiteQueues } from '../conversations/index.ts';

type CreateInput = z.output<typeof createAgentSchema>;
type UpdateInput = z.output<typeof updateAgentSchema>;

export async function listAgents(db: Database, siteId: string): Promise<AdminAgent[]> {
  const rows = await db
    .select({ agent: agents })
    .from(siteAgents)
    .innerJoin(agents, eq(agents.id, siteAgents.agentId))
    .where(eq(siteAgents.siteId, siteId))
    .orderBy(asc(agents.name));
  const memberships = rows.length
    ? await db
        .select({ agentId: channelAgents.agentId, channelId: channelAgents.channelId })
        .from(channelAgents)
        .innerJoin(channels, eq(channels.id, channelAgents.channelId))
        .where(and(eq(channels.siteId, siteId), inArray(channelAgents.agentId, rows.map((r) => r.agent.id))))
    : [];
  return rows.map(({ agent }) => ({
    id: agent.id,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    maxChats: agent.maxChats,
    status: agent.status,
    active: agent.active,
    channelIds: memberships.filter((m) => m.agentId === agent.id).map((m) => m.channelId),
  }));
}

/** Replaces the agent's channel memberships within this site (other sites' are untouched). */
async function setSiteChannels(tx: Transaction, siteId: string, agentId: string, channelIds: string[]) {
  const siteChannels = await tx.select({ id: channels.id }).from(channels).where(eq(channels.siteId, siteId));
  const valid = new Set(siteChannels.map((c) => c.id));
  if (channelIds.some((id) => !valid.has(id))) throw new AppError('VALIDATION', 'Every channel must be a channel of this site.');
  if (valid.size) {
    await tx.delete(channelAgents).where(and(eq(channelAgents.agentId, agentId), inArray(channelAgents.channelId, [...valid])));
  }
  if (channelIds.length) await tx.insert(channelAgents).values([...new Set(channelIds)].map((channelId) => ({ channelId, agentId })));
}

export async function createAgent(db: Database, siteId: string, input: CreateInput): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    let [agent] = await tx.select().from(agents).where(eq(agents.email, input.email));
    if (agent) {
      const [member] = await tx.select().from(siteAgents).where(and(eq(siteAgents.siteId, siteId), eq(siteAgents.agentId, agent.id)));
      if (member) throw new AppError('CONFLICT', 'This agent is already on this site.');
      // An existing account (another site of the same owner) is added; its password stays its own.
    } else {
      [agent] = await tx
        .insert(agents)
        .values({ email: input.email, name: input.name, passwordHash, role: input.role, maxChats: input.maxChats })
        .returning();
    }
    await tx.insert(siteAgents).values({ siteId, agentId: agent!.id });
    await setSiteChannels(tx, siteId, agent!.id, input.channelIds);
    return agent!.id;
  });
}

export async function updateAgent(db: Database, actor: AgentActor, siteId: string, agentId: string, input: UpdateInput): Promise<Effects> {
  if (agentId === actor.agentId && (input.active === false || input.role === 'agent')) {
    throw new AppError('CONFLICT', 'You cannot deactivate or demote yourself.');
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const effects = newEffects();
  const before = await db.transaction(async (tx) => {
    const [member] = await tx.select().from(siteAgents).where(and(eq(siteAgents.siteId, siteId), eq(siteAgents.agentId, agentId)));
    if (!member) throw new AppError('NOT_FOUND', 'Agent not found.');
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for('update');
    const revoke = input.active === false && agent!.active;
    const changes = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.maxChats !== undefined ? { maxChats: input.maxChats } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(revoke ? { tokenVersion: sql`${agents.tokenVersion} + 1`, status: 'offline' as const } : {}),
    };
    if (Object.keys(changes).length) await tx.update(agents).set(changes).where(eq(agents.id, agentId));
    if (input.channelIds) await setSiteChannels(tx, siteId, agentId, input.channelIds);
    return { agent: agent!, revoke };
  });
  effects.agents.add(agentId);
  effects.queues.add(siteId);
  effects.availability.add(siteId);
  if (before.revoke) {
    effects.revokedAgents.add(agentId);
    // A deactivated agent's chats go back to the queue at once, without waiting for a grace period.
    mergeEffects(effects, await agentGone(db, agentId));
  } else {
    await drainSiteQueues(db, [siteId], effects);
  }
  return effects;
}

/**
 * Queries behind routing decisions. Locking order, everywhere: site row, then conversation rows,
 * then agent rows. The site lock serialises every routing decision of one site across nodes; the
 * agent lock guards capacity for agents who belong to several sites (and a conversation's change
 * of status or agent locks its agents' rows, through the trigger that keeps their load).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { agents, channelAgents, sites, type AgentRow, type Executor, type Transaction } from '@parley/db';

/** Takes the site's routing lock for the rest of the transaction. */
export async function lockSite(tx: Transaction, siteId: string) {
  const [site] = await tx.select().from(sites).where(eq(sites.id, siteId)).for('update');
  return site;
}

/**
 * Online agents of a channel — or only the named agent, wherever they work (a transfer to a
 * colleague) — least busy first, ties to the one longest without an assignment (the order
 * placement.ts applies in memory to a batch of new conversations). Unlocked: the
 * caller locks its pick and checks capacity again.
 */
export function findCandidateAgents(db: Executor, channelId: string, onlyAgentId?: string | null) {
  const inChannel = sql`exists (select 1 from ${channelAgents} ca where ca.agent_id = "agents"."id" and ca.channel_id = ${channelId})`;
  return db
    .select()
    .from(agents)
    .where(
      and(
        eq(agents.status, 'online'),
        eq(agents.active, true),
        onlyAgentId ? eq(agents.id, onlyAgentId) : inChannel,
      ),
    )
    .orderBy(asc(agents.activeChats), sql`${agents.lastAssignedAt} asc nulls first`, asc(agents.id));
}

/**
 * Picks the agent who should take a conversation of this channel now, locked, with capacity
 * verified under the lock; undefined when nobody can.
 */
export async function pickAgent(tx: Transaction, channelId: string, requestedAgentId?: string | null): Promise<AgentRow | undefined> {
  for (const candidate of await findCandidateAgents(tx, channelId, requestedAgentId)) {
    if (candidate.activeChats >= candidate.maxChats) continue;
    const locked = await lockAgentWithCapacity(tx, candidate.id);
    if (locked) return locked;
  }
  return undefined;
}

/** Locks an agent row and returns it only if the agent is online, active and under capacity. */
export async function lockAgentWithCapacity(tx: Transaction, agentId: string): Promise<AgentRow | undefined> {
  const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for('update');
  if (!agent || !agent.active || agent.status !== 'online') return undefined;
  // Read from the locked row: current (the count is kept by a trigger, see agents.activeChats).
  return agent.activeChats < agent.maxChats ? agent : undefined;
}

export async function findAgentChannelIds(db: Executor, agentId: string): Promise<string[]> {
  const rows = await db.select({ id: channelAgents.channelId }).from(channelAgents).where(eq(channelAgents.agentId, agentId));
  return rows.map((r) => r.id);
}

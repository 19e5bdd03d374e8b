/**
 * Agent availability and the departures that change routing: an agent setting their status, an
 * agent gone past the grace period (their chats are requeued), a visitor gone while waiting (missed).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { agents, conversations, siteAgents, visitors, type Database } from '@parley/db';
import { SYSTEM_MESSAGES, type AgentStatus } from '@parley/protocol';
import { batcherPerHandle } from '../../../shared/batcher.ts';
import { newEffects, type Effects } from '../../../shared/effects.ts';
import { insertMessage, toMessage } from '../messages.repository.ts';
import { drainSiteQueues } from './drain-queue.ts';
import { lockSite } from './routing.repository.ts';

async function agentSiteIds(db: Database, agentId: string): Promise<string[]> {
  const rows = await db.select({ id: siteAgents.siteId }).from(siteAgents).where(eq(siteAgents.agentId, agentId));
  return rows.map((r) => r.id);
}

/** Sets an agent's status; coming online (or any change) may let waiting conversations be assigned. */
export async function setAgentStatus(db: Database, agentId: string, status: AgentStatus): Promise<Effects> {
  const effects = newEffects();
  const [before] = await db.select({ status: agents.status }).from(agents).where(eq(agents.id, agentId));
  if (!before) return effects;
  if (before.status !== status) await db.update(agents).set({ status }).where(eq(agents.id, agentId));
  effects.agents.add(agentId);
  const siteIds = await agentSiteIds(db, agentId);
  for (const siteId of siteIds) {
    effects.availability.add(siteId);
    effects.queues.add(siteId);
  }
  if (status === 'online') await drainSiteQueues(db, siteIds, effects);
  return effects;
}

/** An agent connected: `offline` (e.g. after a disconnect) becomes `online`; `away` is kept. */
export async function agentConnected(db: Database, agentId: string): Promise<Effects> {
  const [agent] = await db
    .update(agents)
    .set({ lastConnectedAt: sql`now()`, disconnectedAt: null })
    .where(eq(agents.id, agentId))
    .returning({ status: agents.status });
  return setAgentStatus(db, agentId, agent?.status === 'away' ? 'away' : 'online');
}

/**
 * A visitor connected: noted for every node, so a departure seen before it is void. Batched (one
 * UPDATE for all visitors who connected meanwhile): thousands reconnect at once when a node
 * restarts, and on the embedded database each statement holds its one connection.
 */
export function visitorConnected(db: Database, visitorId: string): Promise<void> {
  return connects(db).submit(visitorId);
}

const connects = batcherPerHandle(async (db: Database, ids: string[]) => {
  await db.update(visitors).set({ lastSeenAt: sql`now()`, disconnectedAt: null }).where(inArray(visitors.id, [...new Set(ids)]));
  return ids.map(() => undefined);
}, 1000);

/** The agent's last connection (on any node) closed: the grace period starts now. */
export async function agentDisconnected(db: Database, agentId: string): Promise<void> {
  await db.update(agents).set({ disconnectedAt: sql`now()` }).where(and(eq(agents.id, agentId), isNull(agents.disconnectedAt)));
}


/**
 * The agent has had no connection for the grace period: offline, and their active chats go back
 * to the front of their queues (they waited already) for other agents to take.
 */
/**
 * `since`: when the disconnect was seen. If the agent connected again after it (on any node, as
 * the database records), the departure is void and nothing happens.
 */
export async function agentGone(db: Database, agentId: string, since?: Date): Promise<Effects> {
  if (since) {
    const [agent] = await db.select({ at: agents.lastConnectedAt }).from(agents).where(eq(agents.id, agentId));
    if (agent?.at && agent.at > since) return newEffects();
  }
  const effects = await setAgentStatus(db, agentId, 'offline');
  const [agent] = await db.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId));
  const held = await db
    .select({ id: conversations.id, siteId: conversations.siteId })
    .from(conversations)
    .where(and(eq(conversations.agentId, agentId), eq(conversations.status, 'active')));
  for (const siteId of new Set(held.map((c) => c.siteId))) {
    await db.transaction(async (tx) => {
      await lockSite(tx, siteId);
      const locked = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.agentId, agentId), eq(conversations.status, 'active'), eq(conversations.siteId, siteId)))
        .for('update');
      for (const conversation of locked) {
        await tx
          .update(conversations)
          .set({ status: 'waiting', agentId: null, queuedAt: conversation.createdAt })
          .where(eq(conversations.id, conversation.id));
        const message = await insertMessage(tx, conversation.id, {
          sender: 'system',
          text: SYSTEM_MESSAGES.requeued,
          authorName: agent?.name ?? null,
          agentId,
        });
        effects.messages.push(toMessage(message));
        effects.conversations.add(conversation.id);
      }
    });
    effects.queues.add(siteId);
  }
  return drainSiteQueues(db, held.map((c) => c.siteId), effects);
}

/** The visitor has had no connection for the grace period: their waiting conversations are missed. */
export async function visitorGone(db: Database, visitorId: string, since?: Date): Promise<Effects> {
  const effects = newEffects();
  if (since) {
    const [visitor] = await db.select({ at: visitors.lastSeenAt }).from(visitors).where(eq(visitors.id, visitorId));
    if (visitor && visitor.at > since) return effects;
  }
  const waiting = await db
    .select({ id: conversations.id, siteId: conversations.siteId })
    .from(conversations)
    .where(and(eq(conversations.visitorId, visitorId), eq(conversations.status, 'waiting')));
  for (const { id, siteId } of waiting) {
    await db.transaction(async (tx) => {
      await lockSite(tx, siteId);
      const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
      if (conversation?.status !== 'waiting') return;
      await tx.update(conversations).set({ status: 'missed', closedAt: sql`now()` }).where(eq(conversations.id, id));
      const message = await insertMessage(tx, id, { sender: 'system', text: SYSTEM_MESSAGES.missed });
      effects.messages.push(toMessage(message));
      effects.conversations.add(id);
      effects.queues.add(siteId);
    });
  }
  return effects;
}


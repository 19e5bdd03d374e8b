/**
 * Assigns waiting conversations of a site to agents with free capacity, oldest first (FIFO),
 * until no waiting conversation can be placed. Run whenever capacity may have freed: an agent
 * comes online or raises capacity, a chat closes or is transferred, a conversation is requeued.
 */
import { and, asc, eq, isNotNull, or, sql } from 'drizzle-orm';
import { channels, conversations, type Database } from '@parley/db';
import { mergeEffects, newEffects, type Effects } from '../../../shared/effects.ts';
import { assignConversation } from './assign-conversation.ts';
import { lockSite, pickAgent } from './routing.repository.ts';

export async function drainSiteQueue(db: Database, siteId: string): Promise<Effects> {
  return db.transaction(async (tx) => {
    const effects = newEffects();
    if (!(await lockSite(tx, siteId))) return effects;
    const waiting = await tx
      .select({ id: conversations.id, siteId: conversations.siteId, channelId: conversations.channelId, requestedAgentId: conversations.requestedAgentId })
      .from(conversations)
      .innerJoin(channels, eq(channels.id, conversations.channelId))
      .where(
        and(
          eq(conversations.siteId, siteId),
          eq(conversations.status, 'waiting'),
          // Manual channels wait for a claim, except a conversation transferred to a named agent.
          or(eq(channels.routingMode, 'auto'), isNotNull(conversations.requestedAgentId)),
        ),
      )
      .orderBy(asc(sql`coalesce(${conversations.queuedAt}, ${conversations.createdAt})`), asc(conversations.createdAt))
      .for('update', { of: conversations });
    for (const conversation of waiting) {
      // A conversation transferred to a busy agent waits for that agent only.
      const agent = await pickAgent(tx, conversation.channelId, conversation.requestedAgentId);
      if (agent) await assignConversation(tx, conversation, agent, effects);
    }
    return effects;
  });
}

/** Drains every given site, one transaction each, and gathers what changed. */
export async function drainSiteQueues(db: Database, siteIds: Iterable<string>, into: Effects = newEffects()): Promise<Effects> {
  for (const siteId of new Set(siteIds)) mergeEffects(into, await drainSiteQueue(db, siteId));
  return into;
}

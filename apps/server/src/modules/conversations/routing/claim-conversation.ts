/**
 * An agent takes a waiting conversation (manual channels; also allowed in auto ones). Under the
 * site and conversation locks, two agents claiming at once: exactly one wins, the other gets CONFLICT.
 */
import { and, eq } from 'drizzle-orm';
import { channelAgents, type Database } from '@parley/db';
import { AppError } from '../../../errors.ts';
import type { AgentActor } from '../../../shared/actor.ts';
import { newEffects, type Effects } from '../../../shared/effects.ts';
import { loadConversationFor } from '../load-conversation.ts';
import { assignConversation } from './assign-conversation.ts';
import { lockAgentWithCapacity, lockSite } from './routing.repository.ts';

export async function claimConversation(db: Database, actor: AgentActor, conversationId: string): Promise<Effects> {
  const effects = newEffects();
  const probe = await loadConversationFor(db, actor, conversationId);
  await db.transaction(async (tx) => {
    await lockSite(tx, probe.siteId);
    const conversation = await loadConversationFor(tx, actor, conversationId, { lock: true });
    if (conversation.status !== 'waiting') {
      throw new AppError('CONFLICT', conversation.agentId === actor.agentId ? 'You already have this conversation.' : 'This conversation is no longer waiting.');
    }
    if (conversation.requestedAgentId && conversation.requestedAgentId !== actor.agentId) {
      throw new AppError('CONFLICT', 'This conversation was transferred to another agent.');
    }
    const [member] = await tx
      .select()
      .from(channelAgents)
      .where(and(eq(channelAgents.channelId, conversation.channelId), eq(channelAgents.agentId, actor.agentId)));
    if (!member) throw new AppError('FORBIDDEN', 'You are not a member of this channel.');
    const agent = await lockAgentWithCapacity(tx, actor.agentId);
    if (!agent) throw new AppError('CONFLICT', 'You are at capacity or not online.');
    await assignConversation(tx, conversation, agent, effects);
  });
  return effects;
}

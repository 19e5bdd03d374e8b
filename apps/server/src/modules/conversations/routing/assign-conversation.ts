import { eq, sql } from 'drizzle-orm';
import { agents, conversations, type AgentRow, type Transaction } from '@parley/db';
import { SYSTEM_MESSAGES } from '@parley/protocol';
import type { Effects } from '../../../shared/effects.ts';
import { recordEvent } from '../../webhooks/outbox.ts';
import { insertMessage, toMessage } from '../messages.repository.ts';

/**
 * Gives a (locked) conversation to a (locked, under-capacity) agent: it becomes active, the agent's
 * last-assignment time moves on, and the transcript says who joined.
 */
export async function assignConversation(tx: Transaction, conversation: { id: string; siteId: string }, agent: AgentRow, effects: Effects) {
  await tx
    .update(conversations)
    .set({ status: 'active', agentId: agent.id, requestedAgentId: null, assignedAt: sql`coalesce(${conversations.assignedAt}, now())` })
    .where(eq(conversations.id, conversation.id));
  await tx.update(agents).set({ lastAssignedAt: sql`now()` }).where(eq(agents.id, agent.id));
  const joined = await insertMessage(tx, conversation.id, {
    sender: 'system',
    text: SYSTEM_MESSAGES.agentJoined,
    authorName: agent.name,
    agentId: agent.id,
  });
  effects.messages.push(toMessage(joined));
  effects.conversations.add(conversation.id);
  effects.agents.add(agent.id);
  effects.queues.add(conversation.siteId);
  await recordEvent(tx, effects, { type: 'conversation.assigned', siteId: conversation.siteId, conversationId: conversation.id, agentId: agent.id });
}

/**
 * Hands a conversation to another agent or channel, with an optional note for the receiver. An
 * agent without free capacity (or not online) gets it through the queue: it waits for them only.
 * A channel transfer is routed like a new conversation, except the caps do not refuse it: the
 * visitor was already being served.
 */
import { and, eq, sql } from 'drizzle-orm';
import { agents, channels, conversations, siteAgents, type Database } from '@parley/db';
import { SYSTEM_MESSAGES } from '@parley/protocol';
import { AppError } from '../../../errors.ts';
import type { AgentActor } from '../../../shared/actor.ts';
import { newEffects, type Effects } from '../../../shared/effects.ts';
import { loadConversationFor, OPEN_STATUSES } from '../load-conversation.ts';
import { insertMessage, toMessage } from '../messages.repository.ts';
import { assignConversation } from './assign-conversation.ts';
import { lockSite, pickAgent } from './routing.repository.ts';

export interface TransferInput {
  conversationId: string;
  toAgentId?: string;
  toChannelId?: string;
  note?: string;
}

export async function transferConversation(db: Database, actor: AgentActor, input: TransferInput): Promise<Effects> {
  const effects = newEffects();
  const probe = await loadConversationFor(db, actor, input.conversationId);
  await db.transaction(async (tx) => {
    await lockSite(tx, probe.siteId);
    const conversation = await loadConversationFor(tx, actor, input.conversationId, { lock: true });
    if (!OPEN_STATUSES.includes(conversation.status)) throw new AppError('CONFLICT', 'This conversation has ended.');

    let channelId = conversation.channelId;
    let systemText: string = SYSTEM_MESSAGES.transferredToAgent;
    let systemAuthor = actor.name;
    if (input.toChannelId) {
      const [channel] = await tx
        .select()
        .from(channels)
        .where(and(eq(channels.id, input.toChannelId), eq(channels.siteId, conversation.siteId)));
      if (!channel) throw new AppError('NOT_FOUND', 'No such channel on this site.');
      channelId = channel.id;
      systemText = SYSTEM_MESSAGES.transferredToChannel;
      systemAuthor = channel.name;
    } else {
      if (input.toAgentId === conversation.agentId) throw new AppError('CONFLICT', 'The conversation is already with that agent.');
      const [target] = await tx
        .select({ id: agents.id })
        .from(agents)
        .innerJoin(siteAgents, and(eq(siteAgents.agentId, agents.id), eq(siteAgents.siteId, conversation.siteId)))
        .where(and(eq(agents.id, input.toAgentId!), eq(agents.active, true)));
      if (!target) throw new AppError('NOT_FOUND', 'No such agent on this site.');
    }

    // Back to the queue first (ordered ahead: the visitor has waited already), then place it.
    await tx
      .update(conversations)
      .set({
        status: 'waiting',
        agentId: null,
        channelId,
        requestedAgentId: input.toAgentId ?? null,
        queuedAt: conversation.createdAt,
        transferCount: sql`${conversations.transferCount} + 1`,
      })
      .where(eq(conversations.id, conversation.id));
    if (conversation.agentId) effects.agents.add(conversation.agentId);
    const transferred = await insertMessage(tx, conversation.id, { sender: 'system', text: systemText, authorName: systemAuthor, agentId: actor.agentId });
    effects.messages.push(toMessage(transferred));
    if (input.note) {
      const note = await insertMessage(tx, conversation.id, {
        sender: 'agent',
        text: input.note,
        agentId: actor.agentId,
        authorName: actor.name,
        internal: true,
      });
      effects.messages.push(toMessage(note));
    }

    const agent = await pickAgent(tx, channelId, input.toAgentId);
    if (agent) await assignConversation(tx, conversation, agent, effects);
    effects.conversations.add(conversation.id);
    effects.queues.add(conversation.siteId);
  });
  return effects;
}

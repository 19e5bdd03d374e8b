/** An agent takes an ended conversation (closed, missed, offline) back up: active again, theirs. */
import { eq, sql } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import { SYSTEM_MESSAGES } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { AgentActor } from '../../shared/actor.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { loadConversationFor, OPEN_STATUSES } from './load-conversation.ts';
import { insertMessage, toMessage } from './messages.repository.ts';
import { assignConversation } from './routing/assign-conversation.ts';
import { lockAgentWithCapacity, lockSite } from './routing/routing.repository.ts';

export async function reopenConversation(db: Database, actor: AgentActor, conversationId: string): Promise<Effects> {
  const effects = newEffects();
  const probe = await loadConversationFor(db, actor, conversationId);
  await db.transaction(async (tx) => {
    await lockSite(tx, probe.siteId);
    const conversation = await loadConversationFor(tx, actor, conversationId, { lock: true });
    if (OPEN_STATUSES.includes(conversation.status)) throw new AppError('CONFLICT', 'This conversation is still open.');
    const [open] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(sql`${conversations.visitorId} = ${conversation.visitorId} and ${conversations.status} in ('waiting', 'active')`);
    if (open) throw new AppError('CONFLICT', 'The visitor has another open conversation.');
    const agent = await lockAgentWithCapacity(tx, actor.agentId);
    if (!agent) throw new AppError('CONFLICT', 'You are at capacity or not online.');
    await tx
      .update(conversations)
      .set({ closedAt: null, reopenCount: sql`${conversations.reopenCount} + 1` })
      .where(eq(conversations.id, conversation.id));
    const reopened = await insertMessage(tx, conversation.id, { sender: 'system', text: SYSTEM_MESSAGES.reopened, authorName: agent.name, agentId: agent.id });
    effects.messages.push(toMessage(reopened));
    await assignConversation(tx, conversation, agent, effects);
  });
  return effects;
}

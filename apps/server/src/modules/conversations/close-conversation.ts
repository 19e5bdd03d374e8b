/** Either side ends a conversation; a system message records who did, and the freed capacity is used. */
import { eq, sql } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import { SYSTEM_MESSAGES, type Conversation } from '@parley/protocol';
import type { Actor } from '../../shared/actor.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { findConversationView } from './conversations.repository.ts';
import { loadConversationFor } from './load-conversation.ts';
import { insertMessage, toMessage } from './messages.repository.ts';
import { drainSiteQueues } from './routing/drain-queue.ts';
import { recordEvent } from '../webhooks/outbox.ts';

const CLOSABLE = ['waiting', 'active', 'offline'];

export async function closeConversation(
  db: Database,
  actor: Actor,
  conversationId: string,
): Promise<{ conversation: Conversation; effects: Effects }> {
  const effects = newEffects();
  const closed = await db.transaction(async (tx) => {
    const conv = await loadConversationFor(tx, actor, conversationId, { lock: true });
    // Closing twice is not an error: the second close simply finds it closed.
    if (!CLOSABLE.includes(conv.status)) return null;
    await tx.update(conversations).set({ status: 'closed', closedAt: sql`now()` }).where(eq(conversations.id, conv.id));
    const row = await insertMessage(tx, conv.id, {
      sender: 'system',
      text: actor.kind === 'agent' ? SYSTEM_MESSAGES.conversationClosedByAgent : SYSTEM_MESSAGES.conversationClosedByVisitor,
      authorName: actor.kind === 'agent' ? actor.name : null,
      agentId: actor.kind === 'agent' ? actor.agentId : null,
    });
    effects.messages.push(toMessage(row));
    effects.conversations.add(conv.id);
    effects.queues.add(conv.siteId);
    if (conv.agentId) effects.agents.add(conv.agentId);
    await recordEvent(tx, effects, { type: 'conversation.closed', siteId: conv.siteId, conversationId: conv.id, closedBy: actor.kind });
    return conv;
  });
  // The agent has a free slot now: the oldest waiting conversation may take it.
  if (closed?.status === 'active') await drainSiteQueues(db, [closed.siteId], effects);
  return { conversation: (await findConversationView(db, conversationId))!, effects };
}

/** Either side ends a conversation; a system message records who did. */
import { eq, sql } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import { SYSTEM_MESSAGES, type Conversation, type Message } from '@parley/protocol';
import type { Actor } from '../../shared/actor.ts';
import { findConversationView } from './conversations.repository.ts';
import { loadConversationFor, OPEN_STATUSES } from './load-conversation.ts';
import { insertMessage, toMessage } from './messages.repository.ts';

export async function closeConversation(
  db: Database,
  actor: Actor,
  conversationId: string,
): Promise<{ conversation: Conversation; message: Message | null }> {
  const message = await db.transaction(async (tx) => {
    const conv = await loadConversationFor(tx, actor, conversationId, { lock: true });
    // Closing twice is not an error: the second close simply finds it closed.
    if (!OPEN_STATUSES.includes(conv.status)) return null;
    await tx.update(conversations).set({ status: 'closed', closedAt: sql`now()` }).where(eq(conversations.id, conv.id));
    const row = await insertMessage(tx, conv.id, {
      sender: 'system',
      text: actor.kind === 'agent' ? SYSTEM_MESSAGES.conversationClosedByAgent : SYSTEM_MESSAGES.conversationClosedByVisitor,
      authorName: actor.kind === 'agent' ? actor.name : null,
      agentId: actor.kind === 'agent' ? actor.agentId : null,
    });
    return toMessage(row);
  });
  const conversation = await findConversationView(db, conversationId);
  return { conversation: conversation!, message };
}

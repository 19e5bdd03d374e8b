/**
 * Stores a visitor's or agent's message exactly once per client id and returns it with anything
 * the send caused (an agent answering a waiting conversation takes it: a system message first).
 */
import { eq, sql } from 'drizzle-orm';
import { agents, conversations, type Database } from '@parley/db';
import { SYSTEM_MESSAGES, type Conversation, type Message } from '@parley/protocol';
import { AppError, isUniqueViolation } from '../../errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { findConversationView } from './conversations.repository.ts';
import { loadConversationFor, OPEN_STATUSES } from './load-conversation.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';

export interface SendMessageInput {
  conversationId: string;
  clientId: string;
  text: string;
  /** Agents only: a note other agents see and the visitor never does. */
  internal?: boolean;
}

export interface SendMessageResult {
  message: Message;
  /** False when this client id was already stored: a retry, acknowledged again, not re-sent. */
  created: boolean;
  /** Messages stored before this one in the same transaction (system messages). */
  before: Message[];
  conversation: Conversation;
}

export async function sendMessage(db: Database, actor: Actor, input: SendMessageInput): Promise<SendMessageResult> {
  await loadConversationFor(db, actor, input.conversationId);
  const internal = actor.kind === 'agent' && input.internal === true;
  let outcome: { message: Message; created: boolean; before: Message[] };
  try {
    outcome = await db.transaction(async (tx) => {
      const conv = await loadConversationFor(tx, actor, input.conversationId, { lock: true });
      const duplicate = await findMessageByClientId(tx, conv.id, input.clientId);
      if (duplicate) return { message: toMessage(duplicate), created: false, before: [] };
      if (!OPEN_STATUSES.includes(conv.status)) throw new AppError('CONFLICT', 'This conversation has ended.');

      const before: Message[] = [];
      if (actor.kind === 'agent' && !internal) {
        if (conv.status === 'waiting') {
          await tx
            .update(conversations)
            .set({ status: 'active', agentId: actor.agentId, assignedAt: sql`now()` })
            .where(eq(conversations.id, conv.id));
          await tx.update(agents).set({ lastAssignedAt: sql`now()` }).where(eq(agents.id, actor.agentId));
          const joined = await insertMessage(tx, conv.id, {
            sender: 'system',
            text: SYSTEM_MESSAGES.agentJoined,
            authorName: actor.name,
            agentId: actor.agentId,
          });
          before.push(toMessage(joined));
        }
        if (!conv.firstAgentReplyAt) {
          await tx.update(conversations).set({ firstAgentReplyAt: sql`now()` }).where(eq(conversations.id, conv.id));
        }
      }
      const row = await insertMessage(tx, conv.id, {
        sender: actor.kind,
        clientId: input.clientId,
        text: input.text,
        agentId: actor.kind === 'agent' ? actor.agentId : null,
        authorName: actor.kind === 'agent' ? actor.name : null,
        internal,
      });
      return { message: toMessage(row), created: true, before };
    });
  } catch (error) {
    // Two copies of one send raced: the unique index kept one; answer with it.
    if (!isUniqueViolation(error)) throw error;
    const existing = await findMessageByClientId(db, input.conversationId, input.clientId);
    if (!existing) throw error;
    outcome = { message: toMessage(existing), created: false, before: [] };
  }
  const conversation = await findConversationView(db, input.conversationId);
  return { ...outcome, conversation: conversation! };
}

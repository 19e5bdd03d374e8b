/**
 * Stores a visitor's or agent's message exactly once per client id. An agent answering a waiting
 * conversation claims it first (capacity and membership checked like any claim).
 */
import { eq, sql } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import type { Message } from '@parley/protocol';
import { AppError, isUniqueViolation } from '../../errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { mergeEffects, newEffects, type Effects } from '../../shared/effects.ts';
import { recordEvent } from '../webhooks/outbox.ts';
import { loadConversationFor, OPEN_STATUSES } from './load-conversation.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';
import { claimConversation } from './routing/claim-conversation.ts';

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
  effects: Effects;
}

export async function sendMessage(db: Database, actor: Actor, input: SendMessageInput): Promise<SendMessageResult> {
  const current = await loadConversationFor(db, actor, input.conversationId);
  const internal = actor.kind === 'agent' && input.internal === true;
  const effects = newEffects();
  const stored = await findMessageByClientId(db, current.id, input.clientId);
  if (stored) return { message: toMessage(stored), created: false, effects };
  if (actor.kind === 'agent' && !internal && current.status === 'waiting') {
    Object.assign(effects, await claimConversation(db, actor, current.id));
  }
  try {
    // Events recorded in the transaction count only if it commits (a raced duplicate rolls back).
    const recorded = newEffects();
    const message = await db.transaction(async (tx) => {
      const conv = await loadConversationFor(tx, actor, input.conversationId, { lock: true });
      const duplicate = await findMessageByClientId(tx, conv.id, input.clientId);
      if (duplicate) return { message: toMessage(duplicate), created: false };
      if (!OPEN_STATUSES.includes(conv.status)) throw new AppError('CONFLICT', 'This conversation has ended.');
      if (actor.kind === 'agent' && !internal && !conv.firstAgentReplyAt) {
        await tx.update(conversations).set({ firstAgentReplyAt: sql`now()` }).where(eq(conversations.id, conv.id));
      }
      const row = await insertMessage(tx, conv.id, {
        sender: actor.kind,
        clientId: input.clientId,
        text: input.text,
        agentId: actor.kind === 'agent' ? actor.agentId : null,
        authorName: actor.kind === 'agent' ? actor.name : null,
        internal,
      });
      if (!internal) await recordEvent(tx, recorded, { type: 'message.created', siteId: conv.siteId, conversationId: conv.id, message: toMessage(row) });
      return { message: toMessage(row), created: true };
    });
    if (message.created) {
      mergeEffects(effects, recorded);
      effects.messages.push(message.message);
      effects.conversations.add(current.id);
    }
    return { ...message, effects };
  } catch (error) {
    // Two copies of one send raced: the unique index kept one; answer with it.
    if (!isUniqueViolation(error)) throw error;
    const existing = await findMessageByClientId(db, input.conversationId, input.clientId);
    if (!existing) throw error;
    return { message: toMessage(existing), created: false, effects };
  }
}

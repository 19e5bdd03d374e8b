/**
 * A message from the site's own software (REST API), shown under a bot's name. Stored exactly
 * once per client id like any message and published the same way. A bot is not an agent: it
 * claims nothing and does not count as the first agent reply (the response-time KPIs stay human).
 */
import { and, eq } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import type { Message } from '@parley/protocol';
import { AppError, isUniqueViolation } from '../../errors.ts';
import { mergeEffects, newEffects, type Effects } from '../../shared/effects.ts';
import { recordEvent } from '../webhooks/outbox.ts';
import { OPEN_STATUSES } from './load-conversation.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';

export interface BotMessageInput {
  siteId: string;
  conversationId: string;
  clientId: string;
  botName: string;
  text: string;
  /** A note for agents only. */
  internal: boolean;
}

export async function sendBotMessage(db: Database, input: BotMessageInput): Promise<{ message: Message; created: boolean; effects: Effects }> {
  const effects = newEffects();
  // Events recorded in the transaction count only if it commits (a raced duplicate rolls back).
  const recorded = newEffects();
  try {
    const result = await db.transaction(async (tx) => {
      const [conv] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, input.conversationId), eq(conversations.siteId, input.siteId)))
        .for('update');
      if (!conv) throw new AppError('NOT_FOUND', 'Conversation not found.');
      const duplicate = await findMessageByClientId(tx, conv.id, input.clientId);
      if (duplicate) return { message: toMessage(duplicate), created: false };
      if (!OPEN_STATUSES.includes(conv.status)) throw new AppError('CONFLICT', 'This conversation has ended.');
      const row = await insertMessage(tx, conv.id, {
        sender: 'bot',
        clientId: input.clientId,
        text: input.text,
        authorName: input.botName,
        internal: input.internal,
      });
      const message = toMessage(row);
      await recordEvent(tx, recorded, { type: 'message.created', siteId: conv.siteId, conversationId: conv.id, message });
      return { message, created: true };
    });
    if (result.created) {
      mergeEffects(effects, recorded);
      effects.messages.push(result.message);
      effects.conversations.add(input.conversationId);
    }
    return { ...result, effects };
  } catch (error) {
    // Two copies of one request raced: the unique index kept one; answer with it.
    if (!isUniqueViolation(error)) throw error;
    const existing = await findMessageByClientId(db, input.conversationId, input.clientId);
    if (!existing) throw error;
    return { message: toMessage(existing), created: false, effects };
  }
}

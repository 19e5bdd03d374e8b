/**
 * The offline form: when the queue is full or nobody is online, the visitor leaves a message and
 * an email; it is stored as an `offline` conversation for agents to follow up.
 */
import { and, eq } from 'drizzle-orm';
import { channels, conversations, messages, visitors, type Database } from '@parley/db';
import type { Conversation } from '@parley/protocol';
import { AppError } from '../../../errors.ts';
import type { VisitorActor } from '../../../shared/actor.ts';
import { newEffects, type Effects } from '../../../shared/effects.ts';
import { findConversationView } from '../conversations.repository.ts';
import { recordEvent } from '../../webhooks/outbox.ts';
import { insertMessage, toMessage } from '../messages.repository.ts';

export interface LeaveMessageInput {
  channelId: string;
  text: string;
  email: string;
  name?: string;
  clientId?: string;
}

export async function leaveMessage(
  db: Database,
  actor: VisitorActor,
  input: LeaveMessageInput,
): Promise<{ conversation: Conversation; effects: Effects }> {
  const effects = newEffects();
  const conversationId = await db.transaction(async (tx) => {
    const [channel] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, input.channelId), eq(channels.siteId, actor.siteId)));
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel on this site.');
    const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, actor.visitorId)).for('update');
    if (!visitor || visitor.siteId !== actor.siteId) throw new AppError('UNAUTHORIZED');
    if (visitor.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
    await tx
      .update(visitors)
      .set({ email: input.email, ...(input.name ? { name: input.name } : {}) })
      .where(eq(visitors.id, visitor.id));

    // A retried submit (same client id) finds the conversation it already made.
    if (input.clientId) {
      const [previous] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .innerJoin(messages, eq(messages.conversationId, conversations.id))
        .where(and(eq(conversations.visitorId, visitor.id), eq(conversations.status, 'offline'), eq(messages.clientId, input.clientId)))
        .limit(1);
      if (previous) return previous.id;
    }
    const [conversation] = await tx
      .insert(conversations)
      .values({ siteId: actor.siteId, channelId: channel.id, visitorId: visitor.id, status: 'offline', source: 'offline' })
      .returning();
    const message = await insertMessage(tx, conversation!.id, { sender: 'visitor', text: input.text, clientId: input.clientId });
    effects.messages.push(toMessage(message));
    await recordEvent(tx, effects, { type: 'offline_message.left', siteId: actor.siteId, conversationId: conversation!.id, message: toMessage(message) });
    effects.createdConversations.add(conversation!.id);
    effects.conversations.add(conversation!.id);
    return conversation!.id;
  });
  return { conversation: (await findConversationView(db, conversationId))!, effects };
}

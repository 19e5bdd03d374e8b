/**
 * A visitor starts a conversation in a channel, optionally with a first message. A visitor has at
 * most one open conversation: starting again (a retry, a second tab) returns the open one.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { channels, conversations, visitors, type Database } from '@parley/db';
import type { Conversation, Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { VisitorActor } from '../../shared/actor.ts';
import { findConversationView } from './conversations.repository.ts';
import { OPEN_STATUSES } from './load-conversation.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';

export interface StartConversationInput {
  channelId: string;
  text?: string;
  clientId?: string;
  name?: string;
}

export interface StartConversationResult {
  conversation: Conversation;
  /** The stored first message, if one was sent. */
  messages: Message[];
  created: boolean;
}

export async function startConversation(
  db: Database,
  actor: VisitorActor,
  input: StartConversationInput,
): Promise<StartConversationResult> {
  const result = await db.transaction(async (tx) => {
    const [channel] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, input.channelId), eq(channels.siteId, actor.siteId)))
      .limit(1);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel on this site.');
    // The visitor row lock serialises two tabs starting at once, so only one conversation opens.
    const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, actor.visitorId)).for('update');
    if (!visitor || visitor.siteId !== actor.siteId) throw new AppError('UNAUTHORIZED');
    if (visitor.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
    if (input.name && input.name !== visitor.name) {
      await tx.update(visitors).set({ name: input.name }).where(eq(visitors.id, visitor.id));
    }

    let [open] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor.id), inArray(conversations.status, OPEN_STATUSES)))
      .limit(1);
    const created = !open;
    if (!open) {
      [open] = await tx
        .insert(conversations)
        .values({ siteId: actor.siteId, channelId: channel.id, visitorId: visitor.id, status: 'waiting' })
        .returning();
    }
    const conversationId = open!.id;
    const stored: Message[] = [];
    if (input.text) {
      const duplicate = input.clientId ? await findMessageByClientId(tx, conversationId, input.clientId) : undefined;
      const row =
        duplicate ??
        (await insertMessage(tx, conversationId, { sender: 'visitor', text: input.text, clientId: input.clientId }));
      stored.push(toMessage(row));
    }
    return { conversationId, created, messages: stored };
  });
  const conversation = await findConversationView(db, result.conversationId);
  return { conversation: conversation!, messages: result.messages, created: result.created };
}

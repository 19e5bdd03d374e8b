/**
 * Proactive chat: an agent starts a conversation with a visitor who is on the site now. It is the
 * agent's at once (their capacity permitting) and opens with the agent's message.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { channels, conversations, visitors, type Database } from '@parley/db';
import type { Conversation } from '@parley/protocol';
import { AppError } from '../../../errors.ts';
import type { AgentActor } from '../../../shared/actor.ts';
import { newEffects, type Effects } from '../../../shared/effects.ts';
import { findConversationView } from '../conversations.repository.ts';
import { OPEN_STATUSES } from '../load-conversation.ts';
import { insertMessage, toMessage } from '../messages.repository.ts';
import { recordEvent } from '../../webhooks/outbox.ts';
import { assignConversation } from './assign-conversation.ts';
import { lockAgentWithCapacity, lockSite } from './routing.repository.ts';

export interface InitiateInput {
  visitorId: string;
  channelId: string;
  text: string;
  clientId: string;
}

export async function initiateConversation(
  db: Database,
  actor: AgentActor,
  input: InitiateInput,
): Promise<{ conversation: Conversation; effects: Effects }> {
  const effects = newEffects();
  const [probe] = await db.select({ siteId: visitors.siteId }).from(visitors).where(eq(visitors.id, input.visitorId));
  if (!probe || !actor.siteIds.includes(probe.siteId)) throw new AppError('NOT_FOUND', 'Visitor not found.');
  const conversationId = await db.transaction(async (tx) => {
    await lockSite(tx, probe.siteId);
    const [channel] = await tx.select().from(channels).where(and(eq(channels.id, input.channelId), eq(channels.siteId, probe.siteId)));
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel on this site.');
    const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, input.visitorId)).for('update');
    if (visitor!.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
    const [open] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor!.id), inArray(conversations.status, OPEN_STATUSES)));
    if (open) throw new AppError('CONFLICT', 'This visitor already has an open conversation.');
    const agent = await lockAgentWithCapacity(tx, actor.agentId);
    if (!agent) throw new AppError('CONFLICT', 'You are at capacity or not online.');
    const [conversation] = await tx
      .insert(conversations)
      .values({ siteId: probe.siteId, channelId: channel.id, visitorId: visitor!.id, status: 'waiting', source: 'agent' })
      .returning();
    await recordEvent(tx, effects, { type: 'conversation.started', siteId: probe.siteId, conversationId: conversation!.id });
    await assignConversation(tx, conversation!, agent, effects);
    const message = await insertMessage(tx, conversation!.id, {
      sender: 'agent',
      text: input.text,
      clientId: input.clientId,
      agentId: agent.id,
      authorName: agent.name,
    });
    await tx.update(conversations).set({ firstAgentReplyAt: sql`now()` }).where(eq(conversations.id, conversation!.id));
    effects.messages.push(toMessage(message));
    await recordEvent(tx, effects, { type: 'message.created', siteId: probe.siteId, conversationId: conversation!.id, message: toMessage(message) });
    effects.createdConversations.add(conversation!.id);
    return conversation!.id;
  });
  return { conversation: (await findConversationView(db, conversationId))!, effects };
}

/** Visitors (of the given ids) as agents see them for proactive chats, with any open conversation. */
export async function describeOnlineVisitors(db: Database, siteId: string, visitorIds: string[]) {
  if (visitorIds.length === 0) return [];
  const rows = await db
    .select({
      visitor: visitors,
      conversationId: sql<string | null>`(select c.id from ${conversations} c where c.visitor_id = "visitors"."id" and c.status in ('waiting', 'active') limit 1)`,
    })
    .from(visitors)
    .where(and(eq(visitors.siteId, siteId), inArray(visitors.id, visitorIds)));
  return rows.map(({ visitor, conversationId }) => ({
    visitorId: visitor.id,
    name: visitor.name,
    email: visitor.email,
    verified: visitor.verified,
    currentUrl: visitor.currentUrl,
    lastSeenAt: visitor.lastSeenAt.toISOString(),
    conversationId,
  }));
}

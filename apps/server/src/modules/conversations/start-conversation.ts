/**
 * A visitor starts a conversation in a channel (routing rules 1 and 2 of shared/DESIGN.md): it
 * goes at once to the least-busy available agent of an `auto` channel, otherwise it waits — unless
 * the channel already has `maxWaiting` waiting or the site `maxWaitingTotal`, then QUEUE_FULL (after
 * trying the channel's overflow channel). A visitor has at most one open conversation: starting
 * again (a retry, a second tab) returns the open one.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { channels, conversations, queueRefusals, visitors, type ChannelRow, type Database, type SiteRow, type Transaction } from '@parley/db';
import type { Conversation, Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { VisitorActor } from '../../shared/actor.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { findConversationView } from './conversations.repository.ts';
import { OPEN_STATUSES } from './load-conversation.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';
import { recordEvent } from '../webhooks/outbox.ts';
import { assignConversation } from './routing/assign-conversation.ts';
import { countWaiting, lockSite, pickAgent } from './routing/routing.repository.ts';

export interface StartConversationInput {
  channelId: string;
  text?: string;
  clientId?: string;
  name?: string;
}

export interface StartConversationResult {
  conversation: Conversation;
  /** Messages stored by this start (the first message, the agent joining), in order. */
  messages: Message[];
  created: boolean;
  effects: Effects;
}

export async function startConversation(
  db: Database,
  actor: VisitorActor,
  input: StartConversationInput,
): Promise<StartConversationResult> {
  const effects = newEffects();
  const result = await db.transaction(async (tx) => {
    const site = await lockSite(tx, actor.siteId);
    const [channel] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, input.channelId), eq(channels.siteId, actor.siteId)))
      .limit(1);
    if (!site || !channel) throw new AppError('NOT_FOUND', 'No such channel on this site.');
    // The visitor row lock serialises two tabs starting at once, so only one conversation opens.
    const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, actor.visitorId)).for('update');
    if (!visitor || visitor.siteId !== actor.siteId) throw new AppError('UNAUTHORIZED');
    if (visitor.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
    if (input.name && input.name !== visitor.name) {
      await tx.update(visitors).set({ name: input.name }).where(eq(visitors.id, visitor.id));
    }

    const [open] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor.id), inArray(conversations.status, OPEN_STATUSES)))
      .limit(1);
    let conversationId = open?.id;
    const stored: Message[] = [];
    if (!conversationId) {
      conversationId = await openRoutedConversation(tx, site, channel, visitor.id, input, stored, effects);
    } else if (input.text) {
      const duplicate = input.clientId ? await findMessageByClientId(tx, conversationId, input.clientId) : undefined;
      const row = duplicate ?? (await insertMessage(tx, conversationId, { sender: 'visitor', text: input.text, clientId: input.clientId }));
      stored.push(toMessage(row));
      if (!duplicate) {
        effects.messages.push(toMessage(row));
        await recordEvent(tx, effects, { type: 'message.created', siteId: site.id, conversationId, message: toMessage(row) });
      }
    }
    return { conversationId, created: !open, messages: stored };
  }).catch(async (error: unknown) => {
    // A refusal leaves no conversation behind, so it is recorded for the KPIs on its own.
    if (error instanceof AppError && error.code === 'QUEUE_FULL') {
      await db.insert(queueRefusals).values({ siteId: actor.siteId, channelId: input.channelId, visitorId: actor.visitorId });
    }
    throw error;
  });
  if (result.created) effects.createdConversations.add(result.conversationId);
  effects.conversations.add(result.conversationId);
  const conversation = await findConversationView(db, result.conversationId);
  return { conversation: conversation!, messages: result.messages, created: result.created, effects };
}

/** Creates the conversation where routing puts it; throws QUEUE_FULL when it can go nowhere. */
async function openRoutedConversation(
  tx: Transaction,
  site: SiteRow,
  requested: ChannelRow,
  visitorId: string,
  input: StartConversationInput,
  stored: Message[],
  effects: Effects,
): Promise<string> {
  const placement = await placeConversation(tx, site, requested);
  const [conversation] = await tx
    .insert(conversations)
    .values({
      siteId: site.id,
      channelId: placement.channel.id,
      visitorId,
      status: 'waiting',
      queuedAt: sql`now()`,
    })
    .returning();
  const id = conversation!.id;
  await recordEvent(tx, effects, { type: 'conversation.started', siteId: site.id, conversationId: id });
  if (input.text) {
    const first = toMessage(await insertMessage(tx, id, { sender: 'visitor', text: input.text, clientId: input.clientId }));
    stored.push(first);
    effects.messages.push(first);
    await recordEvent(tx, effects, { type: 'message.created', siteId: site.id, conversationId: id, message: first });
  }
  if (placement.agent) {
    const before = effects.messages.length;
    await assignConversation(tx, conversation!, placement.agent, effects);
    stored.push(...effects.messages.slice(before));
  }
  effects.queues.add(site.id);
  return id;
}

/**
 * Where a new conversation goes: an agent of the requested channel now (auto routing), else its
 * queue if under both caps, else the same for the overflow channel; otherwise QUEUE_FULL.
 */
async function placeConversation(tx: Transaction, site: SiteRow, requested: ChannelRow) {
  const siteWaiting = await countWaiting(tx, { siteId: site.id });
  const candidates = [requested];
  if (requested.overflowChannelId && requested.overflowChannelId !== requested.id) {
    const [overflow] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, requested.overflowChannelId), eq(channels.siteId, site.id)));
    if (overflow) candidates.push(overflow);
  }
  for (const channel of candidates) {
    if (channel.routingMode === 'auto') {
      const agent = await pickAgent(tx, channel.id);
      if (agent) return { channel, agent };
    }
    const channelWaiting = await countWaiting(tx, { channelId: channel.id });
    if (channelWaiting < channel.maxWaiting && siteWaiting < site.maxWaitingTotal) return { channel, agent: undefined };
  }
  throw new AppError('QUEUE_FULL');
}

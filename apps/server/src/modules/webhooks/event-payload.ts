/**
 * The `data` of a webhook event, built from the database inside the transaction that records it,
 * so it shows the state the event produced. Only what a CRM needs: no tokens, secrets or hashes.
 */
import { eq } from 'drizzle-orm';
import { agents, channels, conversations, visitors, type Executor } from '@parley/db';
import type { Message, WebhookConversation, WebhookEventData, WebhookEventType, WebhookMessage, WebhookVisitor } from '@parley/protocol';
import type { DomainEvent } from '../../shared/domain-events.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function loadFacts(db: Executor, conversationId: string) {
  const [row] = await db
    .select({ conversation: conversations, channel: { id: channels.id, name: channels.name }, visitor: visitors })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(eq(conversations.id, conversationId));
  if (!row) throw new Error(`conversation ${conversationId} vanished`);
  const c = row.conversation;
  const [agent] = c.agentId
    ? await db.select({ id: agents.id, name: agents.name, email: agents.email }).from(agents).where(eq(agents.id, c.agentId))
    : [];
  const v = row.visitor;
  const visitor: WebhookVisitor = {
    id: v.id,
    name: v.name,
    email: v.email,
    externalId: v.verified ? v.externalId : null,
    verified: v.verified,
    attributes: v.attributes,
    currentUrl: v.currentUrl,
    locale: v.locale,
  };
  const conversation: WebhookConversation = {
    id: c.id,
    status: c.status,
    source: c.source,
    channel: row.channel,
    agent: agent ?? null,
    createdAt: c.createdAt.toISOString(),
    assignedAt: iso(c.assignedAt),
    closedAt: iso(c.closedAt),
  };
  return { conversation, visitor, row: c, agent };
}

function toWebhookMessage(m: Message): WebhookMessage {
  if (m.sender === 'system' || m.internal) throw new Error('system messages and internal notes are never sent to webhooks');
  return { id: m.id, seq: m.seq, sender: m.sender, text: m.text, authorName: m.authorName, agentId: m.agentId, createdAt: m.createdAt };
}

/**
 * `asOf`: how the conversation looked when the event happened, where the row has moved on within
 * the same transaction (a start assigned at once was waiting when it started).
 */
export async function eventData<T extends WebhookEventType>(
  db: Executor,
  event: DomainEvent & { type: T },
  asOf?: Partial<WebhookConversation>,
): Promise<WebhookEventData[T]>;
export async function eventData(db: Executor, event: DomainEvent, asOf?: Partial<WebhookConversation>): Promise<WebhookEventData[WebhookEventType]> {
  const { conversation, visitor, row, agent } = await loadFacts(db, event.conversationId);
  const facts = { conversation: { ...conversation, ...asOf }, visitor };
  switch (event.type) {
    case 'conversation.started':
      return facts;
    case 'conversation.assigned':
      return { ...facts, agent: agent ?? { id: event.agentId, name: '', email: '' } };
    case 'conversation.closed':
      return { ...facts, closedBy: event.closedBy };
    case 'message.created':
    case 'offline_message.left':
      return { ...facts, message: toWebhookMessage(event.message) };
    case 'survey.answered':
      return { ...facts, survey: { csat: row.csat ?? 0, nps: row.nps, ces: row.ces, comment: row.surveyComment } };
  }
}

/** Read-side operations: an agent's inbox, opening a conversation, a visitor's resume, a sync after reconnect. */
import { eq } from 'drizzle-orm';
import { visitors, type Database } from '@parley/db';
import { LIMITS, type Conversation, type ConversationStatus, type Message, type Visitor } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { Actor, AgentActor, VisitorActor } from '../../shared/actor.ts';
import { findConversationView, findConversationViews, forVisitor } from './conversations.repository.ts';
import { loadConversationFor } from './load-conversation.ts';
import { listMessages } from './messages.repository.ts';
import { toVisitor } from '../sites/index.ts';

export async function listConversations(
  db: Database,
  actor: AgentActor,
  filter: { siteId?: string; statuses?: ConversationStatus[] },
): Promise<Conversation[]> {
  const siteIds = filter.siteId ? actor.siteIds.filter((id) => id === filter.siteId) : actor.siteIds;
  if (filter.siteId && siteIds.length === 0) throw new AppError('NOT_FOUND', 'Site not found.');
  if (siteIds.length === 0) return [];
  return findConversationViews(db, { siteIds, statuses: filter.statuses, limit: LIMITS.listPage });
}

export async function openConversation(
  db: Database,
  actor: AgentActor,
  conversationId: string,
): Promise<{ conversation: Conversation; messages: Message[]; visitor: Visitor }> {
  const row = await loadConversationFor(db, actor, conversationId);
  const [conversation, messages, [visitor]] = await Promise.all([
    findConversationView(db, conversationId),
    listMessages(db, conversationId, 0, { includeInternal: true }),
    db.select().from(visitors).where(eq(visitors.id, row.visitorId)),
  ]);
  return {
    conversation: conversation!,
    messages,
    visitor: toVisitor(visitor!),
  };
}

/** Messages after `afterSeq`, as the actor may see them (visitors never get internal notes). */
export async function syncConversation(
  db: Database,
  actor: Actor,
  conversationId: string,
  afterSeq: number,
): Promise<{ conversation: Conversation; messages: Message[] }> {
  await loadConversationFor(db, actor, conversationId);
  const isAgent = actor.kind === 'agent';
  const [conversation, messages] = await Promise.all([
    findConversationView(db, conversationId),
    listMessages(db, conversationId, afterSeq, { includeInternal: isAgent }),
  ]);
  return { conversation: isAgent ? conversation! : forVisitor(conversation!), messages };
}

/** The visitor's latest conversation with its history: what the widget shows after a reload. */
export async function resumeConversation(
  db: Database,
  actor: VisitorActor,
): Promise<{ conversation: Conversation | null; messages: Message[] }> {
  const [latest] = await findConversationViews(db, { visitorId: actor.visitorId, limit: 1 });
  if (!latest) return { conversation: null, messages: [] };
  const messages = await listMessages(db, latest.id, 0, { includeInternal: false });
  return { conversation: forVisitor(latest), messages };
}

/** Reading a site's conversations and messages for the API: pages, filters, one conversation. */
import type { Database } from '@parley/db';
import type { Conversation, ConversationStatus, Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { findConversationPage, findConversationView } from '../conversations/conversations.repository.ts';
import { listMessages } from '../conversations/messages.repository.ts';
import { decodeCursor, pageOf } from './api-cursor.ts';

export interface ConversationQuery {
  status?: ConversationStatus[];
  channelId?: string;
  agentId?: string;
  visitorId?: string;
  since?: string;
  cursor?: string;
  limit: number;
}

export async function listSiteConversations(
  db: Database,
  siteId: string,
  query: ConversationQuery,
): Promise<{ conversations: Conversation[]; nextCursor: string | null }> {
  const rows = await findConversationPage(db, {
    siteId,
    statuses: query.status,
    channelId: query.channelId,
    agentId: query.agentId,
    visitorId: query.visitorId,
    since: query.since ? new Date(query.since) : undefined,
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (r) => r.key);
  return { conversations: page.items.map((r) => r.conversation), nextCursor: page.nextCursor };
}

/** Another site's conversation is NOT_FOUND, like one that does not exist. */
export async function getSiteConversation(db: Database, siteId: string, conversationId: string): Promise<Conversation> {
  const conversation = await findConversationView(db, conversationId);
  if (!conversation || conversation.siteId !== siteId) throw new AppError('NOT_FOUND', 'Conversation not found.');
  return conversation;
}

export async function listSiteMessages(
  db: Database,
  siteId: string,
  conversationId: string,
  query: { after: number; limit: number; internal: 'true' | 'false' },
): Promise<{ messages: Message[]; nextAfter: number | null }> {
  await getSiteConversation(db, siteId, conversationId);
  const messages = await listMessages(db, conversationId, query.after, { includeInternal: query.internal === 'true', limit: query.limit });
  return { messages, nextAfter: messages.length === query.limit ? messages.at(-1)!.seq : null };
}

/**
 * Inbox search over the agent's sites: visitor name, email and message text, accent-insensitive
 * through parley_fold() (the SQL twin of foldText), with channel, agent and status filters.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { conversations, messages, visitors, type Database } from '@parley/db';
import { foldText, LIMITS, type Conversation, type ConversationStatus } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { AgentActor } from '../../shared/actor.ts';
import { findConversationView } from './conversations.repository.ts';

export interface SearchInput {
  query: string;
  siteId?: string;
  channelId?: string;
  agentId?: string;
  statuses?: ConversationStatus[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchConversations(db: Database, actor: AgentActor, input: SearchInput): Promise<Conversation[]> {
  const siteIds = input.siteId ? actor.siteIds.filter((id) => id === input.siteId) : actor.siteIds;
  if (input.siteId && siteIds.length === 0) throw new AppError('NOT_FOUND', 'Site not found.');
  if (siteIds.length === 0) return [];
  const folded = foldText(input.query).trim();
  const pattern = `%${escapeLike(folded)}%`;
  const matches = folded
    ? sql`(parley_fold(coalesce(${visitors.name}, '')) like ${pattern}
        or parley_fold(coalesce(${visitors.email}, '')) like ${pattern}
        or exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id} and parley_fold(m.text) like ${pattern}))`
    : undefined;
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(
      and(
        inArray(conversations.siteId, siteIds),
        input.channelId ? eq(conversations.channelId, input.channelId) : undefined,
        input.agentId ? eq(conversations.agentId, input.agentId) : undefined,
        input.statuses?.length ? inArray(conversations.status, input.statuses) : undefined,
        matches,
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(LIMITS.listPage);
  const views = await Promise.all(rows.map((r) => findConversationView(db, r.id)));
  return views.filter((v): v is Conversation => v !== undefined);
}

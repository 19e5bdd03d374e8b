/** Reads conversations as the DTO clients see: with channel, visitor and agent names and the last message. */
import { and, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { agents, channels, conversations, messages, visitors, type Executor } from '@parley/db';
import { LIMITS, previewText, type Conversation, type ConversationStatus } from '@parley/protocol';

const lastMessage = alias(messages, 'last_message');
/**
 * Only what a preview can use leaves the database: code points, so a longer text still has more
 * than previewLength UTF-16 units here and previewText sees that it was cut.
 */
const PREVIEW_SQL_CHARS = LIMITS.previewLength + 1;

function selectViews(db: Executor, where: SQL | undefined) {
  return db
    .select({
      c: conversations,
      channelName: channels.name,
      visitorName: visitors.name,
      agentName: agents.name,
      lastText: sql<string | null>`left(${lastMessage.text}, ${sql.raw(String(PREVIEW_SQL_CHARS))})`,
      lastSender: lastMessage.sender,
      lastAt: lastMessage.createdAt,
      /** created_at to the microsecond (a JS Date keeps milliseconds only): the API's page cursor. */
      createdAtKey: sql<string>`to_char(${conversations.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .leftJoin(agents, eq(agents.id, conversations.agentId))
    .leftJoin(
      lastMessage,
      and(
        eq(lastMessage.conversationId, conversations.id),
        // The preview is the last thing someone wrote; system events are not messages.
        eq(
          lastMessage.seq,
          sql`(select max(m.seq) from ${messages} m where m.conversation_id = "conversations"."id" and m.sender <> 'system')`,
        ),
      ),
    )
    .where(where);
}

type ViewRow = Awaited<ReturnType<typeof selectViews>>[number];

function toConversation(row: ViewRow): Conversation {
  const c = row.c;
  const hideLast = row.lastText === null;
  return {
    id: c.id,
    siteId: c.siteId,
    channelId: c.channelId,
    channelName: row.channelName,
    visitorId: c.visitorId,
    visitorName: row.visitorName,
    agentId: c.agentId,
    agentName: row.agentName,
    status: c.status,
    lastSeq: c.lastSeq,
    lastMessage: hideLast
      ? null
      : { text: previewText(row.lastText!), sender: row.lastSender!, createdAt: row.lastAt!.toISOString() },
    createdAt: c.createdAt.toISOString(),
    assignedAt: c.assignedAt?.toISOString() ?? null,
    firstAgentReplyAt: c.firstAgentReplyAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    visitorReadSeq: c.visitorReadSeq,
    agentReadSeq: c.agentReadSeq,
    survey:
      c.csat !== null && c.surveyAt
        ? { csat: c.csat, nps: c.nps, ces: c.ces, comment: c.surveyComment, answeredAt: c.surveyAt.toISOString() }
        : null,
  };
}

export async function findConversationView(
  db: Executor,
  conversationId: string,
): Promise<Conversation | undefined> {
  const [row] = await selectViews(db, eq(conversations.id, conversationId)).limit(1);
  return row && toConversation(row);
}

/** The views of these conversations (any order; missing ones left out). */
export async function findConversationViewsById(db: Executor, ids: string[]): Promise<Conversation[]> {
  if (!ids.length) return [];
  const rows = await selectViews(db, inArray(conversations.id, ids));
  return rows.map(toConversation);
}

export interface ConversationFilter {
  siteIds?: string[];
  visitorId?: string;
  statuses?: ConversationStatus[];
  limit: number;
}

/** Conversations still needing someone (waiting, active, offline) first, then newest first. */
const needsAttentionFirst = sql`case when ${conversations.status} in ('waiting', 'active', 'offline') then 0 else 1 end`;

export async function findConversationViews(
  db: Executor,
  filter: ConversationFilter,
): Promise<Conversation[]> {
  const where = and(
    filter.siteIds ? inArray(conversations.siteId, filter.siteIds) : undefined,
    filter.visitorId ? eq(conversations.visitorId, filter.visitorId) : undefined,
    filter.statuses?.length ? inArray(conversations.status, filter.statuses) : undefined,
  );
  const rows = await selectViews(db, where).orderBy(needsAttentionFirst, desc(conversations.createdAt)).limit(filter.limit);
  return rows.map(toConversation);
}

export interface ConversationPageFilter {
  siteId: string;
  statuses?: ConversationStatus[];
  channelId?: string;
  agentId?: string;
  visitorId?: string;
  since?: Date;
  /** Keyset: only conversations before this one in the order (newest first). */
  before?: { createdAt: string; id: string };
  limit: number;
}

/** One page of a site's conversations, newest first, with each row's keyset position. */
export async function findConversationPage(
  db: Executor,
  filter: ConversationPageFilter,
): Promise<{ conversation: Conversation; key: { createdAt: string; id: string } }[]> {
  const where = and(
    eq(conversations.siteId, filter.siteId),
    filter.statuses?.length ? inArray(conversations.status, filter.statuses) : undefined,
    filter.channelId ? eq(conversations.channelId, filter.channelId) : undefined,
    filter.agentId ? eq(conversations.agentId, filter.agentId) : undefined,
    filter.visitorId ? eq(conversations.visitorId, filter.visitorId) : undefined,
    filter.since ? gte(conversations.createdAt, filter.since) : undefined,
    filter.before
      ? sql`(${conversations.createdAt}, ${conversations.id}) < (${filter.before.createdAt}::timestamptz, ${filter.before.id}::uuid)`
      : undefined,
  );
  const rows = await selectViews(db, where).orderBy(desc(conversations.createdAt), desc(conversations.id)).limit(filter.limit);
  return rows.map((row) => ({ conversation: toConversation(row), key: { createdAt: row.createdAtKey, id: row.c.id } }));
}

/** The view a visitor gets: no last-message preview (it could be an internal note). */
export const forVisitor = (c: Conversation): Conversation => ({ ...c, lastMessage: null });

/** Message reads and the one write path that assigns sequence numbers. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { conversations, messages, type Executor, type MessageRow, type Transaction } from '@parley/db';
import { LIMITS, type Message, type MessageSender } from '@parley/protocol';

export const toMessage = (m: MessageRow): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  clientId: m.clientId,
  sender: m.sender,
  agentId: m.agentId,
  authorName: m.authorName,
  text: m.text,
  internal: m.internal,
  createdAt: m.createdAt.toISOString(),
});

/** A messages row as hand-written SQL returns it: snake_case, and times as text when it came through JSON. */
export interface MessageSqlRow {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string | null;
  sender: MessageSender;
  agent_id: string | null;
  author_name: string | null;
  text: string;
  internal: boolean;
  created_at: Date | string;
}

export const fromSqlRow = (r: MessageSqlRow): MessageRow => ({
  id: r.id,
  conversationId: r.conversation_id,
  seq: Number(r.seq),
  clientId: r.client_id,
  sender: r.sender,
  agentId: r.agent_id,
  authorName: r.author_name,
  text: r.text,
  internal: r.internal,
  createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
});

export async function listMessages(
  db: Executor,
  conversationId: string,
  afterSeq: number,
  options: { includeInternal: boolean; limit?: number },
): Promise<Message[]> {
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        gt(messages.seq, afterSeq),
        options.includeInternal ? undefined : eq(messages.internal, false),
      ),
    )
    .orderBy(asc(messages.seq))
    .limit(options.limit ?? LIMITS.historyPage);
  return rows.map(toMessage);
}

export async function findMessageByClientId(
  db: Executor,
  conversationId: string,
  clientId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.clientId, clientId)))
    .limit(1);
  return row;
}

export interface NewMessage {
  sender: MessageSender;
  text: string;
  clientId?: string | null;
  agentId?: string | null;
  authorName?: string | null;
  internal?: boolean;
}

/**
 * Stores a message with the conversation's next sequence number. Must run inside a transaction:
 * the UPDATE takes the conversation's row lock, so concurrent senders get consecutive numbers.
 */
export async function insertMessage(tx: Transaction, conversationId: string, input: NewMessage): Promise<MessageRow> {
  const [bumped] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1` })
    .where(eq(conversations.id, conversationId))
    .returning({ seq: conversations.lastSeq });
  if (!bumped) throw new Error(`conversation ${conversationId} vanished`);
  const [row] = await tx
    .insert(messages)
    .values({
      conversationId,
      seq: bumped.seq,
      clientId: input.clientId ?? null,
      sender: input.sender,
      agentId: input.agentId ?? null,
      authorName: input.authorName ?? null,
      text: input.text,
      internal: input.internal ?? false,
    })
    .returning();
  return row!;
}

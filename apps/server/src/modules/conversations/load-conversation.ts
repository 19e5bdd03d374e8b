import { eq } from 'drizzle-orm';
import { conversations, type ConversationRow, type Executor } from '@parley/db';
import type { ConversationStatus } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../shared/actor.ts';

export const OPEN_STATUSES: ConversationStatus[] = ['waiting', 'active'];

/** True when the actor may see this conversation: its own visitor, or an agent of its site. */
export function canAccess(actor: Actor, row: Pick<ConversationRow, 'visitorId' | 'siteId'>): boolean {
  return actor.kind === 'visitor' ? row.visitorId === actor.visitorId : actor.siteIds.includes(row.siteId);
}

/**
 * Loads a conversation the actor may access. Anything else is NOT_FOUND, so ids of other
 * tenants' conversations cannot even be confirmed to exist.
 */
export async function loadConversationFor(
  db: Executor,
  actor: Actor,
  conversationId: string,
  options: { lock?: boolean } = {},
): Promise<ConversationRow> {
  const query = db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row || !canAccess(actor, row)) throw new AppError('NOT_FOUND', 'Conversation not found.');
  return row;
}

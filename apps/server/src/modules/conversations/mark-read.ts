/** Read receipts: each side records the highest sequence number it has seen (never backwards). */
import { eq, sql } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import type { Actor } from '../../shared/actor.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { loadConversationFor } from './load-conversation.ts';

export async function markRead(db: Database, actor: Actor, conversationId: string, seq: number): Promise<Effects> {
  const conversation = await loadConversationFor(db, actor, conversationId);
  const column = actor.kind === 'visitor' ? conversations.visitorReadSeq : conversations.agentReadSeq;
  const target = Math.min(seq, conversation.lastSeq);
  const effects = newEffects();
  if (target <= (actor.kind === 'visitor' ? conversation.visitorReadSeq : conversation.agentReadSeq)) return effects;
  await db
    .update(conversations)
    .set(actor.kind === 'visitor' ? { visitorReadSeq: sql`greatest(${column}, ${target})` } : { agentReadSeq: sql`greatest(${column}, ${target})` })
    .where(eq(conversations.id, conversationId));
  effects.conversations.add(conversationId);
  return effects;
}

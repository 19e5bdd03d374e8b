/**
 * Erasing a visitor (GDPR right to erasure): the visitor row and, by cascade, every conversation
 * of theirs (survey answers live on the conversation rows) and, by the conversations' delete
 * trigger (migration 0014), every message of those are deleted. Queue refusals are kept with the
 * visitor link removed: they hold nothing personal and keep the "refused starts" KPI right. Other
 * KPIs of past periods lose this visitor's conversations — the price of deleting rather than
 * keeping contentless stubs agents would find in their inbox.
 *
 * Locks: site row (so routing of the site waits for the erasure), then the visitor's
 * conversation rows. The visitor's open sockets are closed by the publisher, on every node; their
 * token stops working because authentication finds no visitor row. Capacity of agents who had
 * one of their chats frees up, so the site's queue is drained afterwards.
 */
import { count, eq, inArray } from 'drizzle-orm';
import { conversations, messages, queueRefusals, visitors, type Database } from '@parley/db';
import type { VisitorErasure } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { drainSiteQueues } from '../conversations/routing/drain-queue.ts';
import { lockSite } from '../conversations/routing/routing.repository.ts';

export async function eraseVisitor(db: Database, siteId: string, visitorId: string): Promise<{ erasure: VisitorErasure; effects: Effects }> {
  const effects = newEffects();
  const erasure = await db.transaction(async (tx) => {
    if (!(await lockSite(tx, siteId))) throw new AppError('NOT_FOUND', 'Visitor not found.');
    const [visitor] = await tx.select({ siteId: visitors.siteId }).from(visitors).where(eq(visitors.id, visitorId));
    if (!visitor || visitor.siteId !== siteId) throw new AppError('NOT_FOUND', 'Visitor not found.');
    const owned = await tx
      .select({ id: conversations.id, status: conversations.status, agentId: conversations.agentId })
      .from(conversations)
      .where(eq(conversations.visitorId, visitorId))
      .for('update');
    const ids = owned.map((c) => c.id);
    const [messageCount] = ids.length ? await tx.select({ n: count() }).from(messages).where(inArray(messages.conversationId, ids)) : [{ n: 0 }];
    const anonymised = await tx.update(queueRefusals).set({ visitorId: null }).where(eq(queueRefusals.visitorId, visitorId)).returning({ id: queueRefusals.id });
    // ON DELETE CASCADE takes the conversations with the visitor, their trigger the messages.
    await tx.delete(visitors).where(eq(visitors.id, visitorId));

    for (const c of owned) {
      effects.removedConversations.set(c.id, siteId);
      if (c.status === 'active' && c.agentId) effects.agents.add(c.agentId);
    }
    if (owned.some((c) => c.status === 'waiting' || c.status === 'active')) effects.queues.add(siteId);
    effects.erasedVisitors.add(visitorId);
    return {
      visitorId,
      conversations: ids.length,
      messages: Number(messageCount?.n ?? 0),
      queueRefusalsAnonymised: anonymised.length,
      socketsClosed: true,
    };
  });
  // An agent who lost an active chat has room for the next waiting one.
  if (effects.agents.size) await drainSiteQueues(db, [siteId], effects);
  return { erasure, effects };
}

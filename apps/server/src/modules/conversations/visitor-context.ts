/** The visitor side panel (details, pages, earlier conversations) and blocking spam visitors. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { conversations, visitors, type Database, type VisitorRow } from '@parley/db';
import { LIMITS, SYSTEM_MESSAGES, type Conversation, type VisitorContext } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { AgentActor } from '../../shared/actor.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { findConversationViews } from './conversations.repository.ts';
import { insertMessage, toMessage } from './messages.repository.ts';
import { drainSiteQueues } from './routing/drain-queue.ts';
import { recordEvent } from '../webhooks/outbox.ts';

export const toVisitorContext = (v: VisitorRow): VisitorContext => ({
  id: v.id,
  name: v.name,
  email: v.email,
  verified: v.verified,
  externalId: v.externalId,
  blocked: v.blocked,
  attributes: v.attributes,
  currentUrl: v.currentUrl,
  pages: v.pages,
  locale: v.locale,
  timeZone: v.timeZone,
  createdAt: v.createdAt.toISOString(),
  lastSeenAt: v.lastSeenAt.toISOString(),
});

async function loadVisitorFor(db: Database, actor: AgentActor, visitorId: string): Promise<VisitorRow> {
  const [visitor] = await db.select().from(visitors).where(eq(visitors.id, visitorId));
  if (!visitor || !actor.siteIds.includes(visitor.siteId)) throw new AppError('NOT_FOUND', 'Visitor not found.');
  return visitor;
}

export async function getVisitorContext(
  db: Database,
  actor: AgentActor,
  visitorId: string,
): Promise<{ visitor: VisitorContext; conversations: Conversation[] }> {
  const visitor = await loadVisitorFor(db, actor, visitorId);
  const history = await findConversationViews(db, { visitorId, limit: LIMITS.listPage });
  return { visitor: toVisitorContext(visitor), conversations: history };
}

/** Blocking closes the visitor's open conversations; the transport disconnects their sockets. */
export async function setVisitorBlocked(
  db: Database,
  actor: AgentActor,
  visitorId: string,
  blocked: boolean,
): Promise<{ visitor: VisitorContext; effects: Effects }> {
  const effects = newEffects();
  const visitor = await loadVisitorFor(db, actor, visitorId);
  const [updated] = await db.update(visitors).set({ blocked }).where(eq(visitors.id, visitorId)).returning();
  if (blocked) {
    const open = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitorId), inArray(conversations.status, ['waiting', 'active'])));
    for (const conversation of open) {
      await db.transaction(async (tx) => {
        await tx.update(conversations).set({ status: 'closed', closedAt: sql`now()` }).where(eq(conversations.id, conversation.id));
        const message = await insertMessage(tx, conversation.id, {
          sender: 'system',
          text: SYSTEM_MESSAGES.conversationClosedByAgent,
          authorName: actor.name,
          agentId: actor.agentId,
        });
        effects.messages.push(toMessage(message));
        await recordEvent(tx, effects, { type: 'conversation.closed', siteId: conversation.siteId, conversationId: conversation.id, closedBy: 'agent' });
      });
      effects.conversations.add(conversation.id);
      if (conversation.agentId) effects.agents.add(conversation.agentId);
    }
    effects.queues.add(visitor.siteId);
    effects.blockedVisitors.add(visitorId);
    await drainSiteQueues(db, [visitor.siteId], effects);
  }
  return { visitor: toVisitorContext(updated!), effects };
}

/**
 * A visitor's data export (GDPR right of access): their row, every conversation with the messages
 * they could see, survey answers and queue refusals. Agents' internal notes are left out — they
 * are the team's working notes, never shown to the visitor — and counted per conversation, so the
 * admin knows there is more to review if a request covers them.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { agents, channels, conversations, messages, queueRefusals, sites, visitors, type Database } from '@parley/db';
import type { VisitorExport } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { toVisitorContext } from '../conversations/visitor-context.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function exportVisitor(db: Database, siteId: string, visitorId: string): Promise<VisitorExport> {
  const [row] = await db
    .select({ visitor: visitors, siteName: sites.name })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(and(eq(visitors.id, visitorId), eq(visitors.siteId, siteId)));
  if (!row) throw new AppError('NOT_FOUND', 'Visitor not found.');
  const v = row.visitor;

  const convs = await db
    .select({ c: conversations, channel: channels.name, agentName: agents.name })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(agents, eq(agents.id, conversations.agentId))
    .where(eq(conversations.visitorId, visitorId))
    .orderBy(asc(conversations.createdAt));
  const ids = convs.map((c) => c.c.id);
  const allMessages = ids.length
    ? await db.select().from(messages).where(inArray(messages.conversationId, ids)).orderBy(asc(messages.conversationId), asc(messages.seq))
    : [];
  const refusals = await db
    .select({ channel: channels.name, createdAt: queueRefusals.createdAt })
    .from(queueRefusals)
    .innerJoin(channels, eq(channels.id, queueRefusals.channelId))
    .where(eq(queueRefusals.visitorId, visitorId))
    .orderBy(asc(queueRefusals.createdAt));

  return {
    format: 'parley.visitor-export.v1',
    exportedAt: new Date().toISOString(),
    site: { id: siteId, name: row.siteName },
    visitor: toVisitorContext(v),
    conversations: convs.map(({ c, channel, agentName }) => {
      const own = allMessages.filter((m) => m.conversationId === c.id);
      const answered = c.csat !== null || c.nps !== null || c.ces !== null || c.surveyComment !== null;
      return {
        id: c.id,
        channel,
        status: c.status,
        source: c.source,
        agentName,
        createdAt: c.createdAt.toISOString(),
        assignedAt: iso(c.assignedAt),
        closedAt: iso(c.closedAt),
        survey: answered ? { csat: c.csat, nps: c.nps, ces: c.ces, comment: c.surveyComment, answeredAt: iso(c.surveyAt) } : null,
        messages: own
          .filter((m) => !m.internal)
          .map((m) => ({ seq: m.seq, sender: m.sender, authorName: m.authorName, text: m.text, createdAt: m.createdAt.toISOString() })),
        internalNotesOmitted: own.filter((m) => m.internal).length,
      };
    }),
    queueRefusals: refusals.map((r) => ({ channel: r.channel, createdAt: r.createdAt.toISOString() })),
  };
}

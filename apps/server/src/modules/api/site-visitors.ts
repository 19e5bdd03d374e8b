/** A site's visitors for the API: pages, one visitor with their conversations, attribute updates. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { visitors, type Database, type VisitorRow } from '@parley/db';
import { LIMITS, type Conversation, type VisitorContext } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { findConversationViews } from '../conversations/conversations.repository.ts';
import { toVisitorContext } from '../conversations/visitor-context.ts';
import { decodeCursor, pageOf } from './api-cursor.ts';

export async function listSiteVisitors(
  db: Database,
  siteId: string,
  query: { email?: string; userId?: string; cursor?: string; limit: number },
): Promise<{ visitors: VisitorContext[]; nextCursor: string | null }> {
  const before = decodeCursor(query.cursor);
  const rows = await db
    .select({ v: visitors, key: sql<string>`to_char(${visitors.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(visitors)
    .where(
      and(
        eq(visitors.siteId, siteId),
        query.email ? eq(visitors.email, query.email) : undefined,
        query.userId ? eq(visitors.externalId, query.userId) : undefined,
        before ? sql`(${visitors.createdAt}, ${visitors.id}) < (${before.createdAt}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(visitors.createdAt), desc(visitors.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ createdAt: r.key, id: r.v.id }));
  return { visitors: page.items.map((r) => toVisitorContext(r.v)), nextCursor: page.nextCursor };
}

async function loadSiteVisitor(db: Database, siteId: string, visitorId: string): Promise<VisitorRow> {
  const [visitor] = await db.select().from(visitors).where(and(eq(visitors.id, visitorId), eq(visitors.siteId, siteId)));
  if (!visitor) throw new AppError('NOT_FOUND', 'Visitor not found.');
  return visitor;
}

export async function getSiteVisitor(
  db: Database,
  siteId: string,
  visitorId: string,
): Promise<{ visitor: VisitorContext; conversations: Conversation[] }> {
  const visitor = await loadSiteVisitor(db, siteId, visitorId);
  return { visitor: toVisitorContext(visitor), conversations: await findConversationViews(db, { visitorId, limit: LIMITS.listPage }) };
}

export interface VisitorUpdate {
  name?: string;
  email?: string;
  /** Merged; null removes the attribute. */
  attributes?: Record<string, string | number | boolean | null>;
}

/**
 * The site's own backend speaks for its users, so its name and email replace the visitor's
 * (unlike unsigned widget claims). Attributes are merged in one statement, so concurrent updates
 * of different attributes do not lose each other.
 */
export async function updateSiteVisitor(db: Database, siteId: string, visitorId: string, update: VisitorUpdate): Promise<VisitorContext> {
  const current = await loadSiteVisitor(db, siteId, visitorId);
  if (update.name === undefined && update.email === undefined && !update.attributes) return toVisitorContext(current);
  const entries = Object.entries(update.attributes ?? {});
  const set = Object.fromEntries(entries.filter(([, v]) => v !== null));
  let attributes = sql`(${visitors.attributes} || ${JSON.stringify(set)}::jsonb)`;
  for (const [key, value] of entries) if (value === null) attributes = sql`(${attributes} - ${key}::text)`;
  const [updated] = await db
    .update(visitors)
    .set({
      ...(update.name !== undefined ? { name: update.name } : {}),
      ...(update.email !== undefined ? { email: update.email } : {}),
      ...(entries.length ? { attributes } : {}),
    })
    .where(and(eq(visitors.id, visitorId), eq(visitors.siteId, siteId)))
    .returning();
  if (!updated) throw new AppError('NOT_FOUND', 'Visitor not found.');
  return toVisitorContext(updated);
}

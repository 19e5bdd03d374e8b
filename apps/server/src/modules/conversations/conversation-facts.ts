/**
 * What never changes about a conversation — its site and its visitor — cached per database handle,
 * so the hot paths (a message sent, a message announced) need no query to check access or to
 * find the visitor's room. Bounded: the oldest entries go first.
 */
import { eq } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';

export interface ConversationFacts {
  id: string;
  siteId: string;
  visitorId: string;
}

const MAX_ENTRIES = 50_000;
const caches = new WeakMap<Database, Map<string, ConversationFacts>>();

function cacheOf(db: Database): Map<string, ConversationFacts> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/** Adds an entry, dropping the oldest when full. */
export function rememberConversation(db: Database, facts: ConversationFacts): void {
  const cache = cacheOf(db);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(facts.id, { id: facts.id, siteId: facts.siteId, visitorId: facts.visitorId });
}

/** The conversation's facts, or undefined when it does not exist. */
export async function conversationFacts(db: Database, id: string): Promise<ConversationFacts | undefined> {
  const cached = cacheOf(db).get(id);
  if (cached) return cached;
  const [row] = await db
    .select({ id: conversations.id, siteId: conversations.siteId, visitorId: conversations.visitorId })
    .from(conversations)
    .where(eq(conversations.id, id))
    .limit(1);
  if (row) rememberConversation(db, row);
  return row;
}

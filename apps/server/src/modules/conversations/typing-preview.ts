import { eq } from 'drizzle-orm';
import { sites, type Database } from '@parley/db';
import type { VisitorActor } from '../../shared/actor.ts';
import { AppError } from '../../errors.ts';
import { conversationFacts } from './conversation-facts.ts';
import { canAccess } from './load-conversation.ts';

/**
 * What agents may see of a visitor typing: only in the visitor's own conversation, and the draft
 * itself (the "sneak peek") only while typing and unless the site turned it off.
 */
export async function visitorTyping(
  db: Database,
  actor: VisitorActor,
  input: { conversationId: string; typing: boolean; preview?: string },
): Promise<{ conversation: { id: string; visitorId: string }; preview: string | null }> {
  const [conversation, [site]] = await Promise.all([
    conversationFacts(db, input.conversationId),
    db.select({ widget: sites.widget }).from(sites).where(eq(sites.id, actor.siteId)),
  ]);
  if (!conversation || !canAccess(actor, conversation)) throw new AppError('NOT_FOUND', 'Conversation not found.');
  const allowed = site?.widget.typingPreview !== false;
  return { conversation, preview: allowed && input.typing ? (input.preview ?? null) : null };
}

/**
 * A visitor session for a site key: reuses the visitor of a still-valid token for the same site,
 * otherwise creates a new anonymous visitor.
 */
import { eq } from 'drizzle-orm';
import { visitors, type Database } from '@parley/db';
import type { PublicSite, Visitor } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { assertOriginAllowed } from './check-origin.ts';
import { findChannels, findOnlineChannelIds, findSiteByKey, toPublicSite } from './sites.repository.ts';

export interface StartVisitorSessionInput {
  siteKey: string;
  origin: string | undefined;
  ownOrigin: string | undefined;
  /** Claims of the token the browser presented, when it verified. */
  previous?: { visitorId: string; siteId: string };
}

export async function startVisitorSession(
  db: Database,
  input: StartVisitorSessionInput,
): Promise<{ site: PublicSite; visitor: Visitor }> {
  const site = await findSiteByKey(db, input.siteKey);
  if (!site) throw new AppError('NOT_FOUND', 'Unknown site key.');
  assertOriginAllowed(site, input.origin, input.ownOrigin);

  let visitor = undefined as typeof visitors.$inferSelect | undefined;
  if (input.previous?.siteId === site.id) {
    [visitor] = await db
      .update(visitors)
      .set({ lastSeenAt: new Date() })
      .where(eq(visitors.id, input.previous.visitorId))
      .returning();
  }
  if (visitor?.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
  if (!visitor) [visitor] = await db.insert(visitors).values({ siteId: site.id }).returning();
  if (!visitor) throw new AppError('INTERNAL');

  const [channels, online] = await Promise.all([findChannels(db, [site.id]), findOnlineChannelIds(db, [site.id])]);
  return {
    site: toPublicSite(site, channels, online),
    visitor: { id: visitor.id, name: visitor.name, email: visitor.email },
  };
}

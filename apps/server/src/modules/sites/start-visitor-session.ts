/**
 * A visitor session for a site key: reuses the visitor of a still-valid token for the same site,
 * otherwise creates a new anonymous visitor; records where the visitor is for the agents.
 */
import { eq, sql } from 'drizzle-orm';
import { visitors, type Database, type VisitorRow } from '@parley/db';
import type { PublicSite, Visitor, VisitorPage } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { assertOriginAllowed } from './check-origin.ts';
import { findChannels, findOnlineChannelIds, findSiteByKey, toPublicSite } from './sites.repository.ts';
import { toVisitor } from './visitor-view.ts';

/** Pages kept per visitor for the agent's context. */
const PAGES_KEPT = 30;

export interface StartVisitorSessionInput {
  siteKey: string;
  origin: string | undefined;
  ownOrigin: string | undefined;
  /** Claims of the token the browser presented, when it verified. */
  previous?: { visitorId: string; siteId: string };
  page?: VisitorPage;
  locale?: string;
  timeZone?: string;
}

export async function startVisitorSession(
  db: Database,
  input: StartVisitorSessionInput,
): Promise<{ site: PublicSite; visitor: Visitor }> {
  const site = await findSiteByKey(db, input.siteKey);
  if (!site) throw new AppError('NOT_FOUND', 'Unknown site key.');
  assertOriginAllowed(site, input.origin, input.ownOrigin);

  const seen = {
    lastSeenAt: new Date(),
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    ...(input.page
      ? {
          currentUrl: input.page.url,
          // Append and keep the newest few; jsonb arithmetic keeps it one statement.
          pages: sql`(select coalesce(jsonb_agg(p order by n), '[]'::jsonb) from (select p, n from jsonb_array_elements(${visitors.pages} || ${JSON.stringify([{ ...input.page, at: new Date().toISOString() }])}::jsonb) with ordinality as t(p, n) order by n desc limit ${PAGES_KEPT}) newest)`,
        }
      : {}),
  };
  let visitor: VisitorRow | undefined;
  if (input.previous?.siteId === site.id) {
    [visitor] = await db.update(visitors).set(seen).where(eq(visitors.id, input.previous.visitorId)).returning();
  }
  if (visitor?.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
  if (!visitor) {
    [visitor] = await db.insert(visitors).values({ siteId: site.id }).returning();
    [visitor] = await db.update(visitors).set(seen).where(eq(visitors.id, visitor!.id)).returning();
  }

  const [channels, online] = await Promise.all([findChannels(db, [site.id]), findOnlineChannelIds(db, [site.id])]);
  return { site: toPublicSite(site, channels, online), visitor: toVisitor(visitor!) };
}

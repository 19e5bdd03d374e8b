/** Turns presented tokens into actors. Used by HTTP routes and the socket middlewares alike. */
import { eq, inArray } from 'drizzle-orm';
import { sites, visitors, type AgentRow, type Database, type SiteRow, type VisitorRow } from '@parley/db';
import { AppError } from '../../errors.ts';
import { batcherPerHandle } from '../../shared/batcher.ts';
import type { AgentActor, VisitorActor } from '../../shared/actor.ts';
import { assertOriginAllowed, findAgentSiteIds } from '../sites/index.ts';
import { loadAgent } from './agent-session.ts';
import type { TokenService } from './tokens.ts';

export async function authenticateAgent(
  db: Database,
  tokens: TokenService,
  token: unknown,
): Promise<{ agent: AgentRow; actor: AgentActor }> {
  if (typeof token !== 'string' || !token) throw new AppError('UNAUTHORIZED');
  const claims = tokens.verifyAgent(token);
  const agent = await loadAgent(db, claims.agentId, claims.version);
  const siteIds = await findAgentSiteIds(db, agent.id);
  return { agent, actor: { kind: 'agent', agentId: agent.id, name: agent.name, siteIds } };
}

export async function authenticateVisitor(
  db: Database,
  tokens: TokenService,
  token: unknown,
  origin: string | undefined,
  ownOrigin: string | undefined,
): Promise<VisitorActor> {
  if (typeof token !== 'string' || !token) throw new AppError('UNAUTHORIZED');
  const claims = tokens.verifyVisitor(token);
  const row = await visitorLookups(db).submit(claims.visitorId);
  if (!row || row.visitor.siteId !== claims.siteId) throw new AppError('UNAUTHORIZED');
  const { visitor, site } = row;
  if (visitor.blocked) throw new AppError('FORBIDDEN', 'This visitor is blocked.');
  assertOriginAllowed(site, origin, ownOrigin);
  return { kind: 'visitor', visitorId: visitor.id, siteId: visitor.siteId };
}

type VisitorAccess = { visitor: Pick<VisitorRow, 'id' | 'siteId' | 'blocked'>; site: SiteRow } | undefined;

/** Large enough for a reconnect storm's burst, small enough for one modest IN list. */
const MAX_LOOKUPS = 500;

/**
 * The visitor's row and its site's, in one query — batched: every widget connection asks, and
 * thousands connect at once after a restart (or a deploy), so the lookups that arrive while one
 * query runs share the next.
 */
const visitorLookups = batcherPerHandle(async (db: Database, ids: string[]): Promise<VisitorAccess[]> => {
  const rows = await db
    .select({ visitor: { id: visitors.id, siteId: visitors.siteId, blocked: visitors.blocked }, site: sites })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(inArray(visitors.id, [...new Set(ids)]));
  const byId = new Map(rows.map((r) => [r.visitor.id, r]));
  return ids.map((id) => byId.get(id));
}, MAX_LOOKUPS);

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

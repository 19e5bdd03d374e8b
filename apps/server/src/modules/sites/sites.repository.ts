/** Queries for sites, their channels, and which sites an agent belongs to. */
import { asc, eq, inArray } from 'drizzle-orm';
import { channels, siteAgents, sites, type ChannelRow, type Executor, type SiteRow } from '@parley/db';
import type { AgentSite, PublicSite } from '@parley/protocol';

export async function findSiteByKey(db: Executor, siteKey: string): Promise<SiteRow | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.siteKey, siteKey)).limit(1);
  return site;
}

export async function findSiteById(db: Executor, siteId: string): Promise<SiteRow | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId)).limit(1);
  return site;
}

export function findChannels(db: Executor, siteIds: string[]): Promise<ChannelRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(channels)
    .where(inArray(channels.siteId, siteIds))
    .orderBy(asc(channels.position), asc(channels.name));
}

/** Ids of the sites an agent is a member of: the boundary of everything the agent may see. */
export async function findAgentSiteIds(db: Executor, agentId: string): Promise<string[]> {
  const rows = await db.select({ siteId: siteAgents.siteId }).from(siteAgents).where(eq(siteAgents.agentId, agentId));
  return rows.map((r) => r.siteId);
}

export async function findAgentSites(db: Executor, agentId: string): Promise<AgentSite[]> {
  const rows = await db
    .select({ site: sites })
    .from(siteAgents)
    .innerJoin(sites, eq(sites.id, siteAgents.siteId))
    .where(eq(siteAgents.agentId, agentId))
    .orderBy(asc(sites.name));
  const allChannels = await findChannels(db, rows.map((r) => r.site.id));
  return rows.map(({ site }) => ({
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    channels: allChannels.filter((c) => c.siteId === site.id).map(toChannel),
  }));
}

export const toChannel = (c: ChannelRow) => ({ id: c.id, name: c.name });

export function toPublicSite(site: SiteRow, siteChannels: ChannelRow[]): PublicSite {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    channels: siteChannels.map(toChannel),
    widget: site.widget,
  };
}

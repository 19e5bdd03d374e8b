/** Queries for sites, their channels, and which sites an agent belongs to. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { agents, channelAgents, channels, siteAgents, sites, type ChannelRow, type Executor, type SiteRow } from '@parley/db';
import type { AgentSite, Channel, PublicSite } from '@parley/protocol';
import { toWidgetSettings } from './visitor-view.ts';

export async function findSiteByKey(db: Executor, siteKey: string): Promise<SiteRow | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.siteKey, siteKey)).limit(1);
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
  const siteIds = rows.map((r) => r.site.id);
  const [allChannels, online] = await Promise.all([findChannels(db, siteIds), findOnlineChannelIds(db, siteIds)]);
  return rows.map(({ site }) => ({
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    channels: allChannels.filter((c) => c.siteId === site.id).map((c) => toChannel(c, online)),
  }));
}

export const toChannel = (c: ChannelRow, online: Set<string>): Channel => ({ id: c.id, name: c.name, online: online.has(c.id) });

export function toPublicSite(site: SiteRow, siteChannels: ChannelRow[], online: Set<string>): PublicSite {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    channels: siteChannels.map((c) => toChannel(c, online)),
    widget: toWidgetSettings(site.widget),
  };
}

/** Channel ids (of these sites) with at least one online agent. */
export async function findOnlineChannelIds(db: Executor, siteIds: string[]): Promise<Set<string>> {
  if (siteIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: channelAgents.channelId })
    .from(channelAgents)
    .innerJoin(agents, eq(agents.id, channelAgents.agentId))
    .innerJoin(channels, eq(channels.id, channelAgents.channelId))
    .where(and(inArray(channels.siteId, siteIds), eq(agents.status, 'online'), eq(agents.active, true)));
  return new Set(rows.map((r) => r.id));
}

/** The public configuration of a site (what the widget may know before any visitor exists). */
export async function findPublicSite(db: Executor, siteKey: string): Promise<PublicSite | undefined> {
  const site = await findSiteByKey(db, siteKey);
  if (!site) return undefined;
  const [siteChannels, online] = await Promise.all([findChannels(db, [site.id]), findOnlineChannelIds(db, [site.id])]);
  return toPublicSite(site, siteChannels, online);
}

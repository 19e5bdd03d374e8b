/** The site, its channels with their queues, and its agents with status and load, for the API. */
import { asc, eq } from 'drizzle-orm';
import { channels, sites, type Database } from '@parley/db';
import type { AgentState, ApiChannel, ApiSite } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { ApiActor } from '../../shared/actor.ts';
import { getAgentStates, getSiteQueue } from '../conversations/routing/queue-info.ts';

export async function describeSite(db: Database, actor: ApiActor): Promise<ApiSite> {
  const [site] = await db.select().from(sites).where(eq(sites.id, actor.siteId));
  if (!site) throw new AppError('NOT_FOUND', 'Site not found.');
  return { id: site.id, name: site.name, siteKey: site.siteKey, token: { id: actor.tokenId, name: actor.tokenName, scopes: actor.scopes } };
}

export async function listSiteChannels(db: Database, siteId: string): Promise<ApiChannel[]> {
  const [rows, queue] = await Promise.all([
    db.select().from(channels).where(eq(channels.siteId, siteId)).orderBy(asc(channels.position), asc(channels.name)),
    getSiteQueue(db, siteId),
  ]);
  const counts = new Map(queue?.channels.map((c) => [c.channelId, c]));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    routingMode: c.routingMode,
    maxWaiting: c.maxWaiting,
    overflowChannelId: c.overflowChannelId,
    waiting: counts.get(c.id)?.waiting ?? 0,
    agentsOnline: counts.get(c.id)?.agentsOnline ?? 0,
  }));
}

export async function getSiteChannel(db: Database, siteId: string, channelId: string): Promise<ApiChannel> {
  const channel = (await listSiteChannels(db, siteId)).find((c) => c.id === channelId);
  if (!channel) throw new AppError('NOT_FOUND', 'Channel not found.');
  return channel;
}

export const listSiteAgents = (db: Database, siteId: string): Promise<AgentState[]> => getAgentStates(db, { siteId });

export async function getSiteAgent(db: Database, siteId: string, agentId: string): Promise<AgentState> {
  const agent = (await getAgentStates(db, { siteId, agentIds: [agentId] }))[0];
  if (!agent) throw new AppError('NOT_FOUND', 'Agent not found.');
  return agent;
}

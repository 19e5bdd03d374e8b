/** Read models of routing: queues against caps, places in line with estimated waits, agent loads. */
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { agents, channelAgents, channels, conversations, siteAgents, sites, type Database } from '@parley/db';
import type { AgentState, QueuePosition, SiteQueue } from '@parley/protocol';

/** Handle time assumed for a channel without history yet. */
const DEFAULT_HANDLE_SECONDS = 300;
/** How many recent conversations the average handle time looks at. */
const HANDLE_SAMPLE = 20;

const inLine = sql`coalesce(${conversations.queuedAt}, ${conversations.createdAt})`;

export async function getSiteQueue(db: Database, siteId: string): Promise<SiteQueue | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) return undefined;
  const [siteChannels, waiting, online] = await Promise.all([
    db.select().from(channels).where(eq(channels.siteId, siteId)).orderBy(asc(channels.position), asc(channels.name)),
    db
      .select({ channelId: conversations.channelId, n: count() })
      .from(conversations)
      .where(and(eq(conversations.siteId, siteId), eq(conversations.status, 'waiting')))
      .groupBy(conversations.channelId),
    db
      .select({ channelId: channelAgents.channelId, n: count() })
      .from(channelAgents)
      .innerJoin(agents, eq(agents.id, channelAgents.agentId))
      .innerJoin(channels, eq(channels.id, channelAgents.channelId))
      .where(and(eq(channels.siteId, siteId), eq(agents.status, 'online'), eq(agents.active, true)))
      .groupBy(channelAgents.channelId),
  ]);
  const waitingBy = new Map(waiting.map((w) => [w.channelId, w.n]));
  const onlineBy = new Map(online.map((o) => [o.channelId, o.n]));
  return {
    siteId,
    waiting: waiting.reduce((sum, w) => sum + w.n, 0),
    maxWaitingTotal: site.maxWaitingTotal,
    channels: siteChannels.map((c) => ({
      channelId: c.id,
      name: c.name,
      routingMode: c.routingMode,
      waiting: waitingBy.get(c.id) ?? 0,
      maxWaiting: c.maxWaiting,
      agentsOnline: onlineBy.get(c.id) ?? 0,
    })),
  };
}

/**
 * Every waiting conversation of a site with its place in its channel's line and an estimate:
 * position × recent average handle time ÷ the channel's online capacity (null when nobody is online).
 */
export async function getQueuePositions(db: Database, siteId: string): Promise<{ visitorId: string; position: QueuePosition }[]> {
  const waiting = await db
    .select({ id: conversations.id, visitorId: conversations.visitorId, channelId: conversations.channelId })
    .from(conversations)
    .where(and(eq(conversations.siteId, siteId), eq(conversations.status, 'waiting')))
    .orderBy(asc(inLine), asc(conversations.createdAt));
  if (waiting.length === 0) return [];
  const channelIds = [...new Set(waiting.map((w) => w.channelId))];
  const [capacity, handle] = await Promise.all([
    db
      .select({ channelId: channelAgents.channelId, slots: sql<number>`sum(${agents.maxChats})::int` })
      .from(channelAgents)
      .innerJoin(agents, eq(agents.id, channelAgents.agentId))
      .where(and(inArray(channelAgents.channelId, channelIds), eq(agents.status, 'online'), eq(agents.active, true)))
      .groupBy(channelAgents.channelId),
    Promise.all(channelIds.map(async (channelId) => [channelId, await averageHandleSeconds(db, channelId)] as const)),
  ]);
  const slotsBy = new Map(capacity.map((c) => [c.channelId, c.slots]));
  const handleBy = new Map(handle);
  const seen = new Map<string, number>();
  return waiting.map((w) => {
    const position = (seen.get(w.channelId) ?? 0) + 1;
    seen.set(w.channelId, position);
    const slots = slotsBy.get(w.channelId) ?? 0;
    const estimatedWaitSeconds = slots > 0 ? Math.ceil((position * (handleBy.get(w.channelId) ?? DEFAULT_HANDLE_SECONDS)) / slots) : null;
    return { visitorId: w.visitorId, position: { conversationId: w.id, position, estimatedWaitSeconds } };
  });
}

async function averageHandleSeconds(db: Database, channelId: string): Promise<number> {
  const recent = db
    .select({ seconds: sql<number>`extract(epoch from ${conversations.closedAt} - ${conversations.assignedAt})`.as('seconds') })
    .from(conversations)
    .where(and(eq(conversations.channelId, channelId), eq(conversations.status, 'closed'), isNotNull(conversations.assignedAt)))
    .orderBy(desc(conversations.closedAt))
    .limit(HANDLE_SAMPLE)
    .as('recent');
  const [row] = await db.select({ avg: sql<number | null>`avg(${recent.seconds})::float` }).from(recent);
  return row?.avg ?? DEFAULT_HANDLE_SECONDS;
}

/** Agents' status and load; by ids, or all agents of a site. */
export async function getAgentStates(db: Database, filter: { agentIds?: string[]; siteId?: string }): Promise<AgentState[]> {
  const rows = await db
    .select({
      agent: agents,
      channelIds: sql<string[]>`coalesce((select array_agg(ca.channel_id::text) from ${channelAgents} ca where ca.agent_id = "agents"."id"), '{}')`,
    })
    .from(agents)
    .where(
      and(
        filter.agentIds ? inArray(agents.id, filter.agentIds) : undefined,
        filter.siteId
          ? sql`exists (select 1 from ${siteAgents} sa where sa.agent_id = "agents"."id" and sa.site_id = ${filter.siteId})`
          : undefined,
        eq(agents.active, true),
      ),
    )
    .orderBy(asc(agents.name));
  return rows.map((r) => ({
    agentId: r.agent.id,
    name: r.agent.name,
    status: r.agent.status,
    activeChats: r.agent.activeChats,
    maxChats: r.agent.maxChats,
    channelIds: r.channelIds,
  }));
}

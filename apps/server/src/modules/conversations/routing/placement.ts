/**
 * Where a new conversation goes (routing rules 1 and 2 of shared/DESIGN.md), decided in memory
 * from a snapshot read under the site lock: to the least-busy online agent of an `auto` channel
 * (ties to the one longest without an assignment), else its queue if under the channel's
 * `maxWaiting` and the site's `maxWaitingTotal`, else the same for the overflow channel; otherwise
 * nowhere (QUEUE_FULL). `place` updates the snapshot, so the next decision of the same batch sees
 * this one.
 */
import type { AgentRow, ChannelRow, SiteRow } from '@parley/db';

/** What placement reads of each row (the batch reads no more than this). */
export type PlacedSite = Pick<SiteRow, 'id' | 'maxWaitingTotal'>;
export type PlacedChannel = Pick<ChannelRow, 'id' | 'siteId' | 'name' | 'routingMode' | 'maxWaiting' | 'overflowChannelId'>;
export type PlacedAgent = Pick<AgentRow, 'id' | 'name' | 'maxChats'>;

export interface RoutingSnapshot {
  channels: Map<string, PlacedChannel>;
  /** Waiting conversations per channel id. */
  waitingByChannel: Map<string, number>;
  /** Waiting conversations per site id. */
  waitingBySite: Map<string, number>;
  /** Online, active agents per channel id (locked by the caller). */
  agentsByChannel: Map<string, PlacedAgent[]>;
  /** Active conversations per agent id, all sites. */
  load: Map<string, number>;
  /** When each agent was last assigned (ms; absent: never). */
  lastAssigned: Map<string, number>;
  /** Assignments made in this batch so far: they count as later than any stored time. */
  assignedInBatch: number;
}

const IN_BATCH = 8.64e15; // the largest Date value in ms: after every stored assignment time

export type Placement = { channel: PlacedChannel; agent: PlacedAgent | undefined } | undefined;

export function place(snapshot: RoutingSnapshot, site: PlacedSite, requested: PlacedChannel): Placement {
  const candidates = [requested];
  const overflow = requested.overflowChannelId ? snapshot.channels.get(requested.overflowChannelId) : undefined;
  if (overflow && overflow.id !== requested.id && overflow.siteId === site.id) candidates.push(overflow);
  for (const channel of candidates) {
    if (channel.routingMode === 'auto') {
      const agent = leastBusy(snapshot, channel.id);
      if (agent) {
        snapshot.load.set(agent.id, (snapshot.load.get(agent.id) ?? 0) + 1);
        snapshot.lastAssigned.set(agent.id, IN_BATCH + ++snapshot.assignedInBatch);
        return { channel, agent };
      }
    }
    const channelWaiting = snapshot.waitingByChannel.get(channel.id) ?? 0;
    const siteWaiting = snapshot.waitingBySite.get(site.id) ?? 0;
    if (channelWaiting < channel.maxWaiting && siteWaiting < site.maxWaitingTotal) {
      snapshot.waitingByChannel.set(channel.id, channelWaiting + 1);
      snapshot.waitingBySite.set(site.id, siteWaiting + 1);
      return { channel, agent: undefined };
    }
  }
  return undefined;
}

function leastBusy(snapshot: RoutingSnapshot, channelId: string): PlacedAgent | undefined {
  let best: PlacedAgent | undefined;
  for (const agent of snapshot.agentsByChannel.get(channelId) ?? []) {
    if ((snapshot.load.get(agent.id) ?? 0) >= agent.maxChats) continue;
    if (!best || compare(snapshot, agent, best) < 0) best = agent;
  }
  return best;
}

/** Fewer active chats first, then the longest since an assignment (never first), then id. */
function compare(snapshot: RoutingSnapshot, a: PlacedAgent, b: PlacedAgent): number {
  const byLoad = (snapshot.load.get(a.id) ?? 0) - (snapshot.load.get(b.id) ?? 0);
  if (byLoad) return byLoad;
  const byIdle = (snapshot.lastAssigned.get(a.id) ?? -1) - (snapshot.lastAssigned.get(b.id) ?? -1);
  if (byIdle) return byIdle;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

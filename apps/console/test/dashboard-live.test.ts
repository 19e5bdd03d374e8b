import { describe, expect, it } from 'vitest';
import type { AgentState, SiteQueue } from '@parley/protocol';
import { applyAgentState, applyQueue, summarizeNow } from '../src/dashboard/live.ts';

const queue = (siteId: string, waiting: number): SiteQueue => ({
  siteId,
  waiting,
  maxWaitingTotal: 15,
  channels: [
    { channelId: 'sales', name: 'Sales', routingMode: 'auto', waiting, maxWaiting: 2, agentsOnline: 1 },
    { channelId: 'support', name: 'Support', routingMode: 'manual', waiting: 0, maxWaiting: 2, agentsOnline: 0 },
  ],
});

const agent = (agentId: string, status: AgentState['status'], activeChats: number): AgentState => ({
  agentId,
  name: agentId,
  status,
  activeChats,
  maxChats: 3,
  channelIds: [],
});

describe('applyQueue', () => {
  it('replaces the site that changed and adds a new one', () => {
    const queues = [queue('s1', 0), queue('s2', 1)];
    expect(applyQueue(queues, queue('s1', 2)).map((q) => [q.siteId, q.waiting])).toEqual([
      ['s1', 2],
      ['s2', 1],
    ]);
    expect(applyQueue(queues, queue('s3', 0))).toHaveLength(3);
  });
});

describe('applyAgentState', () => {
  it('updates the agent in every site list that has them', () => {
    const lists = { s1: [agent('a', 'online', 0), agent('b', 'away', 1)], s2: [agent('a', 'online', 0)] };
    const result = applyAgentState(lists, agent('a', 'offline', 2));
    expect(result.known).toBe(true);
    expect(result.agents.s1![0]).toMatchObject({ status: 'offline', activeChats: 2 });
    expect(result.agents.s2![0]).toMatchObject({ status: 'offline' });
    expect(result.agents.s1![1]).toBe(lists.s1[1]);
  });

  it('says when nobody has the agent yet', () => {
    expect(applyAgentState({ s1: [agent('a', 'online', 0)] }, agent('new', 'online', 0)).known).toBe(false);
  });
});

describe('summarizeNow', () => {
  it('counts agents online and active chats, and marks full queues', () => {
    const now = summarizeNow(queue('s1', 2), [agent('a', 'online', 2), agent('b', 'away', 1), agent('c', 'offline', 0)])!;
    expect(now).toMatchObject({ agentsOnline: 1, agentsTotal: 3, activeChats: 3, waiting: 2, maxWaitingTotal: 15, siteFull: false });
    expect(now.channels.map((c) => [c.channelId, c.full])).toEqual([
      ['sales', true],
      ['support', false],
    ]);
  });

  it('waits for the queues', () => {
    expect(summarizeNow(undefined, [])).toBeNull();
    expect(summarizeNow(queue('s1', 0), undefined)).toMatchObject({ agentsOnline: 0, agentsTotal: 0 });
  });
});

/**
 * The dashboard's live "now" figures. The inbox's socket lives inside its own hook, so the
 * dashboard opens a socket of its own while it is shown: `queue:overview` and `agent:list` (each
 * site) on every (re)connect, then `queue:updated` and `agents:state` as they come. The state
 * changes are pure functions, unit-tested.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { io } from 'socket.io-client';
import { EVENTS, NAMESPACES, type AgentState, type SiteQueue } from '@parley/protocol';
import { isUnauthorizedConnectError, request, type AgentSocket } from '../socket.ts';

export interface LiveState {
  status: 'connecting' | 'live' | 'unavailable';
  queues: SiteQueue[];
  /** Agents per site id, as `agent:list` returned them and `agents:state` updates them. */
  agents: Record<string, AgentState[]>;
}

export const INITIAL_LIVE: LiveState = { status: 'connecting', queues: [], agents: {} };

/** A site's queues replaced by a `queue:updated` (or added when new). */
export function applyQueue(queues: readonly SiteQueue[], queue: SiteQueue): SiteQueue[] {
  return queues.some((q) => q.siteId === queue.siteId) ? queues.map((q) => (q.siteId === queue.siteId ? queue : q)) : [...queues, queue];
}

/**
 * An `agent:state` applied to every site list that has the agent; `known` is false when no list
 * has them (an agent added meanwhile, whose lists the caller then fetches again).
 */
export function applyAgentState(
  agents: Readonly<Record<string, AgentState[]>>,
  state: AgentState,
): { agents: Record<string, AgentState[]>; known: boolean } {
  let known = false;
  const next: Record<string, AgentState[]> = {};
  for (const [siteId, list] of Object.entries(agents)) {
    next[siteId] = list.map((agent) => {
      if (agent.agentId !== state.agentId) return agent;
      known = true;
      return state;
    });
  }
  return { agents: next, known };
}

export interface NowSummary {
  agentsOnline: number;
  agentsTotal: number;
  activeChats: number;
  waiting: number;
  maxWaitingTotal: number;
  siteFull: boolean;
  channels: { channelId: string; name: string; waiting: number; maxWaiting: number; full: boolean; agentsOnline: number }[];
}

/** The strip's figures for one site; null until its queues are known. */
export function summarizeNow(queue: SiteQueue | undefined, agents: readonly AgentState[] | undefined): NowSummary | null {
  if (!queue) return null;
  const list = agents ?? [];
  return {
    agentsOnline: list.filter((a) => a.status === 'online').length,
    agentsTotal: list.length,
    activeChats: list.reduce((sum, a) => sum + a.activeChats, 0),
    waiting: queue.waiting,
    maxWaitingTotal: queue.maxWaitingTotal,
    siteFull: queue.waiting >= queue.maxWaitingTotal,
    channels: queue.channels.map((c) => ({
      channelId: c.channelId,
      name: c.name,
      waiting: c.waiting,
      maxWaiting: c.maxWaiting,
      full: c.waiting >= c.maxWaiting,
      agentsOnline: c.agentsOnline,
    })),
  };
}

/**
 * Live queues and agents of `siteIds` while mounted. The socket is closed on unmount; a refused
 * token signs the agent out (`onUnauthorized`).
 */
export function useLiveNow(token: string, siteIds: readonly string[], onUnauthorized: () => void): LiveState {
  const [state, setState] = useState<LiveState>(INITIAL_LIVE);
  const expire = useRef(onUnauthorized);
  expire.current = onUnauthorized;
  const sitesKey = siteIds.join(',');

  useEffect(() => {
    const sites = sitesKey ? sitesKey.split(',') : [];
    // forceNew: never share (or take over) the inbox's connection through socket.io's cache.
    // `observe` asks the server not to count this connection as the agent coming online. The
    // server does not read it yet: today any agent connection sets an agent who chose Offline
    // back online, this one included.
    const socket: AgentSocket = io(NAMESPACES.agent, {
      auth: { token, observe: true },
      transports: ['websocket', 'polling'],
      forceNew: true,
    });
    let alive = true;
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    /** Agents some list has, so an `agent:state` of anyone else fetches the lists again. */
    const knownIds = new Set<string>();

    async function loadAgents() {
      const lists = await Promise.all(sites.map((siteId) => request(socket, EVENTS.agentList, { siteId })));
      if (!alive) return;
      for (const result of lists) if (result.ok) for (const agent of result.data.agents) knownIds.add(agent.agentId);
      setState((s) => {
        const agents = { ...s.agents };
        lists.forEach((result, i) => {
          if (result.ok) agents[sites[i]!] = result.data.agents;
        });
        return { ...s, agents };
      });
    }

    async function load() {
      const overview = await request(socket, EVENTS.queueOverview, {});
      if (!alive) return;
      if (overview.ok) setState((s) => ({ ...s, status: 'live', queues: overview.data.sites }));
      else setState((s) => ({ ...s, status: 'unavailable' }));
      await loadAgents();
    }

    socket.on('connect', () => void load());
    socket.on('connect_error', (err) => {
      if (isUnauthorizedConnectError(err as Error & { data?: unknown })) {
        expire.current();
        return;
      }
      setState((s) => ({ ...s, status: 'unavailable' }));
    });
    socket.on('disconnect', () => setState((s) => ({ ...s, status: 'connecting' })));
    socket.on(EVENTS.queueUpdated, (queue) => setState((s) => ({ ...s, queues: applyQueue(s.queues, queue) })));
    const onStates = (list: AgentState[]) => {
      setState((s) => ({ ...s, agents: list.reduce((agents, agent) => applyAgentState(agents, agent).agents, s.agents) }));
      if (list.some((agent) => !knownIds.has(agent.agentId)) && refetchTimer === undefined) {
        refetchTimer = setTimeout(() => {
          refetchTimer = undefined;
          void loadAgents();
        }, 500);
      }
    };
    socket.on(EVENTS.agentState, (agent) => onStates([agent]));
    socket.on(EVENTS.agentsState, onStates);

    return () => {
      alive = false;
      clearTimeout(refetchTimer);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, sitesKey]);

  return state;
}

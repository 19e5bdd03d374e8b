/**
 * The one place that decides which rooms hear what, after a domain operation committed. It loads
 * fresh views for what the effects name and emits through rooms (and so through the adapter to
 * every node). Typing indicators pass through here too, never stored.
 */
import { inArray } from 'drizzle-orm';
import { siteAgents, type Database } from '@parley/db';
import { EVENTS, ROOMS, type AgentState, type Channel, type Conversation } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Effects } from '../../shared/effects.ts';
import type { Realtime } from '../../socket/types.ts';
import { conversationFacts } from './conversation-facts.ts';
import { findConversationView, forVisitor } from './conversations.repository.ts';
import { getAgentStates, getQueuePositions, getSiteQueue } from './routing/queue-info.ts';
import { findChannels, findOnlineChannelIds, toChannel } from '../sites/index.ts';
import { createActivityBatcher } from './activity-batcher.ts';
import { createCoalescer } from '../../shared/coalesce.ts';

/**
 * How often, at most, a site's agents get the batch of new assigned chats and message changes:
 * every 250 ms, stretched for a busy site to about 400 entries a second per agent (see
 * activity-batcher.ts), at the longest once a second.
 */
const ACTIVITY = { intervalMs: 250, maxIntervalMs: 1000, msPerEntry: 2.5 };
const AVAILABILITY_CACHE_MS = 1000;
/** How often, at most, a queue or an agent's load is read again and sent to the site's agents. */
const REFRESH_INTERVAL_MS = 100;

export interface Publisher {
  publish(effects: Effects, options?: PublishOptions): Promise<void>;
  /** Ids of the site's visitors with the widget connected now, on any node. */
  onlineVisitorIds(siteId: string): Promise<string[]>;
  /** The site's channels with their online flags, as `site:availability` carries them. */
  availability(siteId: string): Promise<{ channels: Channel[] }>;
  /** `text` is the agent's name (agent typing) or the visitor's draft preview (visitor typing). */
  typing(conversation: { id: string; visitorId: string }, from: 'visitor' | 'agent', typing: boolean, text: string | null): void;
  /** Stops the batched refreshes (on shutdown). */
  stop(): void;
}

export interface PublishOptions {
  /** Views the caller loaded after the commit already (not loaded again). */
  views?: Conversation[];
  /** The socket that sent this message has it in its ack: it is not sent to that socket again. */
  sent?: { socketId: string; messageId: string };
}

/** Sees every committed Effects with the views loaded for it (the Prometheus counters). */
export type EffectsObserver = (effects: Effects, views: ReadonlyMap<string, Conversation>) => void;

export function createPublisher({ visitors, agents }: Realtime, db: Database, log: FastifyBaseLogger, observe?: EffectsObserver): Publisher {
  const toVisitor = (visitorId: string) => visitors.to(ROOMS.visitor(visitorId));

  async function loadAvailability(siteId: string) {
    const [channels, online] = await Promise.all([findChannels(db, [siteId]), findOnlineChannelIds(db, [siteId])]);
    return { channels: channels.map((c) => toChannel(c, online)) };
  }
  // Every visitor socket is told the flags on connect: when thousands reconnect at once (a node
  // restarted), one lookup per site serves them. Changes made here refresh it at once; another
  // node's change reaches this cache within AVAILABILITY_CACHE_MS (its sockets get the event).
  const availabilityCache = new Map<string, { at: number; value: Promise<{ channels: Channel[] }> }>();
  function availability(siteId: string, fresh = false) {
    const hit = availabilityCache.get(siteId);
    if (!fresh && hit && Date.now() - hit.at < AVAILABILITY_CACHE_MS) return hit.value;
    const value = loadAvailability(siteId);
    availabilityCache.set(siteId, { at: Date.now(), value });
    value.catch(() => availabilityCache.delete(siteId));
    return value;
  }

  // A message changes its conversation's sequence and preview: agents of the site learn of it in
  // small batches (built from the messages, no query), so per-message work does not grow with
  // the number of agents connected. The visitor has the message itself.
  const activity = createActivityBatcher({
    ...ACTIVITY,
    emit: (siteId, { created, activity: list }) => {
      const site = agents.to(ROOMS.siteAgents(siteId));
      if (created.length) site.emit(EVENTS.conversationsCreated, created);
      if (list.length) site.emit(EVENTS.conversationsActivity, list);
    },
  });

  // Queues and agents' loads are read again after a change; a burst of changes (many starts at
  // once) shares one read per site and per batch of agents instead of one each, and under a
  // steady stream the reads (and the events to every agent of the site) come at most every
  // REFRESH_INTERVAL_MS. The assigned agent learns of a new chat at once (conversation:created).
  const queueRefresh = createCoalescer<string>(async (siteIds) => {
    for (const siteId of siteIds) {
      const queue = await getSiteQueue(db, siteId);
      if (queue) agents.to(ROOMS.siteAgents(siteId)).emit(EVENTS.queueUpdated, queue);
      for (const { visitorId, position } of await getQueuePositions(db, siteId)) {
        toVisitor(visitorId).emit(EVENTS.queuePosition, position);
      }
    }
  }, log, REFRESH_INTERVAL_MS);
  // Each agent hears of their own state; every agent of a site gets the site's changed states in
  // one event (a burst of assignments to 20 agents is one frame per agent, not 20).
  const agentRefresh = createCoalescer<string>(async (agentIds) => {
    const states = await getAgentStates(db, { agentIds });
    const memberships = await db.select().from(siteAgents).where(inArray(siteAgents.agentId, agentIds));
    const stateOf = new Map(states.map((s) => [s.agentId, s]));
    const bySite = new Map<string, AgentState[]>();
    // An agent's sockets in one of those sites' rooms have their own state in its list.
    const listedIn = new Map<string, string[]>();
    for (const { siteId, agentId } of memberships) {
      const state = stateOf.get(agentId);
      if (state) bySite.set(siteId, [...(bySite.get(siteId) ?? []), state]);
      listedIn.set(agentId, [...(listedIn.get(agentId) ?? []), ROOMS.siteAgents(siteId)]);
    }
    for (const [siteId, list] of bySite) agents.to(ROOMS.siteAgents(siteId)).emit(EVENTS.agentsState, list);
    for (const state of states) agents.to(ROOMS.agent(state.agentId)).except(listedIn.get(state.agentId) ?? []).emit(EVENTS.agentState, state);
  }, log, REFRESH_INTERVAL_MS);

  async function publish(effects: Effects, { views: known = [], sent }: PublishOptions = {}): Promise<void> {
    const ids = new Set([...effects.createdConversations, ...effects.conversations]);
    const views = new Map<string, Conversation>();
    for (const id of ids) {
      const view = known.find((c) => c.id === id) ?? (await findConversationView(db, id));
      if (view) views.set(id, view);
    }
    try {
      observe?.(effects, views);
    } catch (error) {
      log.warn({ err: error }, 'observing effects failed');
    }
    for (const message of effects.messages) {
      const facts = await conversationFacts(db, message.conversationId);
      if (!facts) continue;
      // Agents who opened the conversation get every message; the visitor never gets notes.
      const except = sent?.messageId === message.id ? sent.socketId : [];
      agents.to(ROOMS.conversation(facts.id)).except(except).emit(EVENTS.messageNew, message);
      if (!message.internal) toVisitor(facts.visitorId).except(except).emit(EVENTS.messageNew, message);
      if (!ids.has(facts.id)) activity.add(facts.siteId, message);
    }
    for (const conversation of views.values()) {
      const created = effects.createdConversations.has(conversation.id);
      if (created && conversation.agentId) {
        // Assigned as it started: its agent must know now, the rest of the site in the next
        // batch (one frame per agent for a burst of starts, not one per start).
        agents.to(ROOMS.agent(conversation.agentId)).emit(EVENTS.conversationCreated, conversation);
        activity.created(conversation);
      } else {
        activity.superseded(conversation.siteId, conversation.id);
        agents.to(ROOMS.siteAgents(conversation.siteId)).emit(created ? EVENTS.conversationCreated : EVENTS.conversationUpdated, conversation);
      }
      toVisitor(conversation.visitorId).emit(EVENTS.conversationUpdated, forVisitor(conversation));
    }
    // Most effects are a message alone: no refresh to wait for (and no promise per message).
    if (effects.queues.size || effects.agents.size) {
      await Promise.all([...[...effects.queues].map((id) => queueRefresh.request(id)), ...[...effects.agents].map((id) => agentRefresh.request(id))]);
    }
    for (const agentId of effects.revokedAgents) {
      // Every node closes that agent's sockets (the adapter carries it); they must sign in again.
      agents.in([ROOMS.agent(agentId), ROOMS.agentObservers(agentId)]).disconnectSockets(true);
    }
    for (const visitorId of effects.blockedVisitors) toVisitor(visitorId).disconnectSockets(true);
    // Erased visitors' sockets close on every node; their tokens fail from now on (no row).
    for (const visitorId of effects.erasedVisitors) toVisitor(visitorId).disconnectSockets(true);
    if (effects.removedConversations.size) {
      const bySite = new Map<string, string[]>();
      for (const [id, siteId] of effects.removedConversations) bySite.set(siteId, [...(bySite.get(siteId) ?? []), id]);
      // An erasure is one visitor of one site: name them, so consoles drop the visitor panel too.
      const [erasedVisitorId] = effects.erasedVisitors;
      for (const [siteId, conversationIds] of bySite) {
        const payload = effects.erasedVisitors.size === 1 && erasedVisitorId ? { siteId, conversationIds, erasedVisitorId } : { siteId, conversationIds };
        agents.to(ROOMS.siteAgents(siteId)).emit(EVENTS.conversationsRemoved, payload);
      }
    }
    for (const siteId of effects.availability) {
      visitors.to(ROOMS.siteVisitors(siteId)).emit(EVENTS.siteAvailability, await availability(siteId, true));
    }
  }

  return {
    availability: (siteId) => availability(siteId),
    async onlineVisitorIds(siteId) {
      const sockets = await visitors.in(ROOMS.siteVisitors(siteId)).fetchSockets();
      return [...new Set(sockets.map((s) => s.data.actor.visitorId))];
    },
    stop: () => activity.stop(),
    publish: (effects, options) =>
      publish(effects, options).catch((error: unknown) => log.error({ err: error }, 'publishing effects failed')),
    typing(c, from, typing, text) {
      if (from === 'visitor') {
        agents.to(ROOMS.conversation(c.id)).emit(EVENTS.typing, { conversationId: c.id, typing, ...(text !== null ? { preview: text } : {}) });
      } else toVisitor(c.visitorId).emit(EVENTS.typing, { conversationId: c.id, typing, name: text });
    },
  };
}


/**
 * A visitor starts a conversation in a channel: it goes at once to the least-busy available agent
 * of an `auto` channel, otherwise it waits — unless the queues are full (QUEUE_FULL; placement.ts
 * has the rules). A visitor has at most one open conversation: starting again (a retry, a second
 * tab) returns the open one.
 *
 * Starts are batched like messages (shared/batcher.ts): all starts that arrive while one batch
 * runs form the next, handled in one transaction that takes the sites' routing locks once, reads
 * channels, visitors, queue lengths and agents' loads in a few queries, places every start in
 * memory in arrival order, and inserts the conversations and their messages in one statement
 * each. A burst of starts costs a handful of round trips under the lock, not ~15 per start.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import {
  agents,
  channelAgents,
  channels,
  conversations,
  messages,
  queueRefusals,
  sites,
  visitors,
  type AgentRow,
  type ChannelRow,
  type Database,
  type SiteRow,
  type Transaction,
  type VisitorRow,
} from '@parley/db';
import { SYSTEM_MESSAGES, type Conversation, type Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { VisitorActor } from '../../shared/actor.ts';
import { createBatcher, type Batcher } from '../../shared/batcher.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { recordEvent } from '../webhooks/outbox.ts';
import { findConversationView } from './conversations.repository.ts';
import { OPEN_STATUSES } from './load-conversation.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';
import { place, type RoutingSnapshot } from './routing/placement.ts';

export interface StartConversationInput {
  channelId: string;
  text?: string;
  clientId?: string;
  name?: string;
}

export interface StartConversationResult {
  conversation: Conversation;
  /** Messages stored by this start (the first message, the agent joining), in order. */
  messages: Message[];
  created: boolean;
  effects: Effects;
}

interface StartRequest {
  actor: VisitorActor;
  input: StartConversationInput;
}

type StartOutcome =
  | { kind: 'started'; conversationId: string; created: boolean; messages: Message[]; effects: Effects }
  | { kind: 'refused'; error: AppError }
  /** The same visitor started twice in one batch: this one runs again, and finds the first. */
  | { kind: 'again' };

/** Large enough for any burst, small enough to keep one INSERT's parameters modest. */
const MAX_BATCH = 200;
const batchers = new WeakMap<Database, Batcher<StartRequest, StartOutcome>>();

export async function startConversation(db: Database, actor: VisitorActor, input: StartConversationInput): Promise<StartConversationResult> {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = createBatcher((items) => startBatch(db, items), MAX_BATCH)));
  let outcome = await batcher.submit({ actor, input });
  while (outcome.kind === 'again') outcome = await batcher.submit({ actor, input });
  if (outcome.kind === 'refused') throw outcome.error;
  const { conversationId, created, effects } = outcome;
  if (created) effects.createdConversations.add(conversationId);
  effects.conversations.add(conversationId);
  const conversation = await findConversationView(db, conversationId);
  return { conversation: conversation!, messages: outcome.messages, created, effects };
}

/** One transaction for the whole batch; outcomes in the order of `items`. */
function startBatch(db: Database, items: StartRequest[]): Promise<StartOutcome[]> {
  return db.transaction(async (tx) => {
    const snapshot = await readSnapshot(tx, items);
    const outcomes: StartOutcome[] = [];
    const planned: Planned[] = [];
    const seen = new Set<string>();
    const refusals: (typeof queueRefusals.$inferInsert)[] = [];
    for (const { actor, input } of items) {
      const site = snapshot.sites.get(actor.siteId);
      const channel = snapshot.routing.channels.get(input.channelId);
      const visitor = snapshot.visitors.get(actor.visitorId);
      const refuse = (error: AppError) => outcomes.push({ kind: 'refused', error });
      if (!site || !channel || channel.siteId !== site.id) refuse(new AppError('NOT_FOUND', 'No such channel on this site.'));
      else if (!visitor || visitor.siteId !== site.id) refuse(new AppError('UNAUTHORIZED'));
      else if (visitor.blocked) refuse(new AppError('FORBIDDEN', 'This visitor is blocked.'));
      else if (seen.has(visitor.id)) outcomes.push({ kind: 'again' });
      else {
        seen.add(visitor.id);
        if (input.name && input.name !== visitor.name) {
          await tx.update(visitors).set({ name: input.name }).where(eq(visitors.id, visitor.id));
        }
        const open = snapshot.openByVisitor.get(visitor.id);
        if (open) {
          outcomes.push(await continueOpen(tx, site.id, open, input));
          continue;
        }
        const placement = place(snapshot.routing, site, channel);
        if (!placement) {
          refusals.push({ siteId: site.id, channelId: channel.id, visitorId: visitor.id });
          refuse(new AppError('QUEUE_FULL'));
          continue;
        }
        planned.push({ index: outcomes.length, site, visitor, input, ...placement });
        outcomes.push({ kind: 'again' }); // replaced below
      }
    }
    // A refusal leaves no conversation behind, so it is recorded for the KPIs on its own.
    if (refusals.length) await tx.insert(queueRefusals).values(refusals);
    if (planned.length) await openConversations(tx, planned, outcomes);
    return outcomes;
  });
}

interface Planned {
  index: number;
  site: SiteRow;
  visitor: VisitorRow;
  input: StartConversationInput;
  channel: ChannelRow;
  agent: AgentRow | undefined;
}

/**
 * Everything the placements need, read under the locks, taken in the routing lock order (sites,
 * visitors, conversations, agents; each in id order): the sites' rows, their channels, the
 * visitors (two tabs starting at once open one conversation), their open conversations, queue
 * lengths, and the online agents of the auto channels (locked, then counted: capacity spans sites).
 */
async function readSnapshot(tx: Transaction, items: StartRequest[]) {
  const siteIds = unique(items.map((i) => i.actor.siteId));
  const visitorIds = unique(items.map((i) => i.actor.visitorId));
  const siteRows = await tx.select().from(sites).where(inArray(sites.id, siteIds)).orderBy(asc(sites.id)).for('update');
  const channelRows = await tx.select().from(channels).where(inArray(channels.siteId, siteIds));
  const visitorRows = await tx.select().from(visitors).where(inArray(visitors.id, visitorIds)).orderBy(asc(visitors.id)).for('update');
  // Locked before the agents (the lock order): a start may add its message to one of these.
  const openRows = await tx
    .select({ id: conversations.id, visitorId: conversations.visitorId })
    .from(conversations)
    .where(and(inArray(conversations.visitorId, visitorIds), inArray(conversations.status, OPEN_STATUSES)))
    .orderBy(asc(conversations.id))
    .for('update');
  const waitingRows = await tx
    .select({ siteId: conversations.siteId, channelId: conversations.channelId, n: count() })
    .from(conversations)
    .where(and(inArray(conversations.siteId, siteIds), eq(conversations.status, 'waiting')))
    .groupBy(conversations.siteId, conversations.channelId);
  const autoChannelIds = channelRows.filter((c) => c.routingMode === 'auto').map((c) => c.id);
  const memberships = autoChannelIds.length
    ? await tx.select().from(channelAgents).where(inArray(channelAgents.channelId, autoChannelIds))
    : [];
  const memberIds = unique(memberships.map((m) => m.agentId));
  const agentRows = memberIds.length
    ? await tx
        .select()
        .from(agents)
        .where(and(inArray(agents.id, memberIds), eq(agents.status, 'online'), eq(agents.active, true)))
        .orderBy(asc(agents.id))
        .for('update')
    : [];
  const loads = agentRows.length
    ? await tx
        .select({ agentId: conversations.agentId, n: count() })
        .from(conversations)
        .where(and(inArray(conversations.agentId, agentRows.map((a) => a.id)), eq(conversations.status, 'active')))
        .groupBy(conversations.agentId)
    : [];

  const agentById = new Map(agentRows.map((a) => [a.id, a]));
  const routing: RoutingSnapshot = {
    channels: new Map(channelRows.map((c) => [c.id, c])),
    waitingByChannel: new Map(waitingRows.map((r) => [r.channelId, r.n])),
    waitingBySite: new Map(),
    agentsByChannel: new Map(),
    load: new Map(loads.map((r) => [r.agentId!, r.n])),
    lastAssigned: new Map(agentRows.filter((a) => a.lastAssignedAt).map((a) => [a.id, a.lastAssignedAt!.getTime()])),
    assignedInBatch: 0,
  };
  for (const r of waitingRows) routing.waitingBySite.set(r.siteId, (routing.waitingBySite.get(r.siteId) ?? 0) + r.n);
  for (const m of memberships) {
    const agent = agentById.get(m.agentId);
    if (agent) routing.agentsByChannel.set(m.channelId, [...(routing.agentsByChannel.get(m.channelId) ?? []), agent]);
  }
  return {
    sites: new Map(siteRows.map((s) => [s.id, s])),
    visitors: new Map(visitorRows.map((v) => [v.id, v])),
    openByVisitor: new Map(openRows.map((r) => [r.visitorId, r.id])),
    routing,
  };
}

/** The visitor's conversation is open already: return it, with the message if one came (once per client id). */
async function continueOpen(tx: Transaction, siteId: string, conversationId: string, input: StartConversationInput): Promise<StartOutcome> {
  const effects = newEffects();
  const stored: Message[] = [];
  if (input.text) {
    const duplicate = input.clientId ? await findMessageByClientId(tx, conversationId, input.clientId) : undefined;
    const message = toMessage(duplicate ?? (await insertMessage(tx, conversationId, { sender: 'visitor', text: input.text, clientId: input.clientId })));
    stored.push(message);
    if (!duplicate) {
      effects.messages.push(message);
      await recordEvent(tx, effects, { type: 'message.created', siteId, conversationId, message });
    }
  }
  return { kind: 'started', conversationId, created: false, messages: stored, effects };
}

/**
 * Inserts the placed conversations (assigned ones active at once), their first messages and the
 * "agent joined" lines, moves the agents' last-assignment times, and records the events.
 */
async function openConversations(tx: Transaction, planned: Planned[], outcomes: StartOutcome[]): Promise<void> {
  const rows = await tx
    .insert(conversations)
    .values(
      planned.map((p) => ({
        siteId: p.site.id,
        channelId: p.channel.id,
        visitorId: p.visitor.id,
        status: 'waiting' as const,
        // clock_timestamp(): one batch's conversations keep their arrival order in the queue.
        queuedAt: sql`clock_timestamp()`,
        lastSeq: (p.input.text ? 1 : 0) + (p.agent ? 1 : 0),
      })),
    )
    .returning({ id: conversations.id, visitorId: conversations.visitorId });
  const idOf = new Map(rows.map((r) => [r.visitorId, r.id]));
  const newMessages: (typeof messages.$inferInsert)[] = [];
  for (const p of planned) {
    const conversationId = idOf.get(p.visitor.id)!;
    if (p.input.text) newMessages.push({ conversationId, seq: 1, clientId: p.input.clientId ?? null, sender: 'visitor', text: p.input.text });
    if (p.agent) {
      newMessages.push({ conversationId, seq: p.input.text ? 2 : 1, sender: 'system', text: SYSTEM_MESSAGES.agentJoined, authorName: p.agent.name, agentId: p.agent.id });
    }
  }
  const storedRows = newMessages.length ? await tx.insert(messages).values(newMessages).returning() : [];
  const effectsOf = new Map<string, Effects>();
  for (const p of planned) {
    const conversationId = idOf.get(p.visitor.id)!;
    const effects = newEffects();
    effectsOf.set(conversationId, effects);
    const stored = storedRows.filter((m) => m.conversationId === conversationId).sort((a, b) => a.seq - b.seq).map(toMessage);
    const siteId = p.site.id;
    // Webhooks see a conversation start waiting, then (below) get assigned, as a claim would do it.
    await recordEvent(tx, effects, { type: 'conversation.started', siteId, conversationId });
    for (const message of stored) {
      effects.messages.push(message);
      if (message.sender === 'visitor') await recordEvent(tx, effects, { type: 'message.created', siteId, conversationId, message });
    }
    effects.queues.add(siteId);
    outcomes[p.index] = { kind: 'started', conversationId, created: true, messages: stored, effects };
  }

  // now(), the transaction's time, like the "agent joined" lines: it never waited (and the
  // assignment-latency metric matches the line to the assignment by that equal time).
  const assignments = planned.flatMap((p) => (p.agent ? [{ id: idOf.get(p.visitor.id)!, agent_id: p.agent.id }] : []));
  if (!assignments.length) return;
  await tx.execute(sql`
    update ${conversations} c set status = 'active', agent_id = a.agent_id, queued_at = now(), assigned_at = now()
    from jsonb_to_recordset(${JSON.stringify(assignments)}::jsonb) as a(id uuid, agent_id uuid)
    where c.id = a.id`);
  await tx.update(agents).set({ lastAssignedAt: sql`now()` }).where(inArray(agents.id, unique(assignments.map((a) => a.agent_id))));
  for (const p of planned) {
    if (!p.agent) continue;
    const conversationId = idOf.get(p.visitor.id)!;
    const effects = effectsOf.get(conversationId)!;
    effects.agents.add(p.agent.id);
    await recordEvent(tx, effects, { type: 'conversation.assigned', siteId: p.site.id, conversationId, agentId: p.agent.id });
  }
}

const unique = (ids: string[]) => [...new Set(ids)].sort();

/**
 * A visitor starts a conversation in a channel: it goes at once to the least-busy available agent
 * of an `auto` channel, otherwise it waits — unless the queues are full (QUEUE_FULL; placement.ts
 * has the rules). A visitor has at most one open conversation: starting again (a retry, a second
 * tab) returns the open one.
 *
 * Starts are batched like messages (shared/batcher.ts): all starts that arrive while one batch
 * runs form the next, handled in one transaction whatever its size
 * (routing/start-batch.repository.ts): lock the sites; read channels, visitors, open
 * conversations, queue lengths and agents with their loads — sent together with the BEGIN, one
 * round trip — then write, then commit. Every start is placed in memory in arrival
 * order between the reads and the write. Each round trip is made under the sites' locks and
 * every start of the batch waits for all of them, so there are few.
 */
import { pipelinedTransaction, type Database, type Transaction } from '@parley/db';
import { previewText, type Conversation, type Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { VisitorActor } from '../../shared/actor.ts';
import { batcherPerHandle } from '../../shared/batcher.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { recordEvent } from '../webhooks/outbox.ts';
import { rememberConversation } from './conversation-facts.ts';
import { findConversationView, findConversationViewsById } from './conversations.repository.ts';
import { findMessageByClientId, insertMessage, toMessage } from './messages.repository.ts';
import { place, type PlacedAgent, type PlacedChannel, type RoutingSnapshot } from './routing/placement.ts';
import { readStartSnapshot, writeStarts, type StartWrites, type WrittenConversation } from './routing/start-batch.repository.ts';

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
  | { kind: 'started'; conversationId: string; created: boolean; messages: Message[]; effects: Effects; view?: Promise<Conversation | undefined> }
  | { kind: 'refused'; error: AppError }
  /** The same visitor started twice in one batch: this one runs again, and finds the first. */
  | { kind: 'again' };

/** Large enough for any burst, small enough to keep one INSERT's parameters modest. */
const MAX_BATCH = 200;
const batches = batcherPerHandle(startBatch, MAX_BATCH);

export async function startConversation(db: Database, actor: VisitorActor, input: StartConversationInput): Promise<StartConversationResult> {
  const batcher = batches(db);
  let outcome = await batcher.submit({ actor, input });
  while (outcome.kind === 'again') outcome = await batcher.submit({ actor, input });
  if (outcome.kind === 'refused') throw outcome.error;
  const { conversationId, created, effects } = outcome;
  if (created) effects.createdConversations.add(conversationId);
  effects.conversations.add(conversationId);
  const conversation = (await outcome.view) ?? (await findConversationView(db, conversationId));
  return { conversation: conversation!, messages: outcome.messages, created, effects };
}

/**
 * One transaction for the whole batch; outcomes in the order of `items`. A conversation the batch
 * opened has its view built from what was written; one that was open already is read after the
 * commit, in one query, while the next batch runs (a failed read leaves each caller to read its own).
 */
async function startBatch(db: Database, items: StartRequest[]): Promise<StartOutcome[]> {
  const outcomes = await pipelinedTransaction(db, (tx) => decideBatch(tx, items));
  const started = outcomes.flatMap((o) => (o.kind === 'started' ? [o] : []));
  const toRead = started.filter((o) => !o.view);
  const views = toRead.length
    ? findConversationViewsById(db, toRead.map((o) => o.conversationId)).then(
        (list) => new Map(list.map((v) => [v.id, v])),
        () => new Map<string, Conversation>(),
      )
    : undefined;
  for (const o of started) {
    o.view ??= views!.then((byId) => byId.get(o.conversationId));
    // The publisher and the first messages will ask for its site and visitor: no query then.
    void o.view.then((view) => view && rememberConversation(db, view));
  }
  return outcomes;
}

async function decideBatch(tx: Transaction, items: StartRequest[]): Promise<StartOutcome[]> {
  const snapshot = await readSnapshot(tx, items);
  const outcomes: StartOutcome[] = [];
  const planned: Planned[] = [];
  const seen = new Set<string>();
  const writes: StartWrites = { starts: [], refusals: [], names: [] };
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
      if (input.name && input.name !== visitor.name) writes.names.push({ visitorId: visitor.id, name: input.name });
      const open = snapshot.openByVisitor.get(visitor.id);
      if (open) {
        outcomes.push(await continueOpen(tx, site.id, open, input));
        continue;
      }
      const placement = place(snapshot.routing, site, channel);
      if (!placement) {
        writes.refusals.push({ siteId: site.id, channelId: channel.id, visitorId: visitor.id });
        refuse(new AppError('QUEUE_FULL'));
        continue;
      }
      const { agent } = placement;
      planned.push({ index: outcomes.length, siteId: site.id, visitorId: visitor.id, visitorName: input.name || visitor.name, channel: placement.channel, agent });
      writes.starts.push({
        siteId: site.id,
        channelId: placement.channel.id,
        visitorId: visitor.id,
        agent: agent && { id: agent.id, name: agent.name },
        text: input.text,
        clientId: input.clientId,
      });
      outcomes.push({ kind: 'again' }); // replaced in recordStarts
    }
  }
  if (writes.starts.length || writes.refusals.length || writes.names.length) {
    const written = await writeStarts(tx, writes);
    await recordStarts(tx, planned, written, outcomes);
  }
  return outcomes;
}

interface Planned {
  index: number;
  siteId: string;
  visitorId: string;
  visitorName: string | null;
  channel: PlacedChannel;
  agent: PlacedAgent | undefined;
}

/** The sites locked first, then the rest (start-batch.repository.ts has the lock order). */
async function readSnapshot(tx: Transaction, items: StartRequest[]) {
  const rows = await readStartSnapshot(tx, unique(items.map((i) => i.actor.siteId)), unique(items.map((i) => i.actor.visitorId)));
  const agentById = new Map(rows.agents.map((a) => [a.id, a]));
  const routing: RoutingSnapshot = {
    channels: new Map(rows.channels.map((c) => [c.id, c])),
    waitingByChannel: new Map(rows.waiting.map((r) => [r.channelId, r.n])),
    waitingBySite: new Map(),
    agentsByChannel: new Map(),
    // Read from the locked rows: current (an agent may work for another site too).
    load: new Map(rows.agents.map((a) => [a.id, a.activeChats])),
    lastAssigned: new Map(rows.agents.flatMap((a) => (a.lastAssignedAt === null ? [] : [[a.id, a.lastAssignedAt]]))),
    assignedInBatch: 0,
  };
  for (const r of rows.waiting) routing.waitingBySite.set(r.siteId, (routing.waitingBySite.get(r.siteId) ?? 0) + r.n);
  for (const m of rows.memberships) {
    const agent = agentById.get(m.agentId);
    if (agent) routing.agentsByChannel.set(m.channelId, [...(routing.agentsByChannel.get(m.channelId) ?? []), agent]);
  }
  return {
    sites: new Map(rows.sites.map((s) => [s.id, s])),
    visitors: new Map(rows.visitors.map((v) => [v.id, v])),
    openByVisitor: new Map(rows.open.map((r) => [r.visitorId, r.id])),
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
 * The outcomes and events of the conversations just written. Webhooks see a conversation start
 * waiting, then get assigned, as a claim would do it.
 */
async function recordStarts(tx: Transaction, planned: Planned[], written: Awaited<ReturnType<typeof writeStarts>>, outcomes: StartOutcome[]) {
  for (const p of planned) {
    const row = written.conversationOf.get(p.visitorId)!;
    const conversationId = row.id;
    const { siteId } = p;
    const agentId = p.agent?.id;
    const effects = newEffects();
    const stored = written.messages.filter((m) => m.conversationId === conversationId).map(toMessage);
    // Written active when an agent took it at once; until the assignment event it was waiting.
    const waiting = { status: 'waiting', agent: null, assignedAt: null } as const;
    await recordEvent(tx, effects, { type: 'conversation.started', siteId, conversationId }, waiting);
    for (const message of stored) {
      effects.messages.push(message);
      if (message.sender === 'visitor') await recordEvent(tx, effects, { type: 'message.created', siteId, conversationId, message }, waiting);
    }
    if (agentId) {
      effects.agents.add(agentId);
      await recordEvent(tx, effects, { type: 'conversation.assigned', siteId, conversationId, agentId });
    } else {
      // Only a waiting chat changes the queue's figures; one an agent took at once never joined it.
      effects.queues.add(siteId);
    }
    outcomes[p.index] = { kind: 'started', conversationId, created: true, messages: stored, effects, view: Promise.resolve(openedView(p, row, stored)) };
  }
}

/**
 * The view of a conversation this batch opened, as findConversationView would read it after the
 * commit (routing.test.ts compares the two): the preview is the visitor's first message, if any.
 */
function openedView(p: Planned, row: WrittenConversation, stored: Message[]): Conversation {
  const first = stored.find((m) => m.sender === 'visitor');
  const iso = (at: string | null) => (at === null ? null : new Date(at).toISOString());
  return {
    id: row.id,
    siteId: p.siteId,
    channelId: p.channel.id,
    channelName: p.channel.name,
    visitorId: p.visitorId,
    visitorName: p.visitorName,
    agentId: p.agent?.id ?? null,
    agentName: p.agent?.name ?? null,
    status: p.agent ? 'active' : 'waiting',
    lastSeq: stored.length,
    lastMessage: first ? { text: previewText(first.text), sender: first.sender, createdAt: first.createdAt } : null,
    createdAt: iso(row.createdAt)!,
    assignedAt: iso(row.assignedAt),
    firstAgentReplyAt: null,
    closedAt: null,
    visitorReadSeq: 0,
    agentReadSeq: 0,
    survey: null,
  };
}

const unique = (ids: string[]) => [...new Set(ids)].sort();

/**
 * The routing rules (shared/DESIGN.md, "Routing rules") as domain tests: no transport, a real
 * database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
import { agents, channels, conversations, messages, queueRefusals, visitors, type Database } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { SYSTEM_MESSAGES } from '@parley/protocol';
import { leaveMessageSchema } from '@parley/protocol/schemas';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@parley/db';
import { closeConversation } from '../src/modules/conversations/close-conversation.ts';
import { findConversationView } from '../src/modules/conversations/conversations.repository.ts';
import { claimConversation } from '../src/modules/conversations/routing/claim-conversation.ts';
import { leaveMessage } from '../src/modules/conversations/routing/leave-message.ts';
import { agentGone, setAgentStatus, visitorGone } from '../src/modules/conversations/routing/presence.ts';
import { getAgentStates, getQueuePositions, getSiteQueue } from '../src/modules/conversations/routing/queue-info.ts';
import { transferConversation } from '../src/modules/conversations/routing/transfer-conversation.ts';
import { startConversation } from '../src/modules/conversations/start-conversation.ts';
import { agentActor, createAgent, createSite, createVisitor, type SiteOptions, type TestAgent, type TestSite } from './support/factories.ts';

describe.each(testDatabaseTargets())('routing rules on $name', (target) => {
  let handle: DatabaseHandle;
  let db: Database;
  beforeAll(async () => {
    handle = await target.create();
    db = handle.db;
  });
  afterAll(() => handle.close());

  // Every test's starts, claims, transfers, closes and departures keep each agent's stored load
  // (agents.active_chats, kept by a trigger) equal to the count of their active conversations.
  const miscounted = async () => {
    const result = await db.execute(
      sql`select a.id from agents a where a.active_chats <> (select count(*) from conversations c where c.agent_id = a.id and c.status = 'active')`,
    );
    return (result as unknown as { rows: { id: string }[] }).rows;
  };
  afterEach(async () => expect(await miscounted()).toEqual([]));

  const start = async (site: TestSite, channel = 0, text?: string) =>
    startConversation(db, await createVisitor(db, site), { channelId: site.channels[channel]!.id, text, clientId: text ? 'first' : undefined });
  const online = (agent: TestAgent) => setAgentStatus(db, agent.id, 'online');
  const statusOf = async (id: string) => (await db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const setup = async (options: SiteOptions = {}) => createSite(db, { channels: ['Sales', 'Support'], ...options });

  it('assigns a new conversation at once to the least-busy online agent, ties to the longest idle', async () => {
    const site = await setup();
    const [lan, minh] = [await createAgent(db, site, { name: 'Lan' }), await createAgent(db, site, { name: 'Minh' })];
    await online(lan);
    await online(minh);
    const first = await start(site, 0, 'hello');
    expect(first.conversation.status).toBe('active');
    expect(first.messages.map((m) => [m.sender, m.text])).toEqual([
      ['visitor', 'hello'],
      ['system', SYSTEM_MESSAGES.agentJoined],
    ]);
    const firstAgent = first.conversation.agentId;
    // Both have had no assignment before; the second conversation goes to the other, less busy one.
    const second = await start(site);
    expect(second.conversation.agentId).not.toBe(firstAgent);
    // Now both have one; the tie goes to the one whose last assignment is older: the first.
    const third = await start(site);
    expect(third.conversation.agentId).toBe(firstAgent);
  });

  it('returns the same view of a new conversation as a read after the commit', async () => {
    const site = await setup();
    const agent = await createAgent(db, site, { name: 'Lan' });
    await online(agent);
    const assigned = await start(site, 0, 'xin chào');
    await setAgentStatus(db, agent.id, 'away');
    const waiting = await startConversation(db, await createVisitor(db, site), { channelId: site.channels[1]!.id, name: 'Minh' });
    expect(assigned.conversation).toMatchObject({ status: 'active', agentName: 'Lan', lastMessage: { text: 'xin chào', sender: 'visitor' } });
    expect(waiting.conversation).toMatchObject({ status: 'waiting', visitorName: 'Minh', agentId: null, lastMessage: null });
    for (const r of [assigned, waiting]) expect(r.conversation).toEqual(await findConversationView(db, r.conversation.id));
  });

  it('never assigns to away, offline or other channels\' agents, and never beyond capacity', async () => {
    const site = await setup({ maxWaiting: 5 });
    const away = await createAgent(db, site);
    await setAgentStatus(db, away.id, 'away');
    await createAgent(db, site); // offline
    const otherChannel = await createAgent(db, site, { channelIds: [site.channels[1]!.id] });
    await online(otherChannel);
    const busy = await createAgent(db, site, { maxChats: 2, channelIds: [site.channels[0]!.id] });
    await online(busy);
    const results = [await start(site), await start(site), await start(site), await start(site)];
    expect(results.map((r) => r.conversation.status)).toEqual(['active', 'active', 'waiting', 'waiting']);
    expect(results.slice(0, 2).every((r) => r.conversation.agentId === busy.id)).toBe(true);
    const [state] = await getAgentStates(db, { agentIds: [busy.id] });
    expect(state).toMatchObject({ activeChats: 2, maxChats: 2, status: 'online' });
  });

  it('places starts that arrive together one by one: spread by load, caps kept, the queue in arrival order', async () => {
    const site = await setup({ maxWaiting: 2 });
    const team = [await createAgent(db, site, { maxChats: 2 }), await createAgent(db, site, { maxChats: 2 }), await createAgent(db, site, { maxChats: 2 })];
    for (const agent of team) await online(agent);
    const visitors = await Promise.all(Array.from({ length: 10 }, () => createVisitor(db, site)));
    // Started together, they share batches (one in flight, the rest queued behind it).
    const settled = await Promise.allSettled(
      visitors.map((v, i) => startConversation(db, v, { channelId: site.channels[0]!.id, text: `n${i}`, clientId: `c${i}` })),
    );
    const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(started.filter((r) => r.conversation.status === 'active')).toHaveLength(6);
    expect(started.filter((r) => r.conversation.status === 'waiting')).toHaveLength(2);
    expect(refused).toHaveLength(2);
    expect(refused.every((e) => e.code === 'QUEUE_FULL')).toBe(true);
    const perAgent = team.map((a) => started.filter((r) => r.conversation.agentId === a.id).length);
    expect(perAgent).toEqual([2, 2, 2]);
    // Each assigned start says who joined, after the visitor's first message.
    for (const r of started.filter((x) => x.conversation.status === 'active')) {
      expect(r.messages.map((m) => [m.seq, m.sender])).toEqual([[1, 'visitor'], [2, 'system']]);
    }
    // The two waiting are the last two placed, in the order they arrived.
    const waitingOrder = (await getQueuePositions(db, site.id)).map((p) => p.visitorId);
    const arrival = visitors.map((v) => v.visitorId).filter((id) => waitingOrder.includes(id));
    expect(waitingOrder).toEqual(arrival);
    expect(await db.$count(queueRefusals, eq(queueRefusals.siteId, site.id))).toBe(2);
  });

  it('refuses with QUEUE_FULL past the channel cap and past the site cap', async () => {
    const site = await setup({ maxWaiting: 2, maxWaitingTotal: 3 });
    await start(site, 0);
    await start(site, 0);
    await expect(start(site, 0)).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    await start(site, 1);
    // Support has room for one more by its own cap, but the site already has 3 waiting.
    await expect(start(site, 1)).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    const queue = await getSiteQueue(db, site.id);
    expect(queue).toMatchObject({ waiting: 3, maxWaitingTotal: 3 });
    expect(queue!.channels.map((c) => [c.name, c.waiting, c.maxWaiting])).toEqual([
      ['Sales', 2, 2],
      ['Support', 1, 2],
    ]);
  });

  it('sends visitors of a full channel to its overflow channel, within that channel\'s own cap', async () => {
    const site = await setup({ maxWaiting: 1 });
    await db.update(channels).set({ overflowChannelId: site.channels[1]!.id }).where(eq(channels.id, site.channels[0]!.id));
    const a = await start(site, 0);
    const b = await start(site, 0);
    expect(a.conversation.channelName).toBe('Sales');
    expect(b.conversation.channelName).toBe('Support');
    await expect(start(site, 0)).rejects.toMatchObject({ code: 'QUEUE_FULL' });
  });

  it('keeps a FIFO queue with places in line, and assigns the oldest when capacity frees', async () => {
    const site = await setup({ maxWaiting: 3 });
    const agent = await createAgent(db, site, { maxChats: 1 });
    const first = await start(site);
    const second = await start(site);
    let positions = await getQueuePositions(db, site.id);
    expect(positions.map((p) => [p.position.conversationId, p.position.position, p.position.estimatedWaitSeconds])).toEqual([
      [first.conversation.id, 1, null],
      [second.conversation.id, 2, null],
    ]);

    const cameOnline = await online(agent);
    expect(cameOnline.conversations.has(first.conversation.id)).toBe(true);
    expect((await statusOf(first.conversation.id)).agentId).toBe(agent.id);
    positions = await getQueuePositions(db, site.id);
    // One agent with one slot, no history: 300 s per conversation ahead.
    expect(positions.map((p) => [p.position.position, p.position.estimatedWaitSeconds])).toEqual([[1, 300]]);

    await closeConversation(db, agentActor(agent, site), first.conversation.id);
    const next = await statusOf(second.conversation.id);
    expect(next).toMatchObject({ status: 'active', agentId: agent.id });
    const transcript = await db.select().from(messages).where(eq(messages.conversationId, second.conversation.id));
    expect(transcript.map((m) => m.text)).toEqual([SYSTEM_MESSAGES.agentJoined]);
  });

  it('waits in manual channels for a claim; of two simultaneous claims exactly one wins', async () => {
    const site = await setup({ routingMode: 'manual' });
    const [lan, minh] = [await createAgent(db, site), await createAgent(db, site)];
    await online(lan);
    await online(minh);
    const waiting = await start(site);
    expect(waiting.conversation.status).toBe('waiting');
    const outcomes = await Promise.allSettled([
      claimConversation(db, agentActor(lan, site), waiting.conversation.id),
      claimConversation(db, agentActor(minh, site), waiting.conversation.id),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'CONFLICT' });
    const row = await statusOf(waiting.conversation.id);
    expect(row.status).toBe('active');
    expect([lan.id, minh.id]).toContain(row.agentId);
  });

  it('refuses a claim beyond capacity', async () => {
    const site = await setup({ routingMode: 'manual' });
    const agent = await createAgent(db, site, { maxChats: 1 });
    await online(agent);
    const [a, b] = [await start(site), await start(site)];
    await claimConversation(db, agentActor(agent, site), a.conversation.id);
    await expect(claimConversation(db, agentActor(agent, site), b.conversation.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('transfers to an agent with room at once, and through the queue to a busy one', async () => {
    const site = await setup({ maxWaiting: 5 });
    const lan = await createAgent(db, site, { name: 'Lan', maxChats: 5 });
    const minh = await createAgent(db, site, { name: 'Minh', maxChats: 1 });
    await online(lan);
    const chat = await start(site, 0, 'question');
    expect(chat.conversation.agentId).toBe(lan.id);
    await online(minh);
    await transferConversation(db, agentActor(lan, site), { conversationId: chat.conversation.id, toAgentId: minh.id, note: 'VIP, be nice' });
    expect(await statusOf(chat.conversation.id)).toMatchObject({ status: 'active', agentId: minh.id, transferCount: 1 });
    const notes = await db.select().from(messages).where(and(eq(messages.conversationId, chat.conversation.id), eq(messages.internal, true)));
    expect(notes.map((n) => n.text)).toEqual(['VIP, be nice']);

    // Minh is now full: a second transfer to Minh waits for Minh only, not for Lan.
    const other = await start(site);
    expect(other.conversation.agentId).toBe(lan.id);
    await transferConversation(db, agentActor(lan, site), { conversationId: other.conversation.id, toAgentId: minh.id });
    expect(await statusOf(other.conversation.id)).toMatchObject({ status: 'waiting', requestedAgentId: minh.id });
    await closeConversation(db, agentActor(minh, site), chat.conversation.id);
    expect(await statusOf(other.conversation.id)).toMatchObject({ status: 'active', agentId: minh.id, requestedAgentId: null });
  });

  it('transfers to a channel, routed there', async () => {
    const site = await setup();
    const sales = await createAgent(db, site, { channelIds: [site.channels[0]!.id] });
    const support = await createAgent(db, site, { channelIds: [site.channels[1]!.id] });
    await online(sales);
    await online(support);
    const chat = await start(site, 0);
    await transferConversation(db, agentActor(sales, site), { conversationId: chat.conversation.id, toChannelId: site.channels[1]!.id });
    expect(await statusOf(chat.conversation.id)).toMatchObject({ status: 'active', agentId: support.id, channelId: site.channels[1]!.id });
    const system = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, chat.conversation.id), eq(messages.sender, 'system')))
      .orderBy(asc(messages.seq));
    expect(system.map((m) => [m.text, m.authorName])).toEqual([
      [SYSTEM_MESSAGES.agentJoined, sales.name],
      [SYSTEM_MESSAGES.transferredToChannel, 'Support'],
      [SYSTEM_MESSAGES.agentJoined, support.name],
    ]);
  });

  it('requeues a departed agent\'s chats to another agent, and marks a departed waiting visitor missed', async () => {
    const site = await setup({ maxWaiting: 5 });
    const leaving = await createAgent(db, site, { maxChats: 2 });
    await online(leaving);
    const chat = await start(site);
    expect(chat.conversation.agentId).toBe(leaving.id);
    const staying = await createAgent(db, site, { maxChats: 2 });
    await setAgentStatus(db, staying.id, 'away');

    await agentGone(db, leaving.id);
    expect(await statusOf(chat.conversation.id)).toMatchObject({ status: 'waiting', agentId: null });
    expect((await db.select().from(agents).where(eq(agents.id, leaving.id)))[0]!.status).toBe('offline');
    await online(staying);
    expect(await statusOf(chat.conversation.id)).toMatchObject({ status: 'active', agentId: staying.id });

    await setAgentStatus(db, staying.id, 'away');
    const visitor = await createVisitor(db, site);
    const lonely = await startConversation(db, visitor, { channelId: site.channels[0]!.id });
    expect(lonely.conversation.status).toBe('waiting');
    await visitorGone(db, visitor.visitorId);
    expect(await statusOf(lonely.conversation.id)).toMatchObject({ status: 'missed' });
    expect(await statusOf(chat.conversation.id)).toMatchObject({ status: 'active' });
    const transcript = await db.select().from(messages).where(eq(messages.conversationId, lonely.conversation.id));
    expect(transcript.map((m) => m.text)).toEqual([SYSTEM_MESSAGES.missed]);
  });

  it('stores an offline message with the visitor\'s email, once per client id', async () => {
    const site = await setup();
    const visitor = await createVisitor(db, site);
    const input = { channelId: site.channels[0]!.id, text: 'Gọi lại cho tôi nhé', email: 'Khach@Example.com', clientId: 'off-1' };
    // The edge parses with the protocol schema (which normalises the email); so does this test.
    const left = await leaveMessage(db, visitor, leaveMessageSchema.parse(input));
    expect(left.conversation.status).toBe('offline');
    const again = await leaveMessage(db, visitor, leaveMessageSchema.parse(input));
    expect(again.conversation.id).toBe(left.conversation.id);
    const [row] = await db.select().from(visitors).where(eq(visitors.id, visitor.visitorId));
    expect(row!.email).toBe('khach@example.com');
    const stored = await db.select().from(messages).where(eq(messages.conversationId, left.conversation.id));
    expect(stored.map((m) => m.text)).toEqual(['Gọi lại cho tôi nhé']);
    // Offline conversations do not count against the queue caps.
    expect((await getSiteQueue(db, site.id))!.waiting).toBe(0);
  });

  it("keeps an agent's load through every change of a conversation's status or agent, and its deletion", async () => {
    const site = await setup({ maxWaiting: 5 });
    const [lan, minh] = [await createAgent(db, site, { maxChats: 5 }), await createAgent(db, site, { maxChats: 5 })];
    await online(lan);
    const chats = [await start(site), await start(site), await start(site)];
    const load = async (agent: TestAgent) => (await db.select().from(agents).where(eq(agents.id, agent.id)))[0]!.activeChats;
    expect(await load(lan)).toBe(3);
    const [first, second, third] = chats.map((c) => c.conversation.id) as [string, string, string];
    await db.update(conversations).set({ agentId: minh.id }).where(eq(conversations.id, first));
    await db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, second));
    expect([await load(lan), await load(minh)]).toEqual([1, 1]);
    // Unrelated columns (every message moves last_seq) leave it alone.
    await db.update(conversations).set({ lastSeq: sql`${conversations.lastSeq} + 1`, status: 'active' }).where(eq(conversations.id, third));
    await db.delete(messages).where(eq(messages.conversationId, third));
    await db.delete(conversations).where(eq(conversations.id, third));
    expect([await load(lan), await load(minh)]).toEqual([0, 1]);
  });

  it('estimates waits from recent handle times', async () => {
    const site = await setup({ maxWaiting: 3 });
    const agent = await createAgent(db, site, { maxChats: 1 });
    await online(agent);
    const done = await start(site);
    await closeConversation(db, agentActor(agent, site), done.conversation.id);
    // Pretend that chat took 10 minutes.
    await db
      .update(conversations)
      .set({ assignedAt: sql`${conversations.closedAt} - interval '600 seconds'` })
      .where(eq(conversations.id, done.conversation.id));
    await start(site); // takes the agent
    await start(site);
    const positions = await getQueuePositions(db, site.id);
    expect(positions.map((p) => p.position.estimatedWaitSeconds)).toEqual([600]);
  });
});

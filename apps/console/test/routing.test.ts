/** Queues, presence, the inbox sections, claims and transfers: the routing side of the store. */
import { EVENTS, SYSTEM_MESSAGES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { mailtoHref } from '../src/format.ts';
import { previewSystemName, systemText } from '../src/i18n.ts';
import { serverEvents } from '../src/socket.ts';
import {
  atCapacity,
  createState,
  groupConversations,
  initialState,
  reducer,
  sectionOf,
  transferCandidates,
  type Action,
  type ConsoleState,
} from '../src/store.ts';
import { agentState, conversation, siteQueue } from './fixtures.ts';

const ME = '00000000-0000-4000-8000-0000000000aa';
const OTHER_SITE = '00000000-0000-4000-8000-0000000000bb';
const run = (actions: Action[], state: ConsoleState = createState(ME)) => actions.reduce(reducer, state);
const ids = (list: { id: string }[]) => list.map((c) => c.id);

describe('queues', () => {
  it('takes every site queue and the agent’s own state from the overview', () => {
    const me = agentState({ agentId: ME, activeChats: 1 });
    const state = run([{ type: 'queueOverview', sites: [siteQueue()], me }]);
    expect(state.queuesLoaded).toBe(true);
    expect(state.queues).toHaveLength(1);
    expect(state.me).toEqual(me);
    expect(state.agents[ME]).toEqual(me);
  });

  it('replaces only the updated site’s entry, in place, and adds a site it did not know', () => {
    const a = siteQueue({}, [{ waiting: 0 }]);
    const b = siteQueue({ siteId: OTHER_SITE });
    const updated = siteQueue({}, [{ waiting: 2 }]);
    const state = run([
      { type: 'queueOverview', sites: [a, b], me: agentState({ agentId: ME }) },
      { type: 'queueUpdated', queue: updated },
    ]);
    expect(state.queues).toEqual([updated, b]);
    expect(state.queues[1]).toBe(b);

    const third = siteQueue({ siteId: '00000000-0000-4000-8000-0000000000cc' });
    expect(reducer(state, { type: 'queueUpdated', queue: third }).queues).toEqual([updated, b, third]);
  });

  it('keeps a queue update that arrives before the overview', () => {
    const state = run([{ type: 'queueUpdated', queue: siteQueue({}, [{ waiting: 1 }]) }]);
    expect(state.queues[0]?.channels[0]?.waiting).toBe(1);
    expect(state.queuesLoaded).toBe(false);
  });

  it('comes from the queue:updated server event', () => {
    const queue = siteQueue({}, [{ waiting: 2, maxWaiting: 2 }]);
    const state = reducer(createState(ME), serverEvents[EVENTS.queueUpdated]!(queue));
    expect(state.queues).toEqual([queue]);
  });
});

describe('agent state', () => {
  it('updates the agent’s own status and load from agent:state', () => {
    const state = run([
      { type: 'queueOverview', sites: [], me: agentState({ agentId: ME, status: 'online', activeChats: 0 }) },
      serverEvents[EVENTS.agentState]!(agentState({ agentId: ME, status: 'away', activeChats: 2 })),
    ]);
    expect(state.me).toMatchObject({ status: 'away', activeChats: 2 });
  });

  it('records colleagues without touching the agent’s own state', () => {
    const me = agentState({ agentId: ME });
    const colleague = agentState({ status: 'away' });
    const state = run([
      { type: 'queueOverview', sites: [], me },
      { type: 'agentState', agent: colleague },
    ]);
    expect(state.me).toBe(me);
    expect(state.agents[colleague.agentId]).toEqual(colleague);
  });

  it('takes the agent’s own state even before the overview answered', () => {
    const state = run([{ type: 'agentState', agent: agentState({ agentId: ME, activeChats: 1 }) }]);
    expect(state.me?.activeChats).toBe(1);
  });

  it('learns who "me" is from the overview when the state started without an agent id', () => {
    const state = run([{ type: 'queueOverview', sites: [], me: agentState({ agentId: ME }) }], initialState);
    expect(state.agentId).toBe(ME);
    expect(reducer(state, { type: 'agentState', agent: agentState({ agentId: ME, status: 'offline' }) }).me?.status).toBe(
      'offline',
    );
  });

  it('knows when an agent is at capacity', () => {
    expect(atCapacity({ activeChats: 3, maxChats: 3 })).toBe(true);
    expect(atCapacity({ activeChats: 2, maxChats: 3 })).toBe(false);
  });
});

describe('transfer candidates', () => {
  it('lists the site’s other agents, online first, kept live by agent:state', () => {
    const busy = agentState({ name: 'Bao', status: 'away' });
    const free = agentState({ name: 'An', status: 'online' });
    const gone = agentState({ name: 'Chi', status: 'offline' });
    const siteId = conversation().siteId;
    let state = run([
      { type: 'agentsListed', siteId, agents: [agentState({ agentId: ME }), gone, busy, free] },
    ]);
    expect(transferCandidates(state, siteId).map((a) => a.name)).toEqual(['An', 'Bao', 'Chi']);

    state = reducer(state, { type: 'agentState', agent: { ...gone, status: 'online', activeChats: 1 } });
    expect(transferCandidates(state, siteId).map((a) => [a.name, a.status])).toEqual([
      ['An', 'online'],
      ['Chi', 'online'],
      ['Bao', 'away'],
    ]);
    expect(transferCandidates(state, OTHER_SITE)).toEqual([]);
  });
});

describe('inbox sections', () => {
  it('tells the agent’s own active chats from colleagues’ ones', () => {
    expect(sectionOf({ status: 'active', agentId: ME }, ME)).toBe('mine');
    expect(sectionOf({ status: 'active', agentId: 'someone-else' }, ME)).toBe('active');
    expect(sectionOf({ status: 'active', agentId: ME }, null)).toBe('active');
    expect(sectionOf({ status: 'waiting', agentId: null }, ME)).toBe('waiting');
    expect(sectionOf({ status: 'offline', agentId: null }, ME)).toBe('offline');
    expect(sectionOf({ status: 'missed', agentId: null }, ME)).toBe('closed');
    expect(sectionOf({ status: 'closed', agentId: ME }, ME)).toBe('closed');
  });

  it('groups into waiting, mine, active, offline and closed (closed and missed together)', () => {
    const waiting = conversation();
    const mine = conversation({ status: 'active', agentId: ME });
    const theirs = conversation({ status: 'active', agentId: '00000000-0000-4000-8000-0000000000ee' });
    const offline = conversation({ status: 'offline' });
    const closed = conversation({ status: 'closed', agentId: ME });
    const missed = conversation({ status: 'missed' });
    const all = [waiting, mine, theirs, offline, closed, missed];
    const groups = groupConversations(Object.fromEntries(all.map((c) => [c.id, c])), ME);
    expect(ids(groups.waiting)).toEqual([waiting.id]);
    expect(ids(groups.mine)).toEqual([mine.id]);
    expect(ids(groups.active)).toEqual([theirs.id]);
    expect(ids(groups.offline)).toEqual([offline.id]);
    expect(ids(groups.closed).sort()).toEqual([closed.id, missed.id].sort());
  });

  it('orders offline messages most recent first', () => {
    const older = conversation({ status: 'offline', createdAt: '2025-01-01T08:00:00.000Z' });
    const newer = conversation({ status: 'offline', createdAt: '2025-01-01T09:00:00.000Z' });
    const groups = groupConversations({ [older.id]: older, [newer.id]: newer }, ME);
    expect(ids(groups.offline)).toEqual([newer.id, older.id]);
  });

  it('narrows every section to one channel', () => {
    const sales = '00000000-0000-4000-8000-00000000a001';
    const a = conversation({ channelId: sales });
    const b = conversation();
    const c = conversation({ status: 'offline', channelId: sales });
    const groups = groupConversations({ [a.id]: a, [b.id]: b, [c.id]: c }, ME, sales);
    expect(ids(groups.waiting)).toEqual([a.id]);
    expect(ids(groups.offline)).toEqual([c.id]);
  });

  it('moves a conversation from waiting to mine when it is assigned to the agent', () => {
    const c = conversation();
    const state = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'conversationUpdated', conversation: { ...c, status: 'active', agentId: ME, agentName: 'Me' } },
    ]);
    expect(ids(groupConversations(state.conversations, state.agentId).mine)).toEqual([c.id]);
  });
});

describe('claims', () => {
  const error = { code: 'CONFLICT' as const, message: 'Another agent took this conversation.' };

  it('is pending while in flight, then moves the conversation to mine and forgets the claim', () => {
    const c = conversation();
    const pending = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'claimStarted', conversationId: c.id },
    ]);
    expect(pending.claims[c.id]).toEqual({ pending: true, error: null });

    const claimed = reducer(pending, {
      type: 'claimSucceeded',
      conversation: { ...c, status: 'active', agentId: ME, agentName: 'Me' },
    });
    expect(claimed.claims).toEqual({});
    const groups = groupConversations(claimed.conversations, claimed.agentId);
    expect(ids(groups.mine)).toEqual([c.id]);
    expect(groups.waiting).toEqual([]);
  });

  it('keeps the server’s reason when someone else was faster, until the agent opens it', () => {
    const c = conversation();
    const failed = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'claimStarted', conversationId: c.id },
      { type: 'claimFailed', conversationId: c.id, error },
      { type: 'conversationUpdated', conversation: { ...c, status: 'active', agentId: 'someone-else' } },
    ]);
    expect(failed.claims[c.id]).toEqual({ pending: false, error });
    expect(ids(groupConversations(failed.conversations, failed.agentId).active)).toEqual([c.id]);

    const opened = reducer(failed, { type: 'openRequested', conversationId: c.id });
    expect(opened.claims).toEqual({});
  });

  it('clears an old error when the agent tries again', () => {
    const c = conversation();
    const state = run([
      { type: 'claimFailed', conversationId: c.id, error },
      { type: 'claimStarted', conversationId: c.id },
    ]);
    expect(state.claims[c.id]).toEqual({ pending: true, error: null });
  });

  it('does not drop a claim in flight when the conversation is opened meanwhile', () => {
    const c = conversation();
    const state = run([
      { type: 'claimStarted', conversationId: c.id },
      { type: 'openRequested', conversationId: c.id },
    ]);
    expect(state.claims[c.id]?.pending).toBe(true);
  });
});

describe('transfers', () => {
  it('moves a transferred chat out of mine: to a colleague’s active chats, or back to waiting', () => {
    const c = conversation({ status: 'active', agentId: ME, agentName: 'Me' });
    const loaded = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'openRequested', conversationId: c.id },
    ]);
    expect(ids(groupConversations(loaded.conversations, ME).mine)).toEqual([c.id]);

    const toAgent = reducer(loaded, {
      type: 'transferred',
      conversation: { ...c, agentId: '00000000-0000-4000-8000-0000000000ee', agentName: 'Lan' },
    });
    expect(ids(groupConversations(toAgent.conversations, ME).active)).toEqual([c.id]);
    expect(toAgent.open?.conversationId).toBe(c.id);

    const requeued = reducer(loaded, {
      type: 'transferred',
      conversation: { ...c, status: 'waiting', agentId: null, agentName: null, channelName: 'Sales' },
    });
    expect(ids(groupConversations(requeued.conversations, ME).waiting)).toEqual([c.id]);
    expect(requeued.conversations[c.id]?.channelName).toBe('Sales');
  });
});

describe('system message wording', () => {
  it('words the routing codes in English and Vietnamese', () => {
    expect(systemText('en', SYSTEM_MESSAGES.transferredToAgent, 'Lan')).toBe('Lan transferred the conversation');
    expect(systemText('en', SYSTEM_MESSAGES.transferredToChannel, 'Sales')).toBe('Transferred to Sales');
    expect(systemText('vi', SYSTEM_MESSAGES.transferredToChannel, 'Sales')).toBe('Đã chuyển sang Sales');
    expect(systemText('en', SYSTEM_MESSAGES.requeued, null)).toMatch(/waiting again/);
    expect(systemText('vi', SYSTEM_MESSAGES.missed, null)).toMatch(/^Khách đã rời đi/);
  });

  it('reads well without a name, and shows unknown codes as sent', () => {
    expect(systemText('en', SYSTEM_MESSAGES.transferredToAgent, null)).toBe('The conversation was transferred');
    expect(systemText('en', SYSTEM_MESSAGES.agentJoined, '  ')).toBe('An agent joined the chat');
    expect(systemText('vi', 'some.future.code', 'x')).toBe('some.future.code');
  });

  it('names the new channel in a list preview, and no one where the conversation does not tell', () => {
    const c = conversation({ agentName: 'Lan', channelName: 'Sales' });
    expect(previewSystemName(SYSTEM_MESSAGES.transferredToChannel, c)).toBe('Sales');
    expect(previewSystemName(SYSTEM_MESSAGES.agentJoined, c)).toBe('Lan');
    expect(previewSystemName(SYSTEM_MESSAGES.transferredToAgent, c)).toBeNull();
  });
});

describe('mailtoHref', () => {
  it('keeps a plain address readable', () => {
    expect(mailtoHref('lan@example.com')).toBe('mailto:lan@example.com');
  });

  it('cannot be turned into extra headers or recipients', () => {
    expect(mailtoHref('a?cc=x@evil.test&b@c.d')).toBe('mailto:a%3Fcc%3Dx@evil.test%26b@c.d');
  });
});

import { EVENTS } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import {
  addPending,
  applyConversation,
  applySession,
  resetVisitor,
  canSend,
  chosenChannel,
  createStore,
  highestSeq,
  initialState,
  mergeMessages,
  receiveMessage,
  serverHandlers,
  setPendingState,
  updateConversation,
  visibleMessages,
  type WidgetState,
} from '../src/app/store.ts';
import { conversation, message, site, visitor } from './fixtures.ts';

const withConversation = (overrides = {}): WidgetState => ({
  ...initialState('en'),
  conversation: conversation(overrides),
});

describe('mergeMessages', () => {
  it('orders messages by seq whatever order they arrive in', () => {
    const merged = mergeMessages([message(3), message(1)], [message(4), message(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps one copy of a message received twice, the newest version winning', () => {
    const merged = mergeMessages([message(1), message(2)], [message(2, { text: 'edited' })]);
    expect(merged).toHaveLength(2);
    expect(merged[1]!.text).toBe('edited');
  });

  it('drops internal notes should one ever arrive', () => {
    expect(mergeMessages([], [message(1, { internal: true })])).toEqual([]);
  });
});

describe('own messages', () => {
  it('replaces a pending message by the stored one with the same clientId, in place', () => {
    let state = addPending(withConversation(), 'client-1', 'hello');
    expect(visibleMessages(state).map((m) => [m.key, m.state])).toEqual([['client-1', 'sending']]);

    state = receiveMessage(state, message(1, { sender: 'visitor', clientId: 'client-1', text: 'hello' }));
    expect(state.pending).toEqual([]);
    expect(visibleMessages(state).map((m) => [m.key, m.state])).toEqual([['client-1', 'sent']]);
  });

  it('lists acknowledged messages by seq, then the unacknowledged ones', () => {
    let state = addPending(withConversation(), 'client-9', 'still sending');
    state = receiveMessage(state, message(2));
    state = receiveMessage(state, message(1, { sender: 'system', authorName: null }));
    expect(visibleMessages(state).map((m) => m.text)).toEqual(['message 1', 'message 2', 'still sending']);
  });

  it('keeps a failed message with its error until it is retried', () => {
    const error = { code: 'QUEUE_FULL' as const, message: 'full' };
    let state = setPendingState(addPending(withConversation(), 'c', 'hi'), 'c', 'failed', error);
    expect(visibleMessages(state)[0]).toMatchObject({ state: 'failed', error });
    state = setPendingState(state, 'c', 'sending');
    expect(visibleMessages(state)[0]).toMatchObject({ state: 'sending', error: null });
  });
});

describe('conversation snapshots', () => {
  it('merges a snapshot of the same conversation and settles pending messages it holds', () => {
    let state = addPending(withConversation(), 'client-1', 'hi');
    state = receiveMessage(state, message(1));
    state = applyConversation(state, conversation({ lastSeq: 2 }), [
      message(2, { sender: 'visitor', clientId: 'client-1', text: 'hi' }),
    ]);
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(state.pending).toEqual([]);
  });

  it("drops the old conversation's messages when switching to a new conversation", () => {
    let state = receiveMessage(withConversation({ status: 'closed' }), message(1));
    const next = conversation({ id: '00000000-0000-4000-8000-000000000002' });
    state = applyConversation(state, next, [message(1, { id: 'x', conversationId: next.id })]);
    expect(state.messages.map((m) => m.id)).toEqual(['x']);
  });

  it('keeps a live update that an older acknowledgement snapshot would overwrite', () => {
    let state = updateConversation(withConversation({ lastSeq: 1 }), conversation({ status: 'active', lastSeq: 2 }));
    state = applyConversation(state, conversation({ status: 'waiting', lastSeq: 1 }), []);
    expect(state.conversation?.status).toBe('active');
  });

  it('computes afterSeq for a sync from the messages held', () => {
    const state = receiveMessage(receiveMessage(withConversation(), message(3)), message(7));
    expect(highestSeq(state.messages, state.conversation!.id)).toBe(7);
    expect(highestSeq([], 'none')).toBe(0);
  });
});

describe('server event table', () => {
  it('handles every visitor server event, by updating state only', () => {
    expect(Object.keys(serverHandlers).sort()).toEqual(
      [EVENTS.conversationUpdated, EVENTS.messageNew, EVENTS.queuePosition, EVENTS.siteAvailability, EVENTS.typing].sort(),
    );
    const store = createStore(withConversation());
    store.update((s) => serverHandlers[EVENTS.messageNew](s, message(1)));
    store.update((s) => serverHandlers[EVENTS.conversationUpdated](s, conversation({ status: 'active', agentName: 'Mai' })));
    expect(store.get().messages).toHaveLength(1);
    expect(store.get().conversation).toMatchObject({ status: 'active', agentName: 'Mai' });
  });

  it('counts agent messages as unread only while the panel is closed', () => {
    let state = receiveMessage(withConversation(), message(1));
    state = receiveMessage(state, message(1)); // a duplicate is not counted twice
    state = receiveMessage(state, message(2, { sender: 'visitor' }));
    expect(state.unread).toBe(1);
    expect(receiveMessage({ ...state, open: true }, message(3)).unread).toBe(1);
  });

  it('does not let another conversation replace one that is still open', () => {
    const state = withConversation({ status: 'active' });
    const other = conversation({ id: '00000000-0000-4000-8000-000000000002' });
    expect(updateConversation(state, other)).toBe(state);
    expect(updateConversation({ ...state, conversation: conversation({ status: 'closed' }) }, other).conversation?.id).toBe(other.id);
  });
});

describe('sending rules', () => {
  it('uses the only channel, or waits for the visitor to choose among several', () => {
    const ready = { ...initialState('en'), session: 'ready' as const };
    expect(chosenChannel({ ...ready, site: site(['Support']) })).toBe(site().channels[0]!.id);

    const several = { ...ready, site: site(['Sales', 'Support']) };
    expect(canSend(several)).toBe(false);
    const salesId = several.site.channels[0]!.id;
    expect(canSend({ ...several, channelId: salesId })).toBe(true);
    expect(canSend({ ...several, channelId: 'not-a-channel' })).toBe(false);
  });

  it('sends into an open conversation without a channel choice', () => {
    const state = { ...withConversation({ status: 'active' }), session: 'ready' as const, site: site(['A', 'B']) };
    expect(canSend(state)).toBe(true);
  });
});

describe('visitors: reset and identify', () => {
  it('reset forgets the visitor and everything said, keeps the page and site settings', () => {
    let state = applySession(initialState('vi', 'widget', true), site(), visitor({ name: 'Mai' }), 'vi');
    state = { ...addPending(withConversationOf(state), 'c1', 'hi'), open: true, unread: 2, draft: 'x', launcherHidden: true };
    const next = resetVisitor(state);
    expect(next).toMatchObject({
      open: false,
      session: 'idle',
      visitor: null,
      conversation: null,
      messages: [],
      pending: [],
      unread: 0,
      draft: '',
      lang: 'vi',
      muted: true,
      launcherHidden: true,
      site: state.site,
    });
  });

  it('a session for another visitor (verified user known from another device) drops the old chat', () => {
    const before = { ...applySession(initialState('en'), site(), visitor(), 'en'), conversation: conversation(), messages: [message(1)] };
    const same = applySession(before, site(), visitor({ email: 'mai@example.com' }), 'en');
    expect(same.conversation).not.toBeNull();
    expect(same.visitor?.email).toBe('mai@example.com');
    const other = applySession(before, site(), visitor({ id: '40000000-0000-4000-8000-000000000002', verified: true }), 'en');
    expect(other.conversation).toBeNull();
    expect(other.messages).toEqual([]);
    expect(other.visitor?.verified).toBe(true);
  });
});

function withConversationOf(state: WidgetState): WidgetState {
  return { ...state, conversation: conversation({ status: 'active' }), messages: [message(1)] };
}

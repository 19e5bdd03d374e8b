import { describe, expect, it } from 'vitest';
import {
  groupConversations,
  initialState,
  outgoingFor,
  reducer,
  unreadCount,
  type Action,
  type ConsoleState,
  type OutgoingMessage,
} from '../src/store.ts';
import { conversation, message } from './fixtures.ts';

const run = (actions: Action[], state: ConsoleState = initialState) => actions.reduce(reducer, state);

const visitorLast = (seq: number) => ({
  lastSeq: seq,
  lastMessage: { text: `message ${seq}`, sender: 'visitor' as const, createdAt: '2025-01-01T10:05:00.000Z' },
});

function outgoing(conversationId: string, clientId: string): OutgoingMessage {
  return { clientId, conversationId, text: 'hi', internal: false, createdAt: '', status: 'sending', error: null };
}

describe('conversation list events', () => {
  it('adds a created conversation and replaces an updated one by id', () => {
    const c = conversation();
    const state = run([
      { type: 'listLoaded', conversations: [] },
      { type: 'conversationCreated', conversation: c },
      { type: 'conversationUpdated', conversation: { ...c, status: 'active' } },
    ]);
    expect(Object.values(state.conversations)).toEqual([{ ...c, status: 'active' }]);
  });

  it('does not move the last message backwards when an older update arrives', () => {
    const c = conversation(visitorLast(5));
    const state = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'conversationUpdated', conversation: { ...c, ...visitorLast(3), status: 'active' } },
    ]);
    expect(state.conversations[c.id]).toMatchObject({ status: 'active', lastSeq: 5 });
  });

  it('marks nothing unread on the first load', () => {
    const state = run([{ type: 'listLoaded', conversations: [conversation(visitorLast(2))] }]);
    expect(unreadCount(state)).toBe(0);
  });

  it('marks conversations unread when visitor messages arrive while they are not open', () => {
    const open = conversation();
    const other = conversation();
    const state = run([
      { type: 'listLoaded', conversations: [open, other] },
      { type: 'openRequested', conversationId: open.id },
      { type: 'conversationUpdated', conversation: { ...other, ...visitorLast(1) } },
      { type: 'conversationUpdated', conversation: { ...open, ...visitorLast(1) } },
    ]);
    expect(state.unread).toEqual({ [other.id]: true });
  });

  it('marks a new conversation with a visitor message unread', () => {
    const c = conversation(visitorLast(1));
    const state = run([
      { type: 'listLoaded', conversations: [] },
      { type: 'conversationCreated', conversation: c },
    ]);
    expect(state.unread[c.id]).toBe(true);
  });

  it('marks unread what arrived while disconnected when the list reloads', () => {
    const c = conversation(visitorLast(1));
    const state = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'listLoaded', conversations: [{ ...c, ...visitorLast(2) }] },
    ]);
    expect(state.unread[c.id]).toBe(true);
  });

  it('clears the unread mark when the conversation is opened', () => {
    const c = conversation();
    const state = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'messageNew', message: message(c.id, 1) },
      { type: 'openRequested', conversationId: c.id },
    ]);
    expect(unreadCount(state)).toBe(0);
  });

  it('groups by status: waiting oldest first, active most recent first, ended ones together', () => {
    const older = conversation({ createdAt: '2025-01-01T09:00:00.000Z' });
    const newer = conversation({ createdAt: '2025-01-01T09:30:00.000Z' });
    const quiet = conversation({ status: 'active', createdAt: '2025-01-01T08:00:00.000Z' });
    const busy = conversation({ status: 'active', ...visitorLast(3) });
    const closed = conversation({ status: 'closed' });
    const missed = conversation({ status: 'missed' });
    const groups = groupConversations(
      Object.fromEntries([newer, older, quiet, busy, closed, missed].map((c) => [c.id, c])),
    );
    expect(groups.waiting.map((c) => c.id)).toEqual([older.id, newer.id]);
    expect(groups.active.map((c) => c.id)).toEqual([busy.id, quiet.id]);
    expect(groups.closed.map((c) => c.id).sort()).toEqual([closed.id, missed.id].sort());
  });
});

describe('the open conversation', () => {
  it('appends live messages of the open conversation in seq order, once each', () => {
    const c = conversation();
    const state = run([
      { type: 'listLoaded', conversations: [c] },
      { type: 'openRequested', conversationId: c.id },
      { type: 'opened', result: { conversation: c, messages: [message(c.id, 1)], visitor: { id: c.visitorId, name: null, email: null, verified: false } } },
      { type: 'messageNew', message: message(c.id, 3) },
      { type: 'messageNew', message: message(c.id, 2) },
      { type: 'messageNew', message: message(c.id, 3) },
    ]);
    expect(state.open?.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(state.conversations[c.id]?.lastSeq).toBe(3);
  });

  it('keeps messages that arrive while the history is loading', () => {
    const c = conversation();
    const state = run([
      { type: 'openRequested', conversationId: c.id },
      { type: 'messageNew', message: message(c.id, 2) },
      { type: 'opened', result: { conversation: c, messages: [message(c.id, 1)], visitor: { id: c.visitorId, name: 'An', email: null, verified: false } } },
    ]);
    expect(state.open).toMatchObject({ loading: false, visitor: { name: 'An' } });
    expect(state.open?.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('ignores the answer for a conversation the agent already left', () => {
    const a = conversation();
    const b = conversation();
    const state = run([
      { type: 'openRequested', conversationId: a.id },
      { type: 'openRequested', conversationId: b.id },
      { type: 'opened', result: { conversation: a, messages: [message(a.id, 1)], visitor: { id: a.visitorId, name: null, email: null, verified: false } } },
    ]);
    expect(state.open).toMatchObject({ conversationId: b.id, loading: true, messages: [] });
  });

  it('merges what a sync returns after a reconnect', () => {
    const c = conversation();
    const state = run([
      { type: 'openRequested', conversationId: c.id },
      { type: 'opened', result: { conversation: c, messages: [message(c.id, 1)], visitor: { id: c.visitorId, name: null, email: null, verified: false } } },
      { type: 'synced', conversation: { ...c, status: 'active' }, messages: [message(c.id, 2), message(c.id, 3)] },
    ]);
    expect(state.open?.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(state.conversations[c.id]?.status).toBe('active');
  });
});

describe('sending', () => {
  it('shows a message as sending, then replaces it with the stored one on ack', () => {
    const c = conversation({ status: 'active' });
    const sending = run([
      { type: 'openRequested', conversationId: c.id },
      { type: 'draftChanged', conversationId: c.id, draft: { text: 'hi', internal: true } },
      { type: 'sendQueued', message: outgoing(c.id, 'client-1') },
    ]);
    expect(outgoingFor(sending, c.id)).toHaveLength(1);
    expect(sending.drafts[c.id]).toEqual({ text: '', internal: true });

    const stored = message(c.id, 1, { sender: 'agent', clientId: 'client-1' });
    const sent = reducer(sending, { type: 'sendAcked', clientId: 'client-1', message: stored });
    expect(sent.outbox).toEqual([]);
    expect(sent.open?.messages).toEqual([stored]);
  });

  it('settles a pending message when its broadcast arrives before the ack', () => {
    const c = conversation();
    const state = run([
      { type: 'openRequested', conversationId: c.id },
      { type: 'sendQueued', message: outgoing(c.id, 'client-2') },
      { type: 'messageNew', message: message(c.id, 1, { sender: 'agent', clientId: 'client-2' }) },
    ]);
    expect(state.outbox).toEqual([]);
    expect(state.open?.messages).toHaveLength(1);
  });

  it('marks a refused message failed with the error, and sending again on retry', () => {
    const c = conversation();
    const error = { code: 'FORBIDDEN' as const, message: 'You are not allowed to do that.' };
    const failed = run([
      { type: 'sendQueued', message: outgoing(c.id, 'client-3') },
      { type: 'sendFailed', clientId: 'client-3', error },
    ]);
    expect(failed.outbox[0]).toMatchObject({ status: 'failed', error });
    const retried = reducer(failed, { type: 'sendRetried', clientId: 'client-3' });
    expect(retried.outbox[0]).toMatchObject({ status: 'sending', error: null, clientId: 'client-3' });
  });

  it('keeps drafts per conversation', () => {
    const state = run([
      { type: 'draftChanged', conversationId: 'a', draft: { text: 'for a', internal: false } },
      { type: 'draftChanged', conversationId: 'b', draft: { text: 'for b', internal: true } },
    ]);
    expect(state.drafts).toEqual({ a: { text: 'for a', internal: false }, b: { text: 'for b', internal: true } });
  });
});

describe('conversations removed on the server', () => {
  it('forgets them everywhere, closes the open one, and drops an erased visitor\'s panel', () => {
    const gone = conversation({ id: 'gone', visitorId: 'v-erased' });
    const kept = conversation({ id: 'kept', visitorId: 'v-other' });
    const before = run([
      { type: 'listLoaded', conversations: [gone, kept] },
      { type: 'openRequested', conversationId: 'gone' },
      { type: 'draftChanged', conversationId: 'gone', draft: { text: 'half-written', internal: false } },
      { type: 'sendQueued', message: outgoing('gone', 'c1') },
      { type: 'contextLoaded', visitor: { id: 'v-erased' } as never, conversations: [gone] },
      { type: 'contextLoaded', visitor: { id: 'v-other' } as never, conversations: [kept, gone] },
    ]);
    const after = reducer(before, { type: 'conversationsRemoved', conversationIds: ['gone'], erasedVisitorId: 'v-erased' });
    expect(Object.keys(after.conversations)).toEqual(['kept']);
    expect(after.open).toBeNull();
    expect(after.drafts).toEqual({});
    expect(after.outbox).toEqual([]);
    expect(after.contexts['v-erased']).toBeUndefined();
    expect(after.contexts['v-other']!.conversations.map((c) => c.id)).toEqual(['kept']);
    // Retention: no visitor named, other state untouched.
    const retained = reducer(after, { type: 'conversationsRemoved', conversationIds: ['unknown'] });
    expect(retained.conversations).toBe(after.conversations);
  });
});

/** The store's inbox tools: typing, search, visitor context, canned responses, read-based unread. */
import { EVENTS, previewText } from '@parley/protocol';
import type { VisitorContext } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { attachmentName, transcriptFilename } from '../src/api.ts';
import { formatLocalTime, formatLocale } from '../src/format.ts';
import { MESSAGES } from '../src/i18n.ts';
import { serverEvents } from '../src/socket.ts';
import {
  cannedOf,
  contextOf,
  createState,
  groupConversations,
  reducer,
  searchResults,
  typingOf,
  TYPING_TTL_MS,
  unreadCount,
  type Action,
  type ConsoleState,
} from '../src/store.ts';
import { conversation, message } from './fixtures.ts';

const ME = '00000000-0000-4000-8000-0000000000aa';
const run = (actions: Action[], state: ConsoleState = createState(ME)) => actions.reduce(reducer, state);
const error = { code: 'INTERNAL' as const, message: 'Something went wrong on our side.' };

function visitorContext(overrides: Partial<VisitorContext> = {}): VisitorContext {
  return {
    id: '00000000-0000-4000-8000-000000005001',
    name: 'Lan',
    email: 'lan@example.com',
    verified: true,
    externalId: 'u-1',
    blocked: false,
    attributes: { plan: 'pro', orders: 3, vip: true },
    currentUrl: 'https://shop.example/cart',
    pages: [{ url: 'https://shop.example/', at: '2025-01-01T10:00:00.000Z' }],
    locale: 'vi-VN',
    timeZone: 'Asia/Ho_Chi_Minh',
    createdAt: '2025-01-01T09:00:00.000Z',
    lastSeenAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('visitor typing', () => {
  const c = conversation({ status: 'active', agentId: ME });

  it('comes from the typing event, stamped on arrival, with the sneak peek', () => {
    const action = serverEvents[EVENTS.typing]!({ conversationId: c.id, typing: true, preview: 'Cho mình hỏi' });
    expect(action).toMatchObject({ type: 'typing', conversationId: c.id, typing: true, preview: 'Cho mình hỏi' });
    const state = reducer(createState(ME), action);
    expect(typingOf(state, c.id, Date.now())).toMatchObject({ preview: 'Cho mình hỏi' });
  });

  it('stops on "stopped typing", on the visitor’s message, and when the chat ends', () => {
    const typing: Action = { type: 'typing', conversationId: c.id, typing: true, at: 1000 };
    expect(run([typing, { type: 'typing', conversationId: c.id, typing: false, at: 2000 }]).typing).toEqual({});
    expect(run([{ type: 'listLoaded', conversations: [c] }, typing, { type: 'messageNew', message: message(c.id, 1) }]).typing).toEqual({});
    expect(run([typing, { type: 'messageNew', message: message(c.id, 1, { sender: 'agent' }) }]).typing[c.id]).toBeDefined();
    expect(run([typing, { type: 'conversationUpdated', conversation: { ...c, status: 'closed' } }]).typing).toEqual({});
  });

  it('expires when not renewed, but a renewed signal survives the old expiry', () => {
    const state = run([
      { type: 'typing', conversationId: c.id, typing: true, preview: 'a', at: 1000 },
      { type: 'typing', conversationId: c.id, typing: true, preview: 'ab', at: 3000 },
      { type: 'typingExpired', conversationId: c.id, at: 1000 },
    ]);
    expect(state.typing[c.id]).toEqual({ preview: 'ab', at: 3000 });
    expect(reducer(state, { type: 'typingExpired', conversationId: c.id, at: 3000 }).typing).toEqual({});
    expect(typingOf(state, c.id, 3000 + TYPING_TTL_MS)).toBeNull();
  });

  it('treats a blank draft as no preview', () => {
    expect(run([{ type: 'typing', conversationId: c.id, typing: true, preview: '   ', at: 1 }]).typing[c.id]?.preview).toBeNull();
  });
});

describe('search', () => {
  const a = conversation({ visitorName: 'Hà Nội' });
  const b = conversation({ status: 'closed' });
  const request = { query: 'ha noi', channelId: null, agentId: null };

  it('keeps the answer of the latest request only', () => {
    const state = run([
      { type: 'searchStarted', seq: 1, request },
      { type: 'searchStarted', seq: 2, request: { ...request, query: 'ha' } },
      { type: 'searchLoaded', seq: 1, conversations: [b] },
      { type: 'searchLoaded', seq: 2, conversations: [a] },
    ]);
    expect(state.search).toMatchObject({ seq: 2, pending: false, request: { query: 'ha' } });
    expect(searchResults(state)?.map((c) => c.id)).toEqual([a.id]);
  });

  it('shows results in their freshest copy', () => {
    const state = run([
      { type: 'listLoaded', conversations: [a] },
      { type: 'searchStarted', seq: 1, request },
      { type: 'searchLoaded', seq: 1, conversations: [a] },
      { type: 'conversationUpdated', conversation: { ...a, status: 'active' } },
    ]);
    expect(searchResults(state)?.[0]?.status).toBe('active');
  });

  it('keeps the previous results on screen while a new search runs, and reports failures', () => {
    const state = run([
      { type: 'searchStarted', seq: 1, request },
      { type: 'searchLoaded', seq: 1, conversations: [a] },
      { type: 'searchStarted', seq: 2, request },
    ]);
    expect(state.search).toMatchObject({ pending: true });
    expect(state.search?.results).toEqual([a]);
    const failed = reducer(state, { type: 'searchFailed', seq: 2, error });
    expect(failed.search).toMatchObject({ pending: false, error });
    expect(reducer(failed, { type: 'searchFailed', seq: 1, error: { ...error, message: 'old' } })).toBe(failed);
  });

  it('is gone once cleared, leaving the inbox untouched', () => {
    const state = run([
      { type: 'listLoaded', conversations: [a] },
      { type: 'searchStarted', seq: 1, request },
      { type: 'searchLoaded', seq: 1, conversations: [b] },
      { type: 'searchCleared' },
    ]);
    expect(state.search).toBeNull();
    expect(searchResults(state)).toBeNull();
    expect(Object.keys(state.conversations)).toEqual([a.id]);
  });
});

describe('filters', () => {
  it('narrow the inbox to one assigned agent', () => {
    const mine = conversation({ status: 'active', agentId: ME });
    const theirs = conversation({ status: 'active', agentId: 'other' });
    const waiting = conversation();
    const groups = groupConversations(Object.fromEntries([mine, theirs, waiting].map((c) => [c.id, c])), ME, null, ME);
    expect(groups.mine.map((c) => c.id)).toEqual([mine.id]);
    expect(groups.active).toEqual([]);
    expect(groups.waiting).toEqual([]);
  });
});

describe('visitor context', () => {
  const visitor = visitorContext();

  it('loads per visitor and records their verification', () => {
    const past = conversation({ visitorId: visitor.id, status: 'closed' });
    const loading = run([{ type: 'contextRequested', visitorId: visitor.id }]);
    expect(contextOf(loading, visitor.id)).toMatchObject({ loading: true, visitor: null });
    const state = reducer(loading, { type: 'contextLoaded', visitor, conversations: [past] });
    expect(contextOf(state, visitor.id)).toEqual({ visitor, conversations: [past], loading: false, error: null });
    expect(state.verified[visitor.id]).toBe(true);
  });

  it('keeps what it had when a refresh fails, with the error', () => {
    const state = run([
      { type: 'contextLoaded', visitor, conversations: [] },
      { type: 'contextRequested', visitorId: visitor.id },
      { type: 'contextFailed', visitorId: visitor.id, error },
    ]);
    expect(contextOf(state, visitor.id)).toMatchObject({ visitor, loading: false, error });
  });

  it('lends a past conversation’s copy to the view while it opens', () => {
    const past = conversation({ visitorId: visitor.id, status: 'closed' });
    const state = run([
      { type: 'contextLoaded', visitor, conversations: [past] },
      { type: 'openRequested', conversationId: past.id },
    ]);
    expect(state.conversations[past.id]).toEqual(past);
    expect(state.open).toMatchObject({ conversationId: past.id, loading: true });
  });

  it('follows a block', () => {
    const state = run([
      { type: 'contextLoaded', visitor, conversations: [] },
      { type: 'visitorBlocked', visitor: { ...visitor, blocked: true } },
    ]);
    expect(contextOf(state, visitor.id).visitor?.blocked).toBe(true);
  });
});

describe('canned responses', () => {
  const SITE = conversation().siteId;
  const responses = [{ id: '00000000-0000-4000-8000-000000000c01', shortcut: 'hi', text: 'Hi {visitor.name}' }];

  it('load per site, and keep the error of a failed load', () => {
    expect(cannedOf(createState(ME), SITE)).toMatchObject({ loaded: false, loading: false });
    const loaded = run([{ type: 'cannedRequested', siteId: SITE }, { type: 'cannedLoaded', siteId: SITE, responses }]);
    expect(cannedOf(loaded, SITE)).toEqual({ responses, loaded: true, loading: false, error: null });
    const failed = run([{ type: 'cannedRequested', siteId: SITE }, { type: 'cannedFailed', siteId: SITE, error }]);
    expect(cannedOf(failed, SITE)).toMatchObject({ loaded: false, loading: false, error });
  });
});

describe('unread by read receipts', () => {
  const visitorLast = (seq: number) => ({
    lastSeq: seq,
    lastMessage: { text: 'hi', sender: 'visitor' as const, createdAt: '2025-01-01T10:05:00.000Z' },
  });

  it('marks the agent’s own chats whose visitor messages were never read unread on the first load', () => {
    const neverRead = conversation({ status: 'active', agentId: ME, ...visitorLast(3), agentReadSeq: 0 });
    // A receipt short of lastSeq proves nothing: system lines count in lastSeq too.
    const readOnce = conversation({ status: 'active', agentId: ME, ...visitorLast(3), agentReadSeq: 2 });
    const theirs = conversation({ status: 'active', agentId: 'other', ...visitorLast(3) });
    const state = run([{ type: 'listLoaded', conversations: [neverRead, readOnce, theirs] }]);
    expect(state.unread).toEqual({ [neverRead.id]: true });
  });

  it('does not take a system line (joined, requeued) for a new visitor message', () => {
    const mine = conversation({ status: 'active', agentId: ME, ...visitorLast(1), agentReadSeq: 1 });
    const other = conversation({ status: 'active', agentId: ME, ...visitorLast(1), agentReadSeq: 1 });
    const state = run([
      { type: 'listLoaded', conversations: [mine, other] },
      { type: 'openRequested', conversationId: other.id },
      // The server's update after a system line: the seq moved on, the last message did not.
      { type: 'conversationUpdated', conversation: { ...mine, lastSeq: 2 } },
    ]);
    expect(unreadCount(state)).toBe(0);
    // The same seen through the open conversation's messages keeps the visitor's last message.
    const live = run(
      [{ type: 'messageNew', message: message(other.id, 2, { sender: 'system', text: 'agent.joined' }) }],
      state,
    );
    expect(live.conversations[other.id]).toMatchObject({ lastSeq: 2, lastMessage: { sender: 'visitor', text: 'hi' } });
  });

  it('takes the server’s preview of a long message for the one it read in full', () => {
    const long = 'Cho tôi hỏi về đơn hàng số 12345, giao đến Hà Nội. '.repeat(12);
    const chat = conversation({ status: 'active', agentId: ME, ...visitorLast(1), agentReadSeq: 1 });
    const other = conversation({ status: 'active', agentId: ME, ...visitorLast(1), agentReadSeq: 1 });
    const said = message(chat.id, 2, { text: long });
    const state = run([
      { type: 'listLoaded', conversations: [chat, other] },
      { type: 'openRequested', conversationId: chat.id },
      { type: 'messageNew', message: said },
      { type: 'openRequested', conversationId: other.id },
      // The server's update after a system line: the same last message, as its preview.
      {
        type: 'conversationUpdated',
        conversation: { ...chat, lastSeq: 3, lastMessage: { text: previewText(long), sender: 'visitor', createdAt: said.createdAt } },
      },
    ]);
    expect(state.conversations[chat.id]?.lastMessage?.text).toBe(previewText(long));
    expect(unreadCount(state)).toBe(0);
  });

  it('clears the mark when another tab of the agent read the chat', () => {
    const mine = conversation({ status: 'active', agentId: ME, ...visitorLast(3), agentReadSeq: 2 });
    const state = run([
      { type: 'listLoaded', conversations: [mine] },
      { type: 'conversationUpdated', conversation: { ...mine, agentReadSeq: 3 } },
    ]);
    expect(unreadCount(state)).toBe(0);
  });
});

describe('visitor panel formatting', () => {
  const noon = Date.parse('2025-06-15T12:00:00.000Z');

  it('shows the visitor’s local time with the zone offset', () => {
    // ICU versions differ in spaces (U+202F before PM), so compare with plain spaces.
    expect(formatLocalTime('Asia/Ho_Chi_Minh', noon, 'en')?.replace(/\s/gu, ' ')).toBe('Sun 07:00 PM · GMT+7');
    expect(formatLocalTime('Asia/Ho_Chi_Minh', noon, 'vi')).toMatch(/^CN 19:00 · GMT\+7$/u);
    expect(formatLocalTime('Not/AZone', noon, 'en')).toBeNull();
    expect(formatLocalTime(null, noon, 'en')).toBeNull();
  });

  it('names the visitor’s language in the UI language, with its code', () => {
    expect(formatLocale('vi-VN', 'en')).toBe('Vietnamese (Vietnam) (vi-VN)');
    expect(formatLocale('en', 'vi')).toBe('Tiếng Anh (en)');
    expect(formatLocale('', 'en')).toBeNull();
    expect(formatLocale('x\u202Ey', 'en')).toBe('xy');
  });
});

describe('transcript downloads', () => {
  it('take the server’s file name, with only safe characters, or make one', () => {
    expect(attachmentName('attachment; filename="conversation-1234abcd.txt"')).toBe('conversation-1234abcd.txt');
    expect(attachmentName('attachment; filename="../../etc/passwd"')).toBe('....etcpasswd');
    expect(attachmentName(null)).toBeNull();
    expect(transcriptFilename('1234abcd-0000-4000-8000-000000000000', 'json')).toBe('conversation-1234abcd.json');
  });
});

describe('strings', () => {
  it('word a nameless visitor in each language', () => {
    expect(MESSAGES.en.inbox.canned.nameFallback).toBe('there');
    expect(MESSAGES.vi.inbox.canned.nameFallback).toBe('bạn');
  });
});

describe('sign-in', () => {
  it('does not take updates that arrive before the first list for new messages', () => {
    // Chats requeued while the agent was away are assigned again as they sign in: the updates
    // can beat the list answer.
    const c = conversation({ status: 'active', agentId: ME, lastSeq: 5, agentReadSeq: 3, lastMessage: { text: 'hi', sender: 'visitor', createdAt: '2025-01-01T10:05:00.000Z' } });
    const state = run([
      { type: 'conversationUpdated', conversation: c },
      { type: 'listLoaded', conversations: [c] },
    ]);
    expect(unreadCount(state)).toBe(0);
  });
});

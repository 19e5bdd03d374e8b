/** Visitors online, proactive chats and identity verification: the store and their formatting. */
import { describe, expect, it } from 'vitest';
import { formatSeenAgo, shortUrl } from '../src/format.ts';
import { MESSAGES } from '../src/i18n.ts';
import {
  createState,
  groupConversations,
  onlineVisitorsOf,
  reducer,
  type Action,
  type ConsoleState,
} from '../src/store.ts';
import { conversation, message, onlineVisitor } from './fixtures.ts';

const ME = '00000000-0000-4000-8000-0000000000aa';
const SITE = conversation().siteId;
const OTHER_SITE = '00000000-0000-4000-8000-0000000000bb';
const run = (actions: Action[], state: ConsoleState = createState(ME)) => actions.reduce(reducer, state);
const error = { code: 'CONFLICT' as const, message: 'This visitor already has an open conversation.' };

describe('visitors online', () => {
  it('is empty and not loaded for a site never asked about', () => {
    expect(onlineVisitorsOf(createState(ME), SITE)).toEqual({ visitors: [], loaded: false, loading: false, error: null });
  });

  it('loads per site, most recently seen first', () => {
    const early = onlineVisitor({ lastSeenAt: '2025-01-01T10:00:00.000Z' });
    const late = onlineVisitor({ lastSeenAt: '2025-01-01T10:05:00.000Z' });
    const elsewhere = onlineVisitor();
    const requested = run([{ type: 'onlineVisitorsRequested', siteId: SITE }]);
    expect(onlineVisitorsOf(requested, SITE)).toMatchObject({ loading: true, loaded: false });

    const state = run(
      [
        { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [early, late] },
        { type: 'onlineVisitorsLoaded', siteId: OTHER_SITE, visitors: [elsewhere] },
      ],
      requested,
    );
    expect(onlineVisitorsOf(state, SITE)).toEqual({ visitors: [late, early], loaded: true, loading: false, error: null });
    expect(onlineVisitorsOf(state, OTHER_SITE).visitors).toEqual([elsewhere]);
  });

  it('replaces the list on refresh: visitors who left drop out', () => {
    const stays = onlineVisitor();
    const leaves = onlineVisitor();
    const state = run([
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [stays, leaves] },
      { type: 'onlineVisitorsRequested', siteId: SITE },
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [{ ...stays, currentUrl: 'https://shop.example/cart' }] },
    ]);
    expect(onlineVisitorsOf(state, SITE).visitors.map((v) => [v.visitorId, v.currentUrl])).toEqual([
      [stays.visitorId, 'https://shop.example/cart'],
    ]);
  });

  it('keeps the last list on a failed refresh, with the error, until the next answer', () => {
    const v = onlineVisitor();
    const failed = run([
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] },
      { type: 'onlineVisitorsRequested', siteId: SITE },
      { type: 'onlineVisitorsFailed', siteId: SITE, error },
    ]);
    expect(onlineVisitorsOf(failed, SITE)).toEqual({ visitors: [v], loaded: true, loading: false, error });
    const recovered = run([{ type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [] }], failed);
    expect(onlineVisitorsOf(recovered, SITE)).toMatchObject({ visitors: [], error: null });
  });

  it('links a visitor to a conversation that starts, and unlinks it when it ends', () => {
    const v = onlineVisitor();
    const c = conversation({ visitorId: v.visitorId, status: 'waiting' });
    const linked = run([
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] },
      { type: 'conversationCreated', conversation: c },
    ]);
    expect(onlineVisitorsOf(linked, SITE).visitors[0]?.conversationId).toBe(c.id);

    const closed = reducer(linked, { type: 'conversationUpdated', conversation: { ...c, status: 'closed' } });
    expect(onlineVisitorsOf(closed, SITE).visitors[0]?.conversationId).toBeNull();
  });

  it('does not unlink a visitor when an older conversation of theirs ends', () => {
    const current = conversation({ status: 'active' });
    const v = onlineVisitor({ visitorId: current.visitorId, conversationId: current.id });
    const old = conversation({ visitorId: v.visitorId, status: 'closed' });
    const loaded = run([{ type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] }]);
    const state = reducer(loaded, { type: 'conversationUpdated', conversation: old });
    expect(onlineVisitorsOf(state, SITE).visitors[0]?.conversationId).toBe(current.id);
    expect(state.onlineVisitors).toBe(loaded.onlineVisitors); // untouched, not copied
  });
});

describe('starting a chat', () => {
  it('tracks the attempt, then adds the conversation to Mine and links the visitor', () => {
    const v = onlineVisitor();
    const started = run([
      { type: 'listLoaded', conversations: [] },
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] },
      { type: 'initiateStarted', visitorId: v.visitorId },
    ]);
    expect(started.initiations[v.visitorId]).toEqual({ pending: true, error: null });

    const c = conversation({
      visitorId: v.visitorId,
      status: 'active',
      agentId: ME,
      lastSeq: 1,
      lastMessage: { text: 'Hi, can I help?', sender: 'agent', createdAt: '2025-01-01T10:01:00.000Z' },
    });
    const done = reducer(started, { type: 'initiateSucceeded', visitorId: v.visitorId, conversation: c });
    expect(done.initiations).toEqual({});
    expect(groupConversations(done.conversations, ME).mine.map((x) => x.id)).toEqual([c.id]);
    expect(onlineVisitorsOf(done, SITE).visitors[0]?.conversationId).toBe(c.id);
    expect(done.unread).toEqual({}); // the agent's own opening message is not news to them
  });

  it('keeps a refusal for the form to show, and lets it go when the form closes', () => {
    const v = onlineVisitor();
    const failed = run([
      { type: 'initiateStarted', visitorId: v.visitorId },
      { type: 'initiateFailed', visitorId: v.visitorId, error },
    ]);
    expect(failed.initiations[v.visitorId]).toEqual({ pending: false, error });
    expect(reducer(failed, { type: 'initiateDismissed', visitorId: v.visitorId }).initiations).toEqual({});
  });

  it('does not forget an attempt still in flight when the form closes', () => {
    const v = onlineVisitor();
    const state = run([
      { type: 'initiateStarted', visitorId: v.visitorId },
      { type: 'initiateDismissed', visitorId: v.visitorId },
    ]);
    expect(state.initiations[v.visitorId]?.pending).toBe(true);
  });

  it('settles a success whose conversation:created event came first, once', () => {
    const v = onlineVisitor();
    const c = conversation({ visitorId: v.visitorId, status: 'active', agentId: ME });
    const state = run([
      { type: 'initiateStarted', visitorId: v.visitorId },
      { type: 'conversationCreated', conversation: c },
      { type: 'initiateSucceeded', visitorId: v.visitorId, conversation: c },
    ]);
    expect(Object.keys(state.conversations)).toEqual([c.id]);
    expect(state.initiations).toEqual({});
  });
});

describe('identity verification', () => {
  it('is unknown until a conversation is opened or the visitor is listed online', () => {
    expect(createState(ME).verified).toEqual({});
  });

  it('is learned from the opened conversation’s visitor', () => {
    const c = conversation();
    const state = run([
      { type: 'openRequested', conversationId: c.id },
      { type: 'opened', result: { conversation: c, messages: [message(c.id, 1)], visitor: { id: c.visitorId, name: 'Lan', email: 'lan@example.com', verified: true } } },
    ]);
    expect(state.verified).toEqual({ [c.visitorId]: true });
    expect(state.open?.visitor?.verified).toBe(true);
  });

  it('is learned from the online list, the latest answer winning', () => {
    const v = onlineVisitor({ verified: false });
    const state = run([
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] },
      { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [{ ...v, verified: true }] },
    ]);
    expect(state.verified[v.visitorId]).toBe(true);
  });

  it('keeps the same record when nothing changed, and ignores a missing flag', () => {
    const v = onlineVisitor({ verified: true });
    const first = run([{ type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] }]);
    const again = reducer(first, { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [v] });
    expect(again.verified).toBe(first.verified);

    const legacy = { ...onlineVisitor(), verified: undefined as unknown as boolean };
    const state = reducer(first, { type: 'onlineVisitorsLoaded', siteId: SITE, visitors: [legacy] });
    expect(legacy.visitorId in state.verified).toBe(false);
  });
});

describe('shortUrl', () => {
  it('drops the scheme, www and a bare trailing slash', () => {
    expect(shortUrl('https://www.shop.example/')).toBe('shop.example');
    expect(shortUrl('http://shop.example/pricing?plan=pro#faq')).toBe('shop.example/pricing?plan=pro#faq');
  });

  it('decodes escapes for reading, and cuts long addresses with an ellipsis', () => {
    expect(shortUrl('https://shop.example/%C3%A1o-thun')).toBe('shop.example/áo-thun');
    const long = shortUrl(`https://shop.example/${'a'.repeat(100)}`, 30);
    expect(long).toHaveLength(30);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows other schemes as sent, so a javascript: address reads as what it is', () => {
    expect(shortUrl('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(shortUrl('not a url')).toBe('not a url');
  });

  it('strips control and direction-override characters', () => {
    expect(shortUrl('https://shop.example/\u202Egnp.exe')).toBe('shop.example/gnp.exe');
    expect(shortUrl('https://shop.example/a%0Ab')).toBe('shop.example/ab');
  });
});

describe('formatSeenAgo', () => {
  const now = Date.parse('2025-06-15T12:00:00.000Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('counts seconds, minutes, hours and days', () => {
    expect(formatSeenAgo(ago(12), now, MESSAGES.en)).toBe('seen 12s ago');
    expect(formatSeenAgo(ago(5 * 60 + 10), now, MESSAGES.en)).toBe('seen 5m ago');
    expect(formatSeenAgo(ago(3 * 3600), now, MESSAGES.en)).toBe('seen 3h ago');
    expect(formatSeenAgo(ago(2 * 86400), now, MESSAGES.en)).toBe('seen 2d ago');
  });

  it('treats a server clock ahead of ours as just seen, and speaks Vietnamese', () => {
    expect(formatSeenAgo(ago(-5), now, MESSAGES.en)).toBe('seen 0s ago');
    expect(formatSeenAgo(ago(30), now, MESSAGES.vi)).toBe('hoạt động 30 giây trước');
    expect(formatSeenAgo('garbage', now, MESSAGES.en)).toBe('');
  });
});

import { EVENTS } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { statusText } from '../src/app/components/StatusLine.tsx';
import { strings } from '../src/app/i18n.ts';
import {
  addPending,
  applyAvailability,
  applyConversation,
  applySession,
  canSend,
  createStore,
  initialState,
  isEmail,
  offlineReason,
  queuePlace,
  refuseStart,
  serverHandlers,
  setPendingState,
  updateConversation,
  visibleMessages,
  waitMinutes,
  type WidgetState,
} from '../src/app/store.ts';
import { dismissLeave, leaveFailed, leaveSucceeded, submitLeave } from '../src/app/offline.ts';
import { conversation, site } from './fixtures.ts';

const t = strings.en;
const ready = (overrides: Partial<WidgetState> = {}): WidgetState => ({
  ...initialState('en'),
  session: 'ready',
  site: site(),
  ...overrides,
});
const position = (n: number, estimatedWaitSeconds: number | null = null, conversationId = conversation().id) => ({
  conversationId,
  position: n,
  estimatedWaitSeconds,
});

describe('place in line', () => {
  it('shows the latest position of the waiting conversation, with the wait rounded up to minutes', () => {
    const store = createStore(ready({ conversation: conversation() }));
    store.update((s) => serverHandlers[EVENTS.queuePosition](s, position(3, 130)));
    expect(queuePlace(store.get())).toMatchObject({ position: 3 });
    expect(statusText(store.get(), t)).toBe('You are number 3 in line · about 3 min');

    store.update((s) => serverHandlers[EVENTS.queuePosition](s, position(1, null)));
    expect(statusText(store.get(), t)).toBe('You are number 1 in line');
  });

  it('rounds the estimate up to whole minutes, at least one', () => {
    expect([0, 1, 60, 61, 600].map(waitMinutes)).toEqual([1, 1, 1, 2, 10]);
    expect(waitMinutes(null)).toBeNull();
  });

  it('keeps a position that arrives before the start acknowledgement', () => {
    let state = serverHandlers[EVENTS.queuePosition](ready(), position(2));
    expect(queuePlace(state)).toBeNull(); // no conversation yet
    state = applyConversation(state, conversation(), []);
    expect(queuePlace(state)?.position).toBe(2);
  });

  it('ignores a position of another conversation', () => {
    const state = serverHandlers[EVENTS.queuePosition](
      ready({ conversation: conversation() }),
      position(1, null, '00000000-0000-4000-8000-000000000009'),
    );
    expect(queuePlace(state)).toBeNull();
    expect(statusText(state, t)).toBe(t.waiting);
  });

  it('gives way to the agent once the conversation is active, and is not shown again if it waits again', () => {
    let state = serverHandlers[EVENTS.queuePosition](ready({ conversation: conversation() }), position(1, 60));
    state = updateConversation(state, conversation({ status: 'active', agentName: 'Mai', agentId: null }));
    expect(state.queue).toBeNull();
    expect(statusText(state, t)).toBe('You are chatting with Mai');
    state = updateConversation(state, conversation({ status: 'waiting' })); // requeued
    expect(statusText(state, t)).toBe(t.waiting);
  });

  it('says a missed conversation ended and that a new message starts a new one', () => {
    const state = updateConversation(ready({ conversation: conversation() }), conversation({ status: 'missed' }));
    expect(statusText(state, t)).toBe(t.missed);
    expect(canSend(state)).toBe(true); // a new message starts a new conversation
  });
});

describe('availability', () => {
  it('shows the offline form for the only channel when nobody is online, and follows site:availability', () => {
    const offline = ready({ site: site(['Support'], ['Support']) });
    expect(offlineReason(offline)).toBe('no-agents');
    expect(canSend(offline)).toBe(false);

    const online = serverHandlers[EVENTS.siteAvailability](offline, { channels: site(['Support']).channels });
    expect(offlineReason(online)).toBeNull();
    expect(canSend(online)).toBe(true);
  });

  it('with several channels, judges the selected channel only', () => {
    const state = ready({ site: site(['Sales', 'Support'], ['Sales']) });
    const [sales, support] = state.site!.channels;
    expect(offlineReason(state)).toBeNull(); // nothing chosen yet: the picker shows
    expect(offlineReason({ ...state, channelId: sales!.id })).toBe('no-agents');
    expect(offlineReason({ ...state, channelId: support!.id })).toBeNull();
  });

  it('updates only the channels it knows and ignores updates before the session', () => {
    const state = ready({ site: site(['Sales', 'Support']) });
    const [sales, support] = state.site!.channels;
    const next = applyAvailability(state, {
      channels: [{ ...sales!, online: false }, { id: '30000000-0000-4000-8000-000000000099', name: 'New', online: true }],
    });
    expect(next.site!.channels).toEqual([{ ...sales!, online: false }, support]);
    const idle = initialState('en');
    expect(applyAvailability(idle, { channels: [] })).toBe(idle);
  });

  it('never interrupts an open conversation or a message on its way', () => {
    const offline = ready({ site: site(['Support'], ['Support']) });
    expect(offlineReason({ ...offline, conversation: conversation({ status: 'active' }) })).toBeNull();
    expect(offlineReason(addPending(offline, 'c1', 'hi'))).toBeNull();
    // A conversation that is over does not count: the next message would start a new one.
    expect(offlineReason({ ...offline, conversation: conversation({ status: 'closed' }) })).toBe('no-agents');
  });
});

describe('queue full', () => {
  const channelId = site().channels[0]!.id;

  it('turns the refused messages and the draft into the offline form, with no failed bubble left', () => {
    let state = addPending(addPending(ready(), 'c1', 'Do you ship to Hà Nội?'), 'c2', 'And to Huế?');
    state = { ...state, draft: 'Thanks' };
    state = refuseStart(state, channelId);
    expect(state.pending).toEqual([]);
    expect(visibleMessages(state)).toEqual([]);
    expect(state.draft).toBe('Do you ship to Hà Nội?\n\nAnd to Huế?\n\nThanks');
    expect(offlineReason(state)).toBe('queue-full');
    expect(canSend(state)).toBe(false);
  });

  it('other errors still leave a failed bubble to retry', () => {
    const error = { code: 'RATE_LIMITED' as const, message: 'slow down' };
    const state = setPendingState(addPending(ready(), 'c1', 'hi'), 'c1', 'failed', error);
    expect(visibleMessages(state)[0]).toMatchObject({ state: 'failed', error });
    expect(offlineReason(state)).toBeNull();
  });

  it('lets the visitor try another channel', () => {
    const state = refuseStart(addPending(ready({ site: site(['Sales', 'Support']) }), 'c1', 'hi'), channelId);
    const [sales, support] = state.site!.channels;
    expect(offlineReason({ ...state, channelId: sales!.id })).toBe('queue-full');
    expect(offlineReason({ ...state, channelId: support!.id })).toBeNull();
  });
});

describe('leaving a message', () => {
  const full = () => refuseStart(addPending(ready(), 'c1', 'Call me back'), site().channels[0]!.id);

  it('checks the message and the email first', () => {
    expect(submitLeave({ ...full(), draft: '  ' }, 'id-1').leave).toMatchObject({ status: 'idle', invalid: 'message' });
    const bad = submitLeave({ ...full(), leave: { ...full().leave, email: 'not-an-email' } }, 'id-1');
    expect(bad.leave).toMatchObject({ status: 'idle', invalid: 'email', clientId: null });
    expect(['a@b.co', ' mai@example.com.vn ', 'x+y@sub.example.org'].every(isEmail)).toBe(true);
    expect(['a@b', 'a@.com', '@b.com', 'a b@c.com', 'a@b.c'].some(isEmail)).toBe(false);
  });

  it('sends once with one clientId, reused on retry, then shows the confirmation', () => {
    let state = { ...full(), leave: { ...full().leave, email: ' mai@example.com ' } };
    state = submitLeave(state, 'id-1');
    expect(state.leave).toMatchObject({ status: 'sending', clientId: 'id-1', sent: { text: 'Call me back', email: 'mai@example.com' } });
    expect(submitLeave(state, 'id-2')).toBe(state); // a second submit while sending does nothing

    const error = { code: 'UNAVAILABLE' as const, message: 'down' };
    state = leaveFailed(state, error);
    expect(state.leave).toMatchObject({ status: 'idle', error });
    expect(state.draft).toBe('Call me back'); // nothing lost
    state = submitLeave(state, 'id-3');
    expect(state.leave).toMatchObject({ status: 'sending', clientId: 'id-1', error: null });

    state = leaveSucceeded(state, conversation({ status: 'offline', lastSeq: 1 }));
    expect(state.leave).toMatchObject({ status: 'sent', clientId: null, sent: { email: 'mai@example.com' } });
    expect(state.draft).toBe('');
    expect(state.queueFull).toBeNull();
    expect(state.conversation?.status).toBe('offline');
    expect(statusText(state, t)).toBe(''); // the confirmation says it

    state = dismissLeave(state);
    expect(state.leave).toMatchObject({ status: 'idle', sent: null });
    expect(statusText(state, t)).toBe(t.offline);
    expect(submitLeave({ ...state, draft: 'again' }, 'id-4').leave.clientId).toBe('id-4'); // a new message, a new id
  });

  it("prefills the visitor's known email and name, never over what was typed", () => {
    const known = { id: '40000000-0000-4000-8000-000000000001', name: 'Mai', email: 'mai@example.com', verified: false };
    expect(applySession(initialState('en'), site(), known, 'vi')).toMatchObject({
      session: 'ready',
      lang: 'vi',
      leave: { email: 'mai@example.com', name: 'Mai' },
    });
    const typed = { ...initialState('en'), leave: { ...initialState('en').leave, email: 'other@example.com' } };
    expect(applySession(typed, site(), known, 'en').leave.email).toBe('other@example.com');
  });
});

import { describe, expect, it } from 'vitest';
import { greetingDelay, pickTrigger, urlMatches } from '../src/app/greeting.ts';
import { dismissBubble, initialState, showGreeting, showMessageBubble, type WidgetState } from '../src/app/store.ts';
import { conversation, message } from './fixtures.ts';

describe('trigger URL patterns', () => {
  it('matches the whole URL, a star matching any run of characters', () => {
    expect(urlMatches('https://shop.example/pricing*', 'https://shop.example/pricing')).toBe(true);
    expect(urlMatches('https://shop.example/pricing*', 'https://shop.example/pricing/team?x=1#y')).toBe(true);
    expect(urlMatches('*/checkout', 'https://shop.example/cart/checkout')).toBe(true);
    expect(urlMatches('*', 'https://anything.example/')).toBe(true);
    expect(urlMatches('https://*.example/*', 'https://shop.example/a')).toBe(true);
  });

  it('is a whole-string match, not a substring search', () => {
    expect(urlMatches('https://shop.example/pricing', 'https://shop.example/pricing/team')).toBe(false);
    expect(urlMatches('pricing', 'https://shop.example/pricing')).toBe(false);
    expect(urlMatches('*/checkout', 'https://shop.example/checkout/done')).toBe(false);
  });

  it('takes everything but the star literally (dots, question marks, brackets, plus)', () => {
    expect(urlMatches('https://shop.example/a?b=1', 'https://shop.example/a?b=1')).toBe(true);
    expect(urlMatches('https://shop.example/a?b=1', 'https://shopXexample/a?b=1')).toBe(false);
    expect(urlMatches('https://shop.example/a?b=1', 'https://shop.example/ab=1')).toBe(false);
    expect(urlMatches('https://x.example/(sale)+[vn]', 'https://x.example/(sale)+[vn]')).toBe(true);
    expect(urlMatches('https://x.example/$^|\\{}', 'https://x.example/$^|\\{}')).toBe(true);
  });

  it('matches Vietnamese (percent-encoded) paths as written in location.href', () => {
    const href = new URL('https://shop.example/giày-dép?màu=đỏ').href;
    expect(urlMatches('https://shop.example/gi%C3%A0y-*', href)).toBe(true);
  });

  it('picks the first matching trigger', () => {
    const triggers = [
      { id: 'a', urlPattern: '*/pricing', delaySeconds: 5, message: 'Questions about plans?' },
      { id: 'b', urlPattern: '*', delaySeconds: 30, message: 'Hello!' },
    ];
    expect(pickTrigger(triggers, 'https://shop.example/pricing')?.id).toBe('a');
    expect(pickTrigger(triggers, 'https://shop.example/')?.id).toBe('b');
    expect(pickTrigger([], 'https://shop.example/')).toBeNull();
    expect(pickTrigger(undefined, 'https://shop.example/')).toBeNull();
  });

  it('counts the delay from the start of the page', () => {
    const trigger = { id: 'a', urlPattern: '*', delaySeconds: 10, message: 'Hi' };
    expect(greetingDelay(trigger, 2500)).toBe(7500);
    expect(greetingDelay(trigger, 12_000)).toBe(0);
    expect(greetingDelay({ ...trigger, delaySeconds: 0 }, 0)).toBe(0);
  });
});

describe('the bubble by the launcher', () => {
  const closed = (): WidgetState => initialState('en');

  it('shows a greeting while the panel is closed and no chat is going on', () => {
    expect(showGreeting(closed(), 'Need help?').bubble).toEqual({ kind: 'greeting', text: 'Need help?', name: null });
  });

  it('does not greet over the open panel, without a launcher, on the chat page, during a chat, or after a dismissal', () => {
    const greetings = [
      { ...closed(), open: true },
      { ...closed(), launcherHidden: true },
      initialState('en', 'page'),
      { ...closed(), conversation: conversation({ status: 'waiting' }) },
      dismissBubble(showGreeting(closed(), 'first')),
    ].map((state) => showGreeting(state, 'Need help?').bubble);
    expect(greetings).toEqual([null, null, null, null, null]);
  });

  it('previews an agent message that came while closed (an agent-started chat), dismissable', () => {
    let state = showMessageBubble(closed(), message(1, { authorName: 'Mai', text: 'Chào bạn!' }));
    expect(state.bubble).toEqual({ kind: 'message', text: 'Chào bạn!', name: 'Mai' });
    state = dismissBubble(state);
    expect(state.bubble).toBeNull();
    expect(state.greetingDismissed).toBe(false); // only a closed greeting stops greetings
    expect(showMessageBubble({ ...closed(), open: true }, message(2)).bubble).toBeNull();
    expect(showMessageBubble(closed(), message(3, { sender: 'system' })).bubble).toBeNull();
  });
});

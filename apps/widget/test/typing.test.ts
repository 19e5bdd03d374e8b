import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialState, receiveMessage, setTyping, typingName } from '../src/app/store.ts';
import { createTypingSignal, IDLE_MS, THROTTLE_MS } from '../src/app/typing.ts';
import { conversation, message } from './fixtures.ts';

describe('the visitor typing signal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says true at the first keystroke, again at most every THROTTLE_MS, false after IDLE_MS idle', () => {
    const sent: boolean[] = [];
    const signal = createTypingSignal((typing) => sent.push(typing), () => Date.now());
    signal.input();
    signal.input();
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(THROTTLE_MS - 500);
    signal.input(); // still within the throttle window
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(600);
    signal.input(); // keeps saying it while the visitor goes on
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(IDLE_MS);
    expect(sent).toEqual([true, true, false]);
    vi.advanceTimersByTime(IDLE_MS);
    expect(sent).toEqual([true, true, false]); // said once
  });

  it('stops at once on send, and says nothing when it never started', () => {
    const sent: boolean[] = [];
    const signal = createTypingSignal((typing) => sent.push(typing), () => Date.now());
    signal.stop();
    expect(sent).toEqual([]);
    signal.input();
    signal.stop();
    vi.advanceTimersByTime(IDLE_MS);
    expect(sent).toEqual([true, false]);
    signal.input(); // a new message being written
    expect(sent).toEqual([true, false, true]);
  });
});

describe('the visitor typing signal with the sneak peek (trailing)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends once more at the end of a throttle window that had keystrokes, so the preview catches up', () => {
    const sent: boolean[] = [];
    const signal = createTypingSignal((typing) => sent.push(typing), () => Date.now(), () => true);
    signal.input(); // "h"
    vi.advanceTimersByTime(300);
    signal.input(); // "he"
    signal.input(); // "hel"
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(THROTTLE_MS - 300);
    expect(sent).toEqual([true, true]); // one trailing send, with the draft as it is now
    vi.advanceTimersByTime(IDLE_MS);
    expect(sent).toEqual([true, true, false]);
  });

  it('sends nothing trailing without keystrokes in the window, and nothing after a stop', () => {
    const sent: boolean[] = [];
    const signal = createTypingSignal((typing) => sent.push(typing), () => Date.now(), () => true);
    signal.input();
    vi.advanceTimersByTime(THROTTLE_MS + 10);
    expect(sent).toEqual([true]);
    signal.input(); // a new window: sent at once
    vi.advanceTimersByTime(100);
    signal.input();
    signal.stop(); // sent: no trailing preview of a draft that is gone
    vi.advanceTimersByTime(IDLE_MS);
    expect(sent).toEqual([true, true, false]);
  });
});

describe('the agent typing indicator', () => {
  const active = () => ({ ...initialState('en'), conversation: conversation({ status: 'active', agentName: 'Mai' }) });
  const id = conversation().id;

  it('shows who is typing in our conversation, and hides when they stop', () => {
    let state = setTyping(active(), { conversationId: id, typing: true, name: 'Mai' });
    expect(typingName(state)).toBe('Mai');
    state = setTyping(state, { conversationId: id, typing: false, name: 'Mai' });
    expect(typingName(state)).toBeNull();
  });

  it('ignores other conversations and conversations that are over; an unnamed agent is ""', () => {
    expect(typingName(setTyping(active(), { conversationId: 'other', typing: true, name: 'Mai' }))).toBeNull();
    const over = { ...active(), conversation: conversation({ status: 'closed' }) };
    expect(typingName(setTyping(over, { conversationId: id, typing: true, name: 'Mai' }))).toBeNull();
    expect(typingName(setTyping(active(), { conversationId: id, typing: true, name: null }))).toBe('');
  });

  it('goes away when the agent message arrives', () => {
    const state = setTyping(active(), { conversationId: id, typing: true, name: 'Mai' });
    expect(typingName(receiveMessage(state, message(1)))).toBeNull();
    expect(typingName(receiveMessage(state, message(2, { sender: 'system' })))).toBe('Mai');
  });
});

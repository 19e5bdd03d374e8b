import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypingSignal, IDLE_MS, THROTTLE_MS } from '../src/typing-signal.ts';

describe('agent typing signal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says true at once, renews at most every 2 s, and false after 3 s idle', () => {
    const emitted: boolean[] = [];
    const signal = createTypingSignal((typing) => emitted.push(typing), () => Date.now());
    signal.input();
    vi.advanceTimersByTime(500);
    signal.input();
    expect(emitted).toEqual([true]);
    vi.advanceTimersByTime(THROTTLE_MS);
    signal.input();
    expect(emitted).toEqual([true, true]);
    vi.advanceTimersByTime(IDLE_MS);
    expect(emitted).toEqual([true, true, false]);
  });

  it('stops at once on send, and only says false after a true', () => {
    const emitted: boolean[] = [];
    const signal = createTypingSignal((typing) => emitted.push(typing), () => Date.now());
    signal.stop();
    expect(emitted).toEqual([]);
    signal.input();
    signal.stop();
    vi.advanceTimersByTime(IDLE_MS * 2);
    expect(emitted).toEqual([true, false]);
  });
});

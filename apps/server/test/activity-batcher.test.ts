import type { Message } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActivityBatcher } from '../src/modules/conversations/activity-batcher.ts';

const message = (conversationId: string, seq: number): Message => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  clientId: null,
  sender: 'visitor',
  agentId: null,
  authorName: null,
  text: `text ${seq}`,
  internal: false,
  createdAt: new Date(0).toISOString(),
});

describe('createActivityBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const sent: { at: number; entries: number; seqs: number[] }[] = [];
    const batcher = createActivityBatcher({
      intervalMs: 250,
      maxIntervalMs: 1000,
      msPerEntry: 2.5,
      emit: (_siteId, batch) => sent.push({ at: Date.now(), entries: batch.activity.length, seqs: batch.activity.map((a) => a.lastSeq) }),
    });
    return { sent, batcher, start: Date.now() };
  }

  it('sends the first change at once, then one batch per interval with the newest of each chat', () => {
    const { sent, batcher, start } = setup();
    batcher.add('s', message('a', 1));
    expect(sent).toEqual([{ at: start, entries: 1, seqs: [1] }]);
    batcher.add('s', message('a', 2));
    batcher.add('s', message('a', 3));
    batcher.add('s', message('b', 1));
    vi.advanceTimersByTime(249);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent[1]).toEqual({ at: start + 250, entries: 2, seqs: [3, 1] });
    batcher.stop();
  });

  it('waits longer after a large batch, up to the longest interval, so a busy site sends fewer, fuller batches', () => {
    const { sent, batcher, start } = setup();
    batcher.add('s', message('first', 1));
    // 200 chats change during the first interval: 200 × 2.5 ms = 500 ms of quiet after them.
    for (let i = 0; i < 200; i++) batcher.add('s', message(`c${i}`, 1));
    vi.advanceTimersByTime(250);
    expect(sent.map((s) => [s.at - start, s.entries])).toEqual([
      [0, 1],
      [250, 200],
    ]);
    for (let i = 0; i < 600; i++) batcher.add('s', message(`c${i}`, 2));
    vi.advanceTimersByTime(499);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => [s.at - start, s.entries])).toEqual([
      [0, 1],
      [250, 200],
      [750, 600],
    ]);
    // 600 entries would buy 1.5 s: capped at 1 s. Then a quiet spell, and the interval is short again.
    batcher.add('s', message('late', 1));
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => s.at - start)).toEqual([0, 250, 750, 1750]);
    vi.advanceTimersByTime(250);
    batcher.add('s', message('quiet', 1));
    expect(sent.map((s) => s.at - start)).toEqual([0, 250, 750, 1750, 2000]);
    batcher.stop();
  });
});

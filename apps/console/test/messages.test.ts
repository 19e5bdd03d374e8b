import { describe, expect, it } from 'vitest';
import { mergeMessages, syncPoint } from '../src/store.ts';
import { conversation, message } from './fixtures.ts';

const c = conversation();

describe('mergeMessages', () => {
  it('orders messages by seq whatever order they arrive in', () => {
    const merged = mergeMessages([message(c.id, 3)], [message(c.id, 1), message(c.id, 2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps one copy per id, the newer one winning', () => {
    const merged = mergeMessages([message(c.id, 1, { text: 'old' })], [message(c.id, 1, { text: 'new' })]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.text).toBe('new');
  });

  it('returns the same array when nothing arrives', () => {
    const existing = [message(c.id, 1)];
    expect(mergeMessages(existing, [])).toBe(existing);
  });
});

describe('syncPoint', () => {
  it('is 0 with no messages, so a sync fetches from the start', () => {
    expect(syncPoint([])).toBe(0);
  });

  it('is the highest seq when the history has no gaps', () => {
    expect(syncPoint([message(c.id, 4), message(c.id, 5), message(c.id, 6)])).toBe(6);
  });

  it('stops before a gap, so messages missed in the gap are fetched', () => {
    expect(syncPoint([message(c.id, 1), message(c.id, 2), message(c.id, 5)])).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { navigationOrder, nthConversation, shortcutFor, stepConversation, type KeyInput } from '../src/shortcuts.ts';
import { groupConversations } from '../src/store.ts';
import { conversation } from './fixtures.ts';

const ME = '00000000-0000-4000-8000-0000000000aa';
const key = (overrides: Partial<KeyInput>): KeyInput => ({
  key: '',
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...overrides,
});

describe('navigationOrder', () => {
  const waitingOld = conversation({ createdAt: '2025-01-01T09:00:00.000Z' });
  const waitingNew = conversation({ createdAt: '2025-01-01T09:30:00.000Z' });
  const mine = conversation({ status: 'active', agentId: ME });
  const closed = conversation({ status: 'closed' });
  const groups = groupConversations(
    Object.fromEntries([closed, mine, waitingNew, waitingOld].map((c) => [c.id, c])),
    ME,
  );

  it('follows the list top to bottom: sections in order, each in its own order', () => {
    expect(navigationOrder(groups)).toEqual([waitingOld.id, waitingNew.id, mine.id, closed.id]);
  });

  it('skips folded sections, which the agent cannot see', () => {
    expect(navigationOrder(groups, { waiting: true })).toEqual([mine.id, closed.id]);
  });
});

describe('stepConversation', () => {
  const order = ['a', 'b', 'c'];

  it('moves up and down, stopping at either end', () => {
    expect(stepConversation(order, 'b', 1)).toBe('c');
    expect(stepConversation(order, 'b', -1)).toBe('a');
    expect(stepConversation(order, 'c', 1)).toBe('c');
    expect(stepConversation(order, 'a', -1)).toBe('a');
  });

  it('starts from the top going down and from the bottom going up when nothing listed is open', () => {
    expect(stepConversation(order, null, 1)).toBe('a');
    expect(stepConversation(order, null, -1)).toBe('c');
    expect(stepConversation(order, 'gone', 1)).toBe('a');
  });

  it('has nowhere to go in an empty list', () => {
    expect(stepConversation([], 'a', 1)).toBeNull();
  });
});

describe('nthConversation', () => {
  it('counts from 1 and returns nothing past the end', () => {
    expect(nthConversation(['a', 'b'], 1)).toBe('a');
    expect(nthConversation(['a', 'b'], 2)).toBe('b');
    expect(nthConversation(['a', 'b'], 3)).toBeNull();
    expect(nthConversation(['a', 'b'], 0)).toBeNull();
  });
});

describe('shortcutFor', () => {
  it('maps Alt+arrows to steps, even while typing', () => {
    expect(shortcutFor(key({ key: 'ArrowUp', altKey: true }), true)).toEqual({ type: 'step', delta: -1 });
    expect(shortcutFor(key({ key: 'ArrowDown', altKey: true }), false)).toEqual({ type: 'step', delta: 1 });
  });

  it('maps Alt+1…9 by physical key (a Mac types "¡" for Alt+1)', () => {
    expect(shortcutFor(key({ key: '¡', code: 'Digit1', altKey: true }), true)).toEqual({ type: 'jump', n: 1 });
    expect(shortcutFor(key({ key: '9', code: 'Numpad9', altKey: true }), false)).toEqual({ type: 'jump', n: 9 });
    expect(shortcutFor(key({ key: '0', code: 'Digit0', altKey: true }), false)).toBeNull();
  });

  it('opens the help with ? only outside text fields', () => {
    expect(shortcutFor(key({ key: '?', code: 'Slash', shiftKey: true }), false)).toEqual({ type: 'help' });
    expect(shortcutFor(key({ key: '?', code: 'Slash', shiftKey: true }), true)).toBeNull();
  });

  it('leaves plain arrows, AltGr (Ctrl+Alt) and Cmd combinations alone', () => {
    expect(shortcutFor(key({ key: 'ArrowDown' }), false)).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowDown', altKey: true, ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key({ key: '1', code: 'Digit1', altKey: true, metaKey: true }), false)).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowDown', altKey: true, shiftKey: true }), false)).toBeNull();
  });
});

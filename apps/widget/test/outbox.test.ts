import { describe, expect, it } from 'vitest';
import { mergeOutbox, readOutbox, restorePending, saveOutbox, toOutbox, type OutboxEntry } from '../src/app/outbox.ts';
import type { KeyValueStore } from '../src/app/storage.ts';
import {
  addPending,
  initialState,
  isLost,
  resendLost,
  resetVisitor,
  setPendingState,
  visibleMessages,
  type PendingMessage,
  type WidgetState,
} from '../src/app/store.ts';
import { outboxKey } from '../src/shared/keys.ts';
import { conversation, site } from './fixtures.ts';

function memory(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

const CONVERSATION = conversation().id;
const entry = (clientId: string, text = clientId, conversationId: string | null = CONVERSATION): OutboxEntry => ({
  clientId,
  text,
  conversationId,
  channelId: null,
});
const pending = (clientId: string, overrides: Partial<PendingMessage> = {}): PendingMessage => ({
  ...entry(clientId),
  state: 'sending',
  error: null,
  ...overrides,
});
const UNAVAILABLE = { code: 'UNAVAILABLE' as const, message: 'down' };
const CONFLICT = { code: 'CONFLICT' as const, message: 'This conversation has ended.' };

describe('own messages remember where they go', () => {
  const active = (): WidgetState => ({ ...initialState('en'), site: site(), conversation: conversation({ status: 'active' }) });

  it('to the open conversation, or (none open) to start one in the chosen channel', () => {
    expect(addPending(active(), 'c1', 'hi').pending[0]).toMatchObject({ conversationId: CONVERSATION, channelId: site().channels[0]!.id });
    const closed = { ...active(), conversation: conversation({ status: 'closed' }) };
    expect(addPending(closed, 'c1', 'hi').pending[0]).toMatchObject({ conversationId: null, channelId: site().channels[0]!.id });
  });

  it('forgets the conversation when the server says it has ended (CONFLICT): a retry goes to a new one', () => {
    const state = setPendingState(addPending(active(), 'c1', 'hi'), 'c1', 'failed', CONFLICT);
    expect(state.pending[0]).toMatchObject({ state: 'failed', conversationId: null });
    expect(setPendingState(addPending(active(), 'c1', 'hi'), 'c1', 'failed', UNAVAILABLE).pending[0]!.conversationId).toBe(CONVERSATION);
  });

  it('resends lost sends after a reconnect, not those the server refused for cause', () => {
    let state: WidgetState = { ...active(), pending: [pending('lost', { state: 'failed', error: UNAVAILABLE }), pending('refused', { state: 'failed', error: CONFLICT }), pending('on-its-way')] };
    state = resendLost(state);
    expect(state.pending.map((p) => [p.clientId, p.state])).toEqual([
      ['lost', 'sending'],
      ['refused', 'failed'],
      ['on-its-way', 'sending'],
    ]);
    expect(resendLost(state)).toBe(state);
    expect(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED', 'UNAUTHORIZED'].every((code) => isLost({ code: code as 'INTERNAL', message: '' }))).toBe(true);
    expect(['VALIDATION', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE'].some((code) => isLost({ code: code as 'INTERNAL', message: '' }))).toBe(false);
  });
});

describe('the outbox', () => {
  it('keeps messages on their way and lost ones, not those refused for cause (they wait for Retry)', () => {
    const kept = toOutbox([pending('a'), pending('b', { state: 'failed', error: UNAVAILABLE }), pending('c', { state: 'failed', error: CONFLICT })]);
    expect(kept).toEqual([entry('a'), entry('b')]);
  });

  it("adds a tab's new entries, updates them in place, removes those it saw acknowledged, keeps other tabs'", () => {
    const otherTab = entry('other');
    let stored = mergeOutbox([], [], [entry('a'), entry('b')]);
    expect(stored).toEqual([entry('a'), entry('b')]);
    stored = [...stored, otherTab];
    // 'a' acknowledged, 'b' retargeted (CONFLICT), 'c' written.
    stored = mergeOutbox(stored, [entry('a'), entry('b')], [entry('b', 'b', null), entry('c')]);
    expect(stored).toEqual([entry('b', 'b', null), otherTab, entry('c')]);
    // A tab that never held 'other' does not remove it.
    expect(mergeOutbox(stored, [entry('b', 'b', null), entry('c')], [])).toEqual([otherTab]);
  });

  it('brings stored messages back as sending after a reload, after those already held, once each', () => {
    const state = addPending({ ...initialState('en'), conversation: conversation({ status: 'active' }) }, 'held', 'held');
    const restored = restorePending(state, [entry('held'), entry('a', 'first'), entry('b', 'second', null)]);
    expect(restored.pending.map((p) => [p.clientId, p.text, p.state, p.conversationId])).toEqual([
      ['held', 'held', 'sending', CONVERSATION],
      ['a', 'first', 'sending', CONVERSATION],
      ['b', 'second', 'sending', null],
    ]);
    expect(visibleMessages(restored).map((m) => m.state)).toEqual(['sending', 'sending', 'sending']);
    expect(restorePending(state, [])).toBe(state);
  });

  it('is stored per site, survives a reload, and is removed once empty', () => {
    const storage = memory();
    const before: PendingMessage[] = [];
    const after = [pending('a', { text: 'xin chào' })];
    saveOutbox('shop', before, after, storage);
    expect([...storage.map.keys()]).toEqual([outboxKey('shop')]);
    expect(outboxKey('shop')).toBe('parley:shop:outbox');
    expect(readOutbox('shop', storage)).toEqual([entry('a', 'xin chào')]);
    expect(readOutbox('other-site', storage)).toEqual([]);
    saveOutbox('shop', after, [], storage); // acknowledged
    expect(storage.map.size).toBe(0);
  });

  it('reads anything malformed as empty, and survives blocked storage', () => {
    const storage = memory();
    for (const junk of ['{', '"text"', '{"a":1}', 'null']) {
      storage.map.set(outboxKey('shop'), junk);
      expect(readOutbox('shop', storage), junk).toEqual([]);
    }
    storage.map.set(outboxKey('shop'), JSON.stringify([null, 1, { clientId: 'x' }, entry('ok')]));
    expect(readOutbox('shop', storage)).toEqual([entry('ok')]);
    const blocked: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readOutbox('shop', blocked)).toEqual([]);
    expect(() => saveOutbox('shop', [], [pending('a')], blocked)).not.toThrow();
  });

  it('is cleared with the visitor (reset)', () => {
    const state = resetVisitor({ ...initialState('en'), pending: [pending('a')] });
    expect(toOutbox(state.pending)).toEqual([]);
  });
});

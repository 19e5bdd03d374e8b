import { visitorTokenStorageKey } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { chatFlagKey } from '../src/shared/keys.ts';
import { claimBeep, readFlag, readMuted, readToken, saveToken, writeFlag, writeMuted, type KeyValueStore } from '../src/app/storage.ts';
import { flagFor } from '../src/app/store.ts';
import { conversation } from './fixtures.ts';

/** A Map-backed localStorage. */
function memory(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** Storage that throws on every call (privacy settings, sandboxed frames, full quota). */
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

describe('the "conversation in progress" flag', () => {
  it('is set while a conversation waits or is active, cleared once it is over, and unknown without one', () => {
    expect(flagFor(conversation({ status: 'waiting' }))).toBe(true);
    expect(flagFor(conversation({ status: 'active' }))).toBe(true);
    for (const status of ['closed', 'missed', 'offline'] as const) expect(flagFor(conversation({ status }))).toBe(false);
    expect(flagFor(null)).toBeNull();
  });

  it('is kept per site under the key the loader reads', () => {
    const store = memory();
    writeFlag('acme', true, store);
    expect(store.map.get(chatFlagKey('acme'))).toBe('1');
    expect(readFlag('acme', store)).toBe(true);
    expect(readFlag('other', store)).toBe(false);
    writeFlag('acme', false, store);
    expect(store.map.has(chatFlagKey('acme'))).toBe(false);
  });

  it('does not depend on a token existing (a token alone does not open the socket)', () => {
    const store = memory();
    saveToken('acme', 'token-1', store);
    expect(readFlag('acme', store)).toBe(false);
  });
});

describe('widget storage', () => {
  it('saves, reads and forgets the visitor token (reset)', () => {
    const store = memory();
    saveToken('acme', 'token-1', store);
    expect(store.map.get(visitorTokenStorageKey('acme'))).toBe('token-1');
    expect(readToken('acme', store)).toBe('token-1');
    saveToken('acme', null, store);
    expect(readToken('acme', store)).toBeNull();
  });

  it('remembers mute per site', () => {
    const store = memory();
    writeMuted('acme', true, store);
    expect(readMuted('acme', store)).toBe(true);
    expect(readMuted('other', store)).toBe(false);
    writeMuted('acme', false, store);
    expect(readMuted('acme', store)).toBe(false);
  });

  it('lets one tab beep per message', () => {
    const store = memory();
    expect(claimBeep('acme', 'm1', store)).toBe(true);
    expect(claimBeep('acme', 'm1', store)).toBe(false); // another tab got the same message
    expect(claimBeep('acme', 'm2', store)).toBe(true);
  });

  it('works without storage: reads find nothing, writes are dropped', () => {
    expect(() => {
      saveToken('acme', 'token', blocked);
      writeFlag('acme', true, blocked);
      writeMuted('acme', true, blocked);
    }).not.toThrow();
    expect(readToken('acme', blocked)).toBeNull();
    expect(readFlag('acme', blocked)).toBe(false);
    expect(readMuted('acme', blocked)).toBe(false);
    expect(claimBeep('acme', 'm1', blocked)).toBe(true);
  });
});

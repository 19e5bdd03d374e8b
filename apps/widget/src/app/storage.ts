/**
 * What the widget keeps in localStorage, per site key: the visitor token (key from the protocol),
 * the "conversation in progress" flag, the mute setting and the outbox (outbox.ts). Storage can be blocked by privacy
 * settings or sandboxing; then each read finds nothing and each write is dropped, so the widget
 * simply remembers nothing beyond this page.
 */
import { visitorTokenStorageKey } from '@parley/protocol';
import { beepKey, chatFlagKey, mutedKey } from '../shared/keys.ts';

/** The part of `Storage` used here (tests pass a Map-backed one). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage, or null when even touching it throws (blocked storage). */
function local(): KeyValueStore | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

export function read(key: string, store = local()): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes `value`, or removes the key when it is null. */
export function write(key: string, value: string | null, store = local()): void {
  try {
    if (value === null) store?.removeItem(key);
    else store?.setItem(key, value);
  } catch {
    // Blocked or full storage: nothing to do, the value still lives in memory.
  }
}

/** The stored visitor token for a site, or null. */
export const readToken = (siteKey: string, store?: KeyValueStore) => read(visitorTokenStorageKey(siteKey), store);

/** Keeps the (new or renewed) visitor token for the next page; null forgets it. */
export const saveToken = (siteKey: string, token: string | null, store?: KeyValueStore) =>
  write(visitorTokenStorageKey(siteKey), token, store);

/** Whether a conversation is in progress (the loader reads the same key). */
export const readFlag = (siteKey: string, store?: KeyValueStore) => read(chatFlagKey(siteKey), store) === '1';

/** Sets or clears the "conversation in progress" flag. */
export const writeFlag = (siteKey: string, inProgress: boolean, store?: KeyValueStore) =>
  write(chatFlagKey(siteKey), inProgress ? '1' : null, store);

export const readMuted = (siteKey: string, store?: KeyValueStore) => read(mutedKey(siteKey), store) === '1';

export const writeMuted = (siteKey: string, muted: boolean, store?: KeyValueStore) =>
  write(mutedKey(siteKey), muted ? '1' : null, store);

/**
 * Claims the beep for a message: true the first time any tab asks for this message id, so a
 * visitor with several tabs open hears one beep.
 */
export function claimBeep(siteKey: string, messageId: string, store?: KeyValueStore): boolean {
  if (read(beepKey(siteKey), store) === messageId) return false;
  write(beepKey(siteKey), messageId, store);
  return true;
}

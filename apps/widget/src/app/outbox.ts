/**
 * The outbox: the visitor's messages the server has not acknowledged yet, kept in localStorage
 * (per site key) so a reload or a crash loses nothing. After the next connect they are resent with
 * the same clientId (the server stores a clientId once, so a message that did arrive is not stored
 * twice; its ack or the resumed history settles it) and removed once acknowledged.
 *
 * Several tabs share the key: each tab writes only its own changes (adds and updates what it
 * holds, removes what it saw acknowledged) and leaves the other tabs' entries alone.
 */
import { outboxKey } from '../shared/keys.ts';
import { read, write, type KeyValueStore } from './storage.ts';
import { isLost, type PendingMessage, type WidgetState } from './store.ts';

/** What is kept of a pending message. */
export type OutboxEntry = Pick<PendingMessage, 'clientId' | 'text' | 'conversationId' | 'channelId'>;

/**
 * The entries a tab's pending messages make: those still on their way or lost (no answer, server
 * busy). A message the server refused for cause got its answer and waits for the visitor's Retry.
 */
export function toOutbox(pending: PendingMessage[]): OutboxEntry[] {
  return pending
    .filter((p) => p.state === 'sending' || isLost(p.error))
    .map(({ clientId, text, conversationId, channelId }) => ({ clientId, text, conversationId, channelId }));
}

/**
 * The stored outbox after a tab's change from `previous` to `current` (its own entries): entries
 * it no longer holds are removed, its entries are updated in place or appended, and entries only
 * other tabs know are kept. Order is the order of writing.
 */
export function mergeOutbox(stored: OutboxEntry[], previous: OutboxEntry[], current: OutboxEntry[]): OutboxEntry[] {
  const mine = new Map(current.map((e) => [e.clientId, e]));
  const gone = new Set(previous.map((e) => e.clientId).filter((id) => !mine.has(id)));
  const merged = stored.filter((e) => !gone.has(e.clientId)).map((e) => mine.get(e.clientId) ?? e);
  for (const entry of current) if (!merged.some((e) => e.clientId === entry.clientId)) merged.push(entry);
  return merged;
}

/** Stored entries become pending messages again (sending), after those already held. */
export function restorePending(state: WidgetState, entries: OutboxEntry[]): WidgetState {
  const held = new Set(state.pending.map((p) => p.clientId));
  const added = entries
    .filter((e) => !held.has(e.clientId))
    .map((e): PendingMessage => ({ ...e, state: 'sending', error: null }));
  return added.length ? { ...state, pending: [...state.pending, ...added] } : state;
}

/** The stored outbox; anything unreadable or malformed counts as empty. */
export function readOutbox(siteKey: string, store?: KeyValueStore): OutboxEntry[] {
  try {
    const entries: unknown = JSON.parse(read(outboxKey(siteKey), store) ?? '[]');
    return Array.isArray(entries)
      ? entries.filter((e: OutboxEntry) => typeof e?.clientId === 'string' && typeof e.text === 'string')
      : [];
  } catch {
    return [];
  }
}

/** Writes a tab's change of its pending messages into the stored outbox (removed when empty). */
export function saveOutbox(siteKey: string, previous: PendingMessage[], current: PendingMessage[], store?: KeyValueStore): void {
  const entries = mergeOutbox(readOutbox(siteKey, store), toOutbox(previous), toOutbox(current));
  write(outboxKey(siteKey), entries.length ? JSON.stringify(entries) : null, store);
}

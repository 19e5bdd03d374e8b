/**
 * The visitor token in localStorage (key from the protocol, one per site key). Storage can be
 * blocked by privacy settings or sandboxing; then the session simply lasts for this page.
 */
import { visitorTokenStorageKey } from '@parley/protocol';

/** The stored visitor token for a site, or null. */
export function readToken(siteKey: string): string | null {
  try {
    return localStorage.getItem(visitorTokenStorageKey(siteKey));
  } catch {
    return null;
  }
}

/** Keeps the (new or renewed) visitor token for the next page. */
export function saveToken(siteKey: string, token: string): void {
  try {
    localStorage.setItem(visitorTokenStorageKey(siteKey), token);
  } catch {
    // Blocked storage: nothing to do, the token still lives in memory.
  }
}

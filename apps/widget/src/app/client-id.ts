/**
 * Client ids make a retried send idempotent: one is made per message and reused on every retry.
 */

/**
 * A random UUID v4 (dashes kept; only [A-Za-z0-9-], within LIMITS.clientIdLength).
 * `crypto.randomUUID` exists only in secure contexts (https, localhost), so plain-http host pages
 * fall back to `getRandomValues`, which exists everywhere.
 */
export function newClientId(source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

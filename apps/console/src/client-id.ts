/**
 * Client ids for outgoing messages: generated once per message and reused on every retry, so a
 * message the server already stored is not stored twice.
 */

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (HTTPS or localhost); a
 * self-hosted console reached over plain HTTP on a LAN address still needs ids, so it falls back
 * to `crypto.getRandomValues`, which every context has.
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

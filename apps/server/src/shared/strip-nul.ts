/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a payload would fail deep inside an
 * INSERT. It carries no meaning in chat text: it is removed at the edge, before validation.
 */
export function stripNul<T>(value: T): T {
  // Almost no payload has one: looking costs nothing, copying every payload did (a message's
  // share of the server's allocation).
  return hasNul(value, 0) ? strip(value, 0) : value;
}

function hasNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  for (const k in value) if (Object.hasOwn(value, k) && (hasNul(k, 0) || hasNul((value as Record<string, unknown>)[k], depth + 1))) return true;
  return false;
}

function strip<T>(value: T, depth: number): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replace(/\u0000/g, '') : value) as T;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1)) as T;
  // fromEntries defines own properties: a "__proto__" key stays a key, never a prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [strip(k, 0), strip(v, depth + 1)])) as T;
}

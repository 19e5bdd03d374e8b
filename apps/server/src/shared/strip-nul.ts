/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a payload would fail deep inside an
 * INSERT. It carries no meaning in chat text: it is removed at the edge, before validation.
 */
export function stripNul<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replace(/\u0000/g, '') : value) as T;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => stripNul(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[stripNul(k)] = stripNul(v, depth + 1);
  return out as T;
}

import { describe, expect, it } from 'vitest';
import { stripNul } from '../src/shared/strip-nul.ts';

describe('stripNul', () => {
  it('removes NUL from strings, keys and nested values, and leaves the rest as it was', () => {
    const payload = { text: 'a\u0000b', 'k\u0000ey': 1, list: ['x', 'y\u0000'], nested: { deep: [{ v: '\u0000\u0000z' }], n: null, b: true } };
    expect(stripNul(payload)).toEqual({ text: 'ab', key: 1, list: ['x', 'y'], nested: { deep: [{ v: 'z' }], n: null, b: true } });
    expect(payload.text).toBe('a\u0000b');
  });

  it('keeps a "__proto__" key a plain key when it copies', () => {
    const stripped = stripNul(JSON.parse('{"__proto__": {"admin": true}, "text": "a\\u0000"}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
    expect((stripped as { admin?: boolean }).admin).toBeUndefined();
    expect(Object.keys(stripped)).toEqual(['__proto__', 'text']);
  });

  it('returns a payload without NUL as it is, without copying it', () => {
    const payload = { conversationId: 'c', clientId: 'k', text: 'hello', tags: ['a'], meta: { x: 1 } };
    expect(stripNul(payload)).toBe(payload);
    expect(stripNul('plain')).toBe('plain');
    expect(stripNul(undefined)).toBe(undefined);
  });
});

import { describe, expect, it } from 'vitest';
import { ADMIN_MESSAGES, fieldErrorText } from '../src/admin/i18n.ts';
import { NAV_MESSAGES } from '../src/admin/nav-i18n.ts';
import { DASHBOARD_MESSAGES } from '../src/dashboard/i18n.ts';

/** Every key path of a strings object, functions as leaves. */
function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

describe('strings', () => {
  it.each([
    ['settings', ADMIN_MESSAGES],
    ['navigation', NAV_MESSAGES],
    ['dashboard', DASHBOARD_MESSAGES],
  ] as const)('%s: Vietnamese has exactly the English keys, none empty', (_, messages) => {
    expect(keys(messages.vi)).toEqual(keys(messages.en));
    for (const lang of ['en', 'vi'] as const) {
      for (const path of keys(messages[lang])) {
        const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], messages[lang]);
        if (typeof value === 'string') expect(value.length, `${lang}.${path}`).toBeGreaterThan(0);
      }
    }
  });

  it('words form errors with their limits', () => {
    expect(fieldErrorText({ code: 'tooLong', max: 80 }, ADMIN_MESSAGES.en)).toBe('At most 80 characters.');
    expect(fieldErrorText({ code: 'integer', min: 0, max: 100 }, ADMIN_MESSAGES.vi)).toBe('Một số nguyên từ 0 đến 100.');
    expect(fieldErrorText({ code: 'color' }, ADMIN_MESSAGES.en)).toContain('#rrggbb'.slice(0, 1));
  });
});

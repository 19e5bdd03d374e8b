import { describe, expect, it } from 'vitest';
import { formatRelativeTime, visitorLabel } from '../src/format.ts';
import { detectLanguage, MESSAGES } from '../src/i18n.ts';

const now = Date.parse('2025-06-15T12:00:00.000Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const en = MESSAGES.en;

describe('formatRelativeTime', () => {
  it('says "just now" for the last few seconds and for clocks slightly ahead', () => {
    expect(formatRelativeTime(ago(10), now, 'en', en)).toBe('just now');
    expect(formatRelativeTime(ago(-30), now, 'en', en)).toBe('just now');
  });

  it('uses minutes, hours, then days', () => {
    expect(formatRelativeTime(ago(5 * 60), now, 'en', en)).toBe('5m ago');
    expect(formatRelativeTime(ago(3 * 3600), now, 'en', en)).toBe('3h ago');
    expect(formatRelativeTime(ago(26 * 3600), now, 'en', en)).toBe('yesterday');
  });

  it('shows a date after a week, with the year only when it differs', () => {
    expect(formatRelativeTime('2025-06-01T12:00:00.000Z', now, 'en', en)).toBe('Jun 1');
    expect(formatRelativeTime('2024-06-01T12:00:00.000Z', now, 'en', en)).toBe('Jun 1, 2024');
  });

  it('speaks Vietnamese', () => {
    expect(formatRelativeTime(ago(5), now, 'vi', MESSAGES.vi)).toBe('vừa xong');
    expect(formatRelativeTime(ago(2 * 60), now, 'vi', MESSAGES.vi)).toBe('2 phút trước');
  });

  it('returns nothing for an unreadable date', () => {
    expect(formatRelativeTime('not a date', now, 'en', en)).toBe('');
  });
});

describe('visitorLabel', () => {
  it('uses the name when there is one', () => {
    expect(visitorLabel('  Lan  ', 'abc', en)).toBe('Lan');
  });

  it('falls back to "Visitor" and a short id', () => {
    expect(visitorLabel(null, '3fa85f64-5717-4562-b3fc-2c963f66afa6', en)).toBe('Visitor 3fa85f');
    expect(visitorLabel('', '3fa85f64-5717-4562-b3fc-2c963f66afa6', MESSAGES.vi)).toBe('Khách 3fa85f');
  });
});

describe('detectLanguage', () => {
  it('prefers the stored choice, then a Vietnamese browser, then English', () => {
    expect(detectLanguage('en', 'vi-VN')).toBe('en');
    expect(detectLanguage(null, 'vi-VN')).toBe('vi');
    expect(detectLanguage('fr', 'de-DE')).toBe('en');
    expect(detectLanguage(null, undefined)).toBe('en');
  });
});

/** Display formatting: relative times, clock times, visitor labels and mail links. Pure, so it is unit-tested. */
import type { Language, Messages } from './i18n.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A short "how long ago" for the list: "just now", "5m ago", "3h ago", "yesterday", then a date.
 * `now` is passed in (not read from the clock) so callers control re-rendering and tests are exact.
 * Times slightly in the future (client clock behind the server's) count as "just now".
 */
export function formatRelativeTime(iso: string, now: number, lang: Language, t: Messages): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.floor((now - time) / 1000);
  if (seconds < 45) return t.time.justNow;
  const relative = cached(relativeFormats, lang, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'narrow' }));
  if (seconds < HOUR) return relative.format(-Math.max(1, Math.round(seconds / MINUTE)), 'minute');
  if (seconds < DAY) return relative.format(-Math.floor(seconds / HOUR), 'hour');
  if (seconds < 7 * DAY) return relative.format(-Math.floor(seconds / DAY), 'day');
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  const options: Intl.DateTimeFormatOptions = sameYear
    ? { day: 'numeric', month: 'short' }
    : { day: 'numeric', month: 'short', year: 'numeric' };
  return dateFormat(lang, options).format(time);
}

/** The time of day a message was sent, e.g. "14:05" or "2:05 PM" depending on the language. */
export function formatClock(iso: string, lang: Language): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : dateFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(time);
}

/** A full date and time, for tooltips. */
export function formatFullDate(iso: string, lang: Language): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : dateFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

/** The first characters of an id: enough to tell anonymous visitors apart at a glance. */
export function shortId(id: string): string {
  return id.replaceAll('-', '').slice(0, 6);
}

/** The visitor's name, or "Visitor" and a short id for anonymous visitors. */
export function visitorLabel(name: string | null | undefined, visitorId: string, t: Messages): string {
  const trimmed = name?.trim();
  return trimmed ? trimmed : `${t.visitor} ${shortId(visitorId)}`;
}

/**
 * A mailto link for a visitor's address: everything but `@` and `+` percent-encoded, so characters
 * such as `?` or `&` cannot add headers or recipients to the mail.
 */
export function mailtoHref(email: string): string {
  return `mailto:${encodeURIComponent(email.trim()).replaceAll('%40', '@').replaceAll('%2B', '+')}`;
}

function dateFormat(lang: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, `${lang}:${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(lang, options));
}

function cached<K, V>(cache: Map<K, V>, key: K, create: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

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

/** Characters that must not reach the screen from a visitor-supplied URL: controls and bidi overrides. */
const HIDDEN_CHARACTERS = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** Visitor-supplied text without control or direction-override characters, for display. */
export function displayText(text: string): string {
  return text.replace(HIDDEN_CHARACTERS, '');
}

/**
 * A visitor's page address as short display text: http(s) addresses without the scheme, a
 * leading `www.` or a bare trailing slash, then cut to `max` characters with an ellipsis. Only
 * ever rendered as text (never as a link), so a `javascript:` address stays harmless words;
 * anything that is not http(s) is shown as sent, scheme included, so it is not mistaken for a page.
 */
export function shortUrl(url: string, max = 60): string {
  const raw = displayText(url).trim();
  let text = raw;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      const path = parsed.pathname === '/' ? '' : parsed.pathname;
      text = `${parsed.host.replace(/^www\./, '')}${path}${parsed.search}${parsed.hash}`;
      text = safeDecode(text);
    }
  } catch {
    // Not a URL at all: shown as text, as sent.
  }
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** Percent-decoded for reading (Vietnamese paths are mostly escapes); as is when it does not decode. */
function safeDecode(text: string): string {
  try {
    return displayText(decodeURI(text));
  } catch {
    return text;
  }
}

/** "seen 12s ago" for an online visitor: seconds, minutes, hours, then days. Future times count as 0s. */
export function formatSeenAgo(iso: string, now: number, t: Messages): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.max(0, Math.floor((now - time) / 1000));
  if (seconds < MINUTE) return t.visitors.seenAgo(seconds, 's');
  if (seconds < HOUR) return t.visitors.seenAgo(Math.floor(seconds / MINUTE), 'm');
  if (seconds < DAY) return t.visitors.seenAgo(Math.floor(seconds / HOUR), 'h');
  return t.visitors.seenAgo(Math.floor(seconds / DAY), 'd');
}

/**
 * The time it is now for a visitor in `timeZone` (IANA), with the zone's offset, e.g.
 * "Tue 21:05 · GMT+7"; null when the zone is unknown or not one Intl knows.
 */
export function formatLocalTime(timeZone: string | null, now: number, lang: Language): string | null {
  if (!timeZone) return null;
  try {
    const weekday = dateFormat(lang, { timeZone, weekday: 'short' }).format(now);
    const time = dateFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit' }).format(now);
    const offset = dateFormat(lang, { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    return offset ? `${weekday} ${time} · ${offset}` : `${weekday} ${time}`;
  } catch {
    return null; // not a zone this browser knows
  }
}

const languageNames = new Map<Language, Intl.DisplayNames | null>();

/**
 * A browser locale as words in the UI language, with the code: "Vietnamese (vi-VN)". Falls back
 * to the code alone (cleaned for display) when Intl does not know it.
 */
export function formatLocale(locale: string | null, lang: Language): string | null {
  const code = locale ? displayText(locale).trim() : '';
  if (!code) return null;
  const names = cached(languageNames, lang, () => {
    try {
      return new Intl.DisplayNames([lang], { type: 'language' });
    } catch {
      return null;
    }
  });
  let name: string | undefined;
  try {
    name = names?.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code})` : code;
}

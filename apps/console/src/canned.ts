/**
 * Canned responses in the composer: spotting a `/shortcut` being typed, filtering the site's
 * responses by shortcut, and filling a picked response's placeholders. Pure, so it is unit-tested.
 */
import { foldText, type CannedResponse } from '@parley/protocol';
import type { Language } from './i18n.ts';

/** A `/shortcut` being typed: what follows the slash, and the text range the pick replaces. */
export interface CannedTrigger {
  query: string;
  /** Index of the slash. */
  start: number;
  /** End of the shortcut word (it may go on past the caret). */
  end: number;
}

/** Longest shortcut the server accepts; a longer word is not a shortcut being typed. */
const MAX_SHORTCUT = 40;
const SHORTCUT_CHARS = /[\p{L}\p{N}_-]*$/u;

/**
 * The shortcut at the caret: a slash at the start of the text or after whitespace, then shortcut
 * characters (letters, digits, `-`, `_`) up to the caret. "1/2", "http://…" and "a/b" are not shortcuts.
 */
export function cannedTrigger(text: string, caret: number): CannedTrigger | null {
  if (caret < 1 || caret > text.length) return null;
  const before = text.slice(0, caret);
  const word = SHORTCUT_CHARS.exec(before)?.[0] ?? '';
  const slash = caret - word.length - 1;
  if (slash < 0 || text[slash] !== '/') return null;
  if (slash > 0 && !/\s/u.test(text[slash - 1]!)) return null;
  const rest = /^[\p{L}\p{N}_-]*/u.exec(text.slice(caret))?.[0] ?? '';
  const query = word + rest;
  if (query.length > MAX_SHORTCUT) return null;
  return { query: word, start: slash, end: caret + rest.length };
}

/**
 * The responses whose shortcut matches `query` (case and accents ignored): shortcuts that start
 * with it first, then those that merely contain it, each group alphabetically. An empty query
 * lists them all.
 */
export function filterCanned(responses: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = foldText(query.trim());
  const ranked: { response: CannedResponse; rank: number; key: string }[] = [];
  for (const response of responses) {
    const key = foldText(response.shortcut);
    const rank = key.startsWith(q) ? 0 : key.includes(q) ? 1 : -1;
    if (rank >= 0) ranked.push({ response, rank, key });
  }
  ranked.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ranked.slice(0, limit).map((r) => r.response);
}

export interface PlaceholderValues {
  visitorName: string | null | undefined;
  visitorEmail: string | null | undefined;
  agentName: string;
}

const PLACEHOLDER = /\{\s*(visitor\.name|visitor\.email|agent\.name)\s*\}/giu;

/**
 * A response's text with `{visitor.name}`, `{visitor.email}` and `{agent.name}` filled in. A
 * visitor without a name is addressed with `nameFallback` ("there", "bạn"); a missing email
 * leaves nothing. Unknown placeholders stay as written, so the agent sees them before sending.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues, nameFallback: string): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => {
    switch (key.toLowerCase()) {
      case 'visitor.name':
        return values.visitorName?.trim() || nameFallback;
      case 'visitor.email':
        return values.visitorEmail?.trim() ?? '';
      default:
        return values.agentName;
    }
  });
}

/** Vietnamese letters and tone marks, after NFD: breve, circumflex, horn, the five tones, đ. */
const VIETNAMESE = /[đĐ]|[\u0300\u0301\u0302\u0303\u0306\u0309\u031B\u0323]/u;

/**
 * The language a response is written in, to word a missing visitor name in it: Vietnamese when it
 * has Vietnamese letters, English when it has Latin letters but none of those, else `uiLanguage`.
 */
export function responseLanguage(text: string, uiLanguage: Language): Language {
  const words = text.replace(PLACEHOLDER, ' ').normalize('NFD');
  if (VIETNAMESE.test(words)) return 'vi';
  if (/[A-Za-z]/.test(words)) return 'en';
  return uiLanguage;
}

/** The composer's text with `trigger`'s range replaced by `insert`, and where the caret goes. */
export function applyCanned(text: string, trigger: CannedTrigger, insert: string): { text: string; caret: number } {
  const next = text.slice(0, trigger.start) + insert + text.slice(trigger.end);
  return { text: next, caret: trigger.start + insert.length };
}

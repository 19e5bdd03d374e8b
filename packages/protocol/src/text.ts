import { LIMITS } from './limits.ts';

/**
 * Folds text for search: lower case, no diacritics, so "Hà Nội", "ha noi" and "HA NOI" match.
 * Vietnamese đ/Đ is a separate letter (not a combining mark) and is folded by hand.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/**
 * A conversation's `lastMessage.text`: the start of the message, never all of a long one. Every
 * agent of a site receives each preview (lists, activity batches), so a pasted 5,000-character
 * message would otherwise travel to every console in full to fill one line of an inbox. The
 * console cuts its own previews the same way, so the two compare equal.
 */
export function previewText(text: string): string {
  if (text.length <= LIMITS.previewLength) return text;
  let cut = text.slice(0, LIMITS.previewLength);
  // Not half of a surrogate pair (an emoji cut in two is not valid text).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

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

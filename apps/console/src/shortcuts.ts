/**
 * Keyboard switching between conversations: the order the inbox shows them in, stepping through
 * it, and which key does what. Pure, so it is unit-tested.
 */
import { SECTIONS, type Section } from './store.ts';

/** The ids of the conversations as the inbox lists them, top to bottom; folded sections are skipped. */
export function navigationOrder(
  groups: Record<Section, readonly { id: string }[]>,
  folded: Partial<Record<Section, boolean>> = {},
): string[] {
  return SECTIONS.flatMap((section) => (folded[section] ? [] : groups[section].map((c) => c.id)));
}

/**
 * The conversation `delta` places from `currentId` in `order`, stopping at either end. From no
 * conversation (or one not listed), down goes to the first and up to the last.
 */
export function stepConversation(order: readonly string[], currentId: string | null, delta: number): string | null {
  if (order.length === 0) return null;
  const index = currentId === null ? -1 : order.indexOf(currentId);
  if (index === -1) return delta > 0 ? order[0]! : order[order.length - 1]!;
  return order[Math.min(order.length - 1, Math.max(0, index + delta))]!;
}

/** The `n`th conversation (1-based) of `order`, if there is one. */
export function nthConversation(order: readonly string[], n: number): string | null {
  return n >= 1 ? (order[n - 1] ?? null) : null;
}

export type Shortcut = { type: 'step'; delta: 1 | -1 } | { type: 'jump'; n: number } | { type: 'help' };

export interface KeyInput {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/**
 * What a key press means to the console, if anything. Alt+↑/↓ step, Alt+1…9 jump (by physical
 * key, since Alt+digit types other characters on a Mac), `?` toggles the help, but only outside
 * text fields (`inText`) where it is just a question mark. Ctrl or Cmd with Alt (AltGr on Windows
 * keyboards) is left alone.
 */
export function shortcutFor(event: KeyInput, inText: boolean): Shortcut | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey && !event.shiftKey) {
    if (event.key === 'ArrowUp') return { type: 'step', delta: -1 };
    if (event.key === 'ArrowDown') return { type: 'step', delta: 1 };
    const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
    if (digit) return { type: 'jump', n: Number(digit[1]) };
    return null;
  }
  if (!event.altKey && event.key === '?' && !inText) return { type: 'help' };
  return null;
}

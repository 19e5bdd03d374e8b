/**
 * The widget's readable-text rule, for the appearance preview (the widget applies the same one:
 * apps/widget/src/app/contrast.ts). WCAG 2 relative luminance and contrast ratio: white or
 * near-black text, whichever contrasts more with the site colour; when neither reaches 4.5:1 (AA
 * for normal text) the colour is darkened in small steps until white does. Pure, unit-tested.
 */

export type Rgb = [number, number, number];

const WHITE: Rgb = [255, 255, 255];
/** The near-black the widget uses for text (#111827). */
const DARK: Rgb = [17, 24, 39];
/** WCAG AA for normal text. */
export const AA = 4.5;

/** Parses #rgb or #rrggbb; null otherwise. */
export function parseHex(value: string): Rgb | null {
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim())?.[1];
  if (!hex) return null;
  if (hex.length === 3) hex = hex.replace(/./g, '$&$&');
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

/** WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

export interface AccentColors {
  /** The accent as drawn (the site colour, or darkened when no text colour reads on it). */
  background: string;
  /** #ffffff or #111827. */
  text: string;
  /** True when the site colour had to be darkened for white text to reach AA. */
  adjusted: boolean;
  /** Contrast of text on background. */
  ratio: number;
}

/** The accent and its text colour for a site colour, as #rrggbb; null when the colour cannot be read. */
export function accentColors(color: string): AccentColors | null {
  let rgb = parseHex(color);
  if (!rgb) return null;
  const onWhite = contrastRatio(rgb, WHITE);
  const onDark = contrastRatio(rgb, DARK);
  if (Math.max(onWhite, onDark) >= AA) {
    const text = onWhite >= onDark ? WHITE : DARK;
    return { background: toHex(rgb), text: toHex(text), adjusted: false, ratio: Math.max(onWhite, onDark) };
  }
  // Neither reads well: darken until white does (black always gets there).
  while (contrastRatio(rgb, WHITE) < AA) rgb = rgb.map((c) => Math.floor(c * 0.95)) as Rgb;
  return { background: toHex(rgb), text: toHex(WHITE), adjusted: true, ratio: contrastRatio(rgb, WHITE) };
}

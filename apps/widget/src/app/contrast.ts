/**
 * Readable text on the site's colour (WCAG 2 relative luminance and contrast ratio): white or
 * near-black, whichever contrasts more; when neither reaches 4.5:1 (AA for normal text), the
 * colour is darkened until white does. Pure: colours the DOM must resolve come in as rgb().
 */

type Rgb = [number, number, number];

const WHITE: Rgb = [255, 255, 255];
/** The near-black used for text across the widget (#111827). */
const DARK: Rgb = [17, 24, 39];
export const AA = 4.5;

/** Parses #rgb, #rrggbb (alpha ignored: #rgba, #rrggbbaa) and rgb()/rgba(); null otherwise. */
export function parseColor(value: string): Rgb | null {
  const color = value.trim().toLowerCase();
  let hex = /^#([0-9a-f]{3,8})$/.exec(color)?.[1];
  if (hex && (hex.length === 3 || hex.length === 4)) hex = hex.replace(/./g, '$&$&');
  if (hex && (hex.length === 6 || hex.length === 8)) {
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(color);
  return rgb ? ([1, 2, 3].map((i) => Math.min(255, Number(rgb[i]))) as Rgb) : null;
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
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/**
 * The accent (header, launcher, own bubbles, buttons) and its text colour for a site colour, both
 * as #rrggbb; null when the colour cannot be read.
 */
export function accentColors(color: string): { background: string; text: string } | null {
  let rgb = parseColor(color);
  if (!rgb) return null;
  const onWhite = contrast(rgb, WHITE);
  const onDark = contrast(rgb, DARK);
  if (Math.max(onWhite, onDark) >= AA) return { background: hex(rgb), text: hex(onWhite >= onDark ? WHITE : DARK) };
  // Neither reads well: darken in small steps until white text does (black always gets there).
  while (contrast(rgb, WHITE) < AA) rgb = rgb.map((c) => Math.floor(c * 0.95)) as Rgb;
  return { background: hex(rgb), text: hex(WHITE) };
}

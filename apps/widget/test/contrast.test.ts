import { describe, expect, it } from 'vitest';
import { AA, accentColors, contrast, luminance, parseColor } from '../src/app/contrast.ts';

describe('parseColor', () => {
  it('reads hex (3, 4, 6 and 8 digits) and rgb()/rgba()', () => {
    expect(parseColor('#2563eb')).toEqual([37, 99, 235]);
    expect(parseColor('#FFF')).toEqual([255, 255, 255]);
    expect(parseColor('#0f08')).toEqual([0, 255, 0]);
    expect(parseColor('#11182780')).toEqual([17, 24, 39]);
    expect(parseColor('rgb(255, 0, 128)')).toEqual([255, 0, 128]);
    expect(parseColor('rgba(1,2,3,0.5)')).toEqual([1, 2, 3]);
  });

  it('returns null for what it cannot read (named colours are resolved by the browser)', () => {
    for (const value of ['teal', '#12', '#1234567', 'hsl(0 0% 0%)', '']) expect(parseColor(value)).toBeNull();
  });
});

describe('WCAG contrast', () => {
  it('computes relative luminance and the contrast ratio', () => {
    expect(luminance([255, 255, 255])).toBeCloseTo(1);
    expect(luminance([0, 0, 0])).toBe(0);
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
    expect(contrast([255, 255, 255], [255, 255, 255])).toBe(1);
    expect(contrast([119, 119, 119], [255, 255, 255])).toBeCloseTo(4.48, 2); // #777 just misses AA
  });
});

describe('accentColors', () => {
  const ratio = (a: string, b: string) => contrast(parseColor(a)!, parseColor(b)!);

  it('puts white text on dark colours and near-black text on light ones', () => {
    expect(accentColors('#2563eb')).toEqual({ background: '#2563eb', text: '#ffffff' });
    expect(accentColors('#facc15')).toEqual({ background: '#facc15', text: '#111827' });
    expect(accentColors('#ffffff')).toEqual({ background: '#ffffff', text: '#111827' });
  });

  it('darkens a colour neither text colour reads well on, until white text reaches AA', () => {
    const accent = accentColors('#808080')!; // white 3.9:1, near-black 4.3:1
    expect(accent.text).toBe('#ffffff');
    expect(accent.background).not.toBe('#808080');
    expect(ratio(accent.background, accent.text)).toBeGreaterThanOrEqual(AA);
    expect(ratio(accent.background, '#808080')).toBeLessThan(1.5); // still recognisably the site's colour
  });

  it('always reaches AA', () => {
    for (let r = 0; r < 256; r += 51) {
      for (let g = 0; g < 256; g += 51) {
        for (let b = 0; b < 256; b += 51) {
          const color = `rgb(${r}, ${g}, ${b})`;
          const accent = accentColors(color)!;
          expect(ratio(accent.background, accent.text), color).toBeGreaterThanOrEqual(AA);
        }
      }
    }
  });

  it('returns null for a colour it cannot read', () => {
    expect(accentColors('not-a-colour')).toBeNull();
  });
});

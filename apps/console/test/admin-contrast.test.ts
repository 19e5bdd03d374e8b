import { describe, expect, it } from 'vitest';
import { AA, accentColors, contrastRatio, parseHex } from '../src/admin/contrast.ts';

describe('parseHex', () => {
  it('reads #rrggbb and #rgb, case-insensitively', () => {
    expect(parseHex('#2563eb')).toEqual([37, 99, 235]);
    expect(parseHex('#FFF')).toEqual([255, 255, 255]);
    expect(parseHex(' #00ff00 ')).toEqual([0, 255, 0]);
  });

  it('refuses anything else', () => {
    for (const value of ['', '2563eb', '#12345', '#gggggg', 'red', '#2563eb80']) expect(parseHex(value)).toBeNull();
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([37, 99, 235], [37, 99, 235])).toBeCloseTo(1, 5);
  });
});

describe('accentColors (the widget rule)', () => {
  it('puts white text on dark colours', () => {
    expect(accentColors('#2563eb')).toMatchObject({ background: '#2563eb', text: '#ffffff', adjusted: false });
    expect(accentColors('#000000')).toMatchObject({ text: '#ffffff', adjusted: false });
  });

  it('puts near-black text on light colours', () => {
    expect(accentColors('#ffd60a')).toMatchObject({ background: '#ffd60a', text: '#111827', adjusted: false });
    expect(accentColors('#ffffff')).toMatchObject({ text: '#111827' });
  });

  it('darkens a colour on which neither text colour reaches AA, until white does', () => {
    const result = accentColors('#777777')!;
    expect(result.adjusted).toBe(true);
    expect(result.text).toBe('#ffffff');
    expect(result.background).not.toBe('#777777');
    expect(result.ratio).toBeGreaterThanOrEqual(AA);
  });

  it('always reaches AA', () => {
    for (const color of ['#ff0000', '#00ff00', '#0000ff', '#808080', '#ff8800', '#10b981', '#e5e7eb']) {
      expect(accentColors(color)!.ratio).toBeGreaterThanOrEqual(AA);
    }
  });

  it('returns null for a colour it cannot read', () => {
    expect(accentColors('blue')).toBeNull();
  });
});

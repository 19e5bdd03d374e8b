import { describe, expect, it } from 'vitest';
import { LIMITS, previewText } from '../src/index.ts';

describe('previewText', () => {
  it('keeps a short message whole', () => {
    expect(previewText('Xin chào')).toBe('Xin chào');
    expect(previewText('a'.repeat(LIMITS.previewLength))).toBe('a'.repeat(LIMITS.previewLength));
  });

  it('cuts a long one at the preview length, marked with an ellipsis', () => {
    const long = 'Cho tôi hỏi về đơn hàng. '.repeat(200);
    const preview = previewText(long);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview.length).toBeLessThanOrEqual(LIMITS.previewLength + 1);
    expect(long.startsWith(preview.slice(0, -1))).toBe(true);
    // No trailing space before the ellipsis.
    expect(preview).not.toMatch(/\s…$/);
  });

  it('never splits an emoji in two', () => {
    const text = `${'a'.repeat(LIMITS.previewLength - 1)}😀 and more`;
    const preview = previewText(text);
    expect(preview).toBe(`${'a'.repeat(LIMITS.previewLength - 1)}…`);
  });
});

import { describe, expect, it } from 'vitest';
import { barRects, labelEvery, linePath, niceDurationScale, niceScale, plotArea, yOf, type Frame } from '../src/dashboard/chart.ts';

const frame: Frame = { width: 440, height: 220, left: 40, right: 0, top: 20, bottom: 0 };

describe('niceScale', () => {
  it('rounds the top up to a readable step', () => {
    expect(niceScale(8, 4, true)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(37, 4, true)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(niceScale(3, 4, true)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(niceScale(0.9, 4)).toEqual({ top: 1, ticks: [0, 0.25, 0.5, 0.75, 1] });
  });

  it('has an axis even with no data', () => {
    expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(Number.NaN)).toEqual({ top: 1, ticks: [0, 1] });
  });

  it('uses whole durations for time axes', () => {
    expect(niceDurationScale(150)).toEqual({ top: 180, ticks: [0, 60, 120, 180] });
    expect(niceDurationScale(50)).toEqual({ top: 60, ticks: [0, 15, 30, 45, 60] });
    expect(niceDurationScale(0)).toEqual({ top: 60, ticks: [0, 30, 60] });
  });
});

describe('geometry', () => {
  it('maps values into the plot, clamped to the axis', () => {
    const area = plotArea(frame);
    expect(area).toEqual({ x: 40, y: 20, width: 400, height: 200 });
    expect(yOf(0, 10, frame)).toBe(220);
    expect(yOf(10, 10, frame)).toBe(20);
    expect(yOf(5, 10, frame)).toBe(120);
    expect(yOf(20, 10, frame)).toBe(20);
  });

  it('lays bars out in equal slots from the baseline', () => {
    const bars = barRects([10, 0, null, 5], 10, frame, 0.5);
    expect(bars.map((b) => b.x)).toEqual([65, 165, 265, 365]);
    expect(bars.map((b) => b.width)).toEqual([50, 50, 50, 50]);
    expect(bars.map((b) => b.height)).toEqual([200, 0, 0, 100]);
    expect(bars[3]!.y).toBe(120);
  });

  it('draws a line broken at missing values', () => {
    expect(linePath([10, 5, null, 0], 10, frame)).toBe('M90.0,20.0L190.0,120.0M390.0,220.0');
    expect(linePath([null, null], 10, frame)).toBe('');
  });

  it('labels about as many slots as fit', () => {
    expect(labelEvery(7, 8)).toBe(1);
    expect(labelEvery(24, 8)).toBe(3);
    expect(labelEvery(0, 8)).toBe(1);
  });
});

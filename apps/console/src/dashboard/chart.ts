/**
 * Chart geometry for the dashboard's inline SVG charts: a "nice" value axis and the positions of
 * bars and line points. Pure, unit-tested; the components only draw what this returns.
 */

/**
 * A value axis from 0 to a round number at or above `max`, with about `count` steps of 1, 2, 2.5
 * or 5 times a power of ten (whole steps only when `integer`, as for counts).
 */
export function niceScale(max: number, count = 4, integer = false): { top: number; ticks: number[] } {
  if (!Number.isFinite(max) || max <= 0) return { top: 1, ticks: [0, 1] };
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const steps = integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = power * (steps.find((s) => s * power >= rough) ?? 10);
  if (integer) step = Math.max(1, Math.round(step));
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { top, ticks };
}

export interface Frame {
  width: number;
  height: number;
  /** Room for the axis labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface BarRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The plot's inner box. */
export function plotArea(frame: Frame) {
  return {
    x: frame.left,
    y: frame.top,
    width: Math.max(1, frame.width - frame.left - frame.right),
    height: Math.max(1, frame.height - frame.top - frame.bottom),
  };
}

/** The y coordinate of a value on an axis from 0 to `top`. */
export function yOf(value: number, top: number, frame: Frame): number {
  const area = plotArea(frame);
  const clamped = Math.min(Math.max(value, 0), top);
  return area.y + area.height - (clamped / top) * area.height;
}

/** The centre x of slot `index` of `count` equal slots. */
export function slotCenter(index: number, count: number, frame: Frame): number {
  const area = plotArea(frame);
  return area.x + (area.width / Math.max(1, count)) * (index + 0.5);
}

/**
 * One bar per value in equal slots, `fill` (0–1) of each slot wide; a null or zero value has a
 * zero-height bar at the baseline.
 */
export function barRects(values: readonly (number | null)[], top: number, frame: Frame, fill = 0.7): BarRect[] {
  const area = plotArea(frame);
  const slot = area.width / Math.max(1, values.length);
  const width = Math.max(1, slot * fill);
  const base = area.y + area.height;
  return values.map((value, i) => {
    const y = yOf(value ?? 0, top, frame);
    return { x: area.x + slot * i + (slot - width) / 2, y, width, height: base - y };
  });
}

/**
 * An SVG path through the points with a value, broken where a value is missing (a bucket with
 * nothing to measure is a gap, not a zero).
 */
export function linePath(values: readonly (number | null)[], top: number, frame: Frame): string {
  let path = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const x = slotCenter(i, values.length, frame).toFixed(1);
    const y = yOf(value, top, frame).toFixed(1);
    path += `${drawing ? 'L' : 'M'}${x},${y}`;
    drawing = true;
  });
  return path;
}

/** Which slots get an x label: about `max` of them, evenly spaced, always the first. */
export function labelEvery(count: number, max = 8): number {
  return Math.max(1, Math.ceil(count / max));
}

/** Round steps for a time axis, in seconds: 15 s up to a day. */
const DURATION_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, 86_400];

/** A time axis from 0 with about `count` steps of whole, readable durations (30 s, 1 min, 5 min…). */
export function niceDurationScale(max: number, count = 4): { top: number; ticks: number[] } {
  if (!Number.isFinite(max) || max <= 0) return { top: 60, ticks: [0, 30, 60] };
  const rough = max / count;
  const step = DURATION_STEPS.find((s) => s >= rough) ?? Math.ceil(rough / 86_400) * 86_400;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { top, ticks };
}

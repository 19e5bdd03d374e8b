/**
 * The KPI cards' logic: which figure each card shows, its target and whether the figure meets it,
 * and how durations, shares and scores are written. Pure, unit-tested.
 *
 * Targets: first response (median ≤ 120 s) and first-contact resolution (≥ 75 %) come from the
 * server (`report.targets`, shared/DESIGN.md). The others are the dashboard's reference points,
 * kept in one table so they are easy to review: queue wait p90 within the first-response target
 * (whoever waits longer cannot be answered in time), CSAT ≥ 80 % of answers 4–5, NPS ≥ 30,
 * CES ≥ 5 of 7 (higher is easier), average response ≤ 120 s, and no missed chats or refusals.
 */
import { METRIC_TARGETS, type MetricSummary } from '@parley/protocol';

export type Targets = typeof METRIC_TARGETS;

export const REFERENCE_TARGETS = {
  csatSatisfied: 0.8,
  nps: 30,
  cesAverage: 5,
} as const;

export type KpiStatus = 'ok' | 'warn' | 'none';
export type Direction = 'atMost' | 'atLeast';
export type KpiUnit = 'seconds' | 'share' | 'count' | 'score' | 'nps';

export interface Target {
  value: number;
  direction: Direction;
  unit: KpiUnit;
}

/** On target (ok), off target (warn), or nothing to judge (no figure, or no target). */
export function kpiStatus(value: number | null, target: Target | null): KpiStatus {
  if (value === null || !Number.isFinite(value) || !target) return 'none';
  return (target.direction === 'atMost' ? value <= target.value : value >= target.value) ? 'ok' : 'warn';
}

export type KpiId =
  | 'frt'
  | 'fcr'
  | 'wait'
  | 'csat'
  | 'nps'
  | 'ces'
  | 'started'
  | 'answered'
  | 'missed'
  | 'offline'
  | 'refusals'
  | 'response'
  | 'handle'
  | 'resolution';

export interface KpiFigure {
  unit: KpiUnit;
  value: number | null;
}

export interface Kpi {
  id: KpiId;
  /** The headline figure (exposed as `data-value`). */
  main: KpiFigure;
  /** Supporting figures, worded by the card (e.g. share under 2 minutes, p90). */
  extra: { key: 'within' | 'p90' | 'satisfied' | 'responses'; figure: KpiFigure }[];
  target: Target | null;
  /** The figure the target is checked against (the headline unless said otherwise). */
  judged: number | null;
  status: KpiStatus;
}

function kpi(id: KpiId, main: KpiFigure, target: Target | null, extra: Kpi['extra'] = [], judged = main.value): Kpi {
  return { id, main, extra, target, judged, status: kpiStatus(judged, target) };
}

const seconds = (value: number | null): KpiFigure => ({ unit: 'seconds', value });
const share = (value: number | null): KpiFigure => ({ unit: 'share', value });
const count = (value: number | null): KpiFigure => ({ unit: 'count', value });
const score = (value: number | null): KpiFigure => ({ unit: 'score', value });

/** The cards, in display order: quality first, then volumes, then times. */
export function buildKpis(summary: MetricSummary, targets: Targets = METRIC_TARGETS): Kpi[] {
  const frtTarget: Target = { value: targets.firstResponseSeconds, direction: 'atMost', unit: 'seconds' };
  return [
    kpi('frt', seconds(summary.firstResponseMedian), frtTarget, [
      { key: 'within', figure: share(summary.firstResponseWithinTarget) },
      { key: 'p90', figure: seconds(summary.firstResponseP90) },
    ]),
    kpi('fcr', share(summary.firstContactResolution), { value: targets.firstContactResolution, direction: 'atLeast', unit: 'share' }),
    kpi(
      'wait',
      seconds(summary.queueWaitMedian),
      frtTarget,
      [{ key: 'p90', figure: seconds(summary.queueWaitP90) }],
      summary.queueWaitP90,
    ),
    kpi(
      'csat',
      score(summary.csatAverage),
      { value: REFERENCE_TARGETS.csatSatisfied, direction: 'atLeast', unit: 'share' },
      [
        { key: 'satisfied', figure: share(summary.csatSatisfied) },
        { key: 'responses', figure: count(summary.surveyResponses) },
      ],
      summary.csatSatisfied,
    ),
    kpi('nps', { unit: 'nps', value: summary.nps }, { value: REFERENCE_TARGETS.nps, direction: 'atLeast', unit: 'nps' }),
    kpi('ces', score(summary.cesAverage), { value: REFERENCE_TARGETS.cesAverage, direction: 'atLeast', unit: 'score' }),
    kpi('started', count(summary.started), null),
    kpi('answered', count(summary.answered), null),
    kpi('missed', count(summary.missed), { value: 0, direction: 'atMost', unit: 'count' }),
    kpi('offline', count(summary.offline), null),
    kpi('refusals', count(summary.queueFullRefusals), { value: 0, direction: 'atMost', unit: 'count' }),
    kpi('response', seconds(summary.averageResponse), frtTarget),
    kpi('handle', seconds(summary.handleTimeAverage), null),
    kpi('resolution', seconds(summary.resolutionTimeAverage), null),
  ];
}

// ---- formatting -----------------------------------------------------------------------------

export interface DurationUnits {
  s: string;
  m: string;
  h: string;
  d: string;
}

/**
 * A duration for a card: "45 s", "2 min", "2 min 05 s", "1 h 20 min", "2 d 3 h" (units from i18n).
 * Seconds are rounded; two units at most (a zero second one left out), minutes and seconds padded
 * so columns of figures line up.
 */
export function formatDuration(value: number | null, units: DurationUnits, empty = '—'): string {
  if (value === null || !Number.isFinite(value)) return empty;
  const total = Math.max(0, Math.round(value));
  if (total < 60) return `${total} ${units.s}`;
  const minutes = Math.floor(total / 60);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string, pad: boolean) =>
    small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${pad ? String(small).padStart(2, '0') : small} ${smallUnit}`;
  if (minutes < 60) return two(minutes, units.m, total % 60, units.s, true);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return two(hours, units.h, minutes % 60, units.m, true);
  return two(Math.floor(hours / 24), units.d, hours % 24, units.h, false);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A share (0–1) as a whole percentage in the UI language: "75%", "75 %"… */
export function formatShare(value: number | null, lang: string, empty = '—'): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** A count, grouped: "1,234" / "1.234". */
export function formatCount(value: number | null, lang: string, empty = '—'): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value);
}

/** An average score with one decimal: "4.6" / "4,6". */
export function formatScore(value: number | null, lang: string, empty = '—'): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** NPS, signed and whole: "+32", "−5", "0". */
export function formatNps(value: number | null, lang: string, empty = '—'): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return numberFormat(lang, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(value);
}

/** Any figure, by its unit. */
export function formatFigure(figure: KpiFigure, lang: string, units: DurationUnits, empty = '—'): string {
  switch (figure.unit) {
    case 'seconds':
      return formatDuration(figure.value, units, empty);
    case 'share':
      return formatShare(figure.value, lang, empty);
    case 'count':
      return formatCount(figure.value, lang, empty);
    case 'score':
      return formatScore(figure.value, lang, empty);
    case 'nps':
      return formatNps(figure.value, lang, empty);
  }
}

/** The raw figure for `data-value`: the number as sent, or '' when there is none. */
export function dataValue(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(value);
}

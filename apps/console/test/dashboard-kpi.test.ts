import { describe, expect, it } from 'vitest';
import { METRIC_TARGETS, type MetricSummary } from '@parley/protocol';
import { buildKpis, dataValue, formatDuration, formatNps, formatScore, formatShare, kpiStatus } from '../src/dashboard/kpi.ts';
import { DASHBOARD_MESSAGES } from '../src/dashboard/i18n.ts';

const units = DASHBOARD_MESSAGES.en.units;

const summary: MetricSummary = {
  started: 40,
  answered: 36,
  missed: 2,
  offline: 3,
  queueFullRefusals: 0,
  firstResponseMedian: 95,
  firstResponseP90: 240,
  firstResponseWithinTarget: 0.72,
  averageResponse: 130,
  handleTimeAverage: 610,
  resolutionTimeAverage: 700,
  firstContactResolution: 0.7,
  queueWaitMedian: 20,
  queueWaitP90: 110,
  csatAverage: 4.4,
  csatSatisfied: 0.85,
  surveyResponses: 20,
  nps: 12,
  cesAverage: 5.5,
};

describe('kpiStatus', () => {
  it('compares against the target in its direction', () => {
    expect(kpiStatus(120, { value: 120, direction: 'atMost', unit: 'seconds' })).toBe('ok');
    expect(kpiStatus(121, { value: 120, direction: 'atMost', unit: 'seconds' })).toBe('warn');
    expect(kpiStatus(0.75, { value: 0.75, direction: 'atLeast', unit: 'share' })).toBe('ok');
    expect(kpiStatus(0.74, { value: 0.75, direction: 'atLeast', unit: 'share' })).toBe('warn');
  });

  it('judges nothing without a figure or a target', () => {
    expect(kpiStatus(null, { value: 120, direction: 'atMost', unit: 'seconds' })).toBe('none');
    expect(kpiStatus(5, null)).toBe('none');
    expect(kpiStatus(Number.NaN, { value: 1, direction: 'atLeast', unit: 'count' })).toBe('none');
  });
});

describe('buildKpis', () => {
  const kpis = Object.fromEntries(buildKpis(summary, METRIC_TARGETS).map((k) => [k.id, k]));

  it('judges FRT by its median against the 120 s target, with the share under 2 minutes alongside', () => {
    expect(kpis.frt).toMatchObject({ main: { unit: 'seconds', value: 95 }, status: 'ok', target: { value: 120, direction: 'atMost' } });
    expect(kpis.frt!.extra.map((e) => e.key)).toEqual(['within', 'p90']);
    expect(kpis.frt!.extra[0]!.figure.value).toBe(0.72);
  });

  it('judges FCR against 75 %', () => {
    expect(kpis.fcr).toMatchObject({ main: { value: 0.7 }, status: 'warn', target: { value: 0.75, direction: 'atLeast' } });
  });

  it('shows the queue wait median and judges its p90 against the first-response target', () => {
    expect(kpis.wait).toMatchObject({ main: { value: 20 }, judged: 110, status: 'ok' });
    const late = buildKpis({ ...summary, queueWaitP90: 300 }).find((k) => k.id === 'wait')!;
    expect(late.status).toBe('warn');
  });

  it('shows CSAT as the average, judged by the share of 4–5', () => {
    expect(kpis.csat).toMatchObject({ main: { unit: 'score', value: 4.4 }, judged: 0.85, status: 'ok' });
  });

  it('judges NPS, CES, missed chats and refusals', () => {
    expect(kpis.nps!.status).toBe('warn');
    expect(kpis.ces!.status).toBe('ok');
    expect(kpis.missed!.status).toBe('warn');
    expect(kpis.refusals!.status).toBe('ok');
    expect(kpis.response!.status).toBe('warn');
  });

  it('leaves volumes and handle times unjudged', () => {
    for (const id of ['started', 'answered', 'offline', 'handle', 'resolution']) expect(kpis[id]!.status).toBe('none');
  });

  it('judges nothing when there is nothing to measure', () => {
    const empty = buildKpis({ ...summary, firstResponseMedian: null, firstContactResolution: null, csatSatisfied: null });
    expect(empty.find((k) => k.id === 'frt')!.status).toBe('none');
    expect(empty.find((k) => k.id === 'fcr')!.status).toBe('none');
    expect(empty.find((k) => k.id === 'csat')!.status).toBe('none');
  });
});

describe('formatting', () => {
  it('writes durations with at most two units', () => {
    expect(formatDuration(null, units)).toBe('—');
    expect(formatDuration(0, units)).toBe('0 s');
    expect(formatDuration(44.6, units)).toBe('45 s');
    expect(formatDuration(120, units)).toBe('2 min');
    expect(formatDuration(125, units)).toBe('2 min 05 s');
    expect(formatDuration(3600 + 20 * 60, units)).toBe('1 h 20 min');
    expect(formatDuration(2 * 86400 + 3 * 3600 + 59, units)).toBe('2 d 3 h');
    expect(formatDuration(90, DASHBOARD_MESSAGES.vi.units)).toBe('1 phút 30 giây');
  });

  it('writes shares, scores and NPS in the UI language', () => {
    expect(formatShare(0.754, 'en')).toBe('75%');
    expect(formatShare(null, 'en')).toBe('—');
    expect(formatScore(4.44, 'en')).toBe('4.4');
    expect(formatScore(4.44, 'vi')).toBe('4,4');
    expect(formatNps(32, 'en')).toBe('+32');
    expect(formatNps(-5, 'en')).toBe('-5');
    expect(formatNps(0, 'en')).toBe('0');
  });

  it('exposes the raw figure for data-value', () => {
    expect(dataValue(4.25)).toBe('4.25');
    expect(dataValue(0)).toBe('0');
    expect(dataValue(null)).toBe('');
  });
});

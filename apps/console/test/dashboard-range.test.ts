import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '@parley/protocol';
import {
  bucketKey,
  bucketKeys,
  bucketLabel,
  defaultBucket,
  emptyPoint,
  fillSeries,
  localDateInput,
  metricsQuery,
  parseDateInput,
  rangeFor,
  startOfLocalDay,
} from '../src/dashboard/range.ts';

// Local dates follow the test process's time zone, so expectations are built the same way.
const now = new Date(2026, 10, 22, 14, 35, 10);

describe('rangeFor', () => {
  it('covers today from local midnight to now', () => {
    expect(rangeFor('today', now)).toEqual({ from: new Date(2026, 10, 22), to: now });
  });

  it('covers whole calendar days ending today for 7 and 30 days', () => {
    expect(rangeFor('7d', now)).toEqual({ from: new Date(2026, 10, 16), to: now });
    expect(rangeFor('30d', now)).toEqual({ from: new Date(2026, 9, 24), to: now });
  });

  it('covers a custom range from its first day to the end of its last, capped at now', () => {
    expect(rangeFor('custom', now, { from: '2026-11-01', to: '2026-11-03' })).toEqual({
      from: new Date(2026, 10, 1),
      to: new Date(2026, 10, 4),
    });
    expect(rangeFor('custom', now, { from: '2026-11-20', to: '2026-11-22' })).toEqual({ from: new Date(2026, 10, 20), to: now });
  });

  it('refuses an impossible custom range', () => {
    expect(rangeFor('custom', now, { from: '2026-11-05', to: '2026-11-01' })).toBeNull();
    expect(rangeFor('custom', now, { from: '2026-12-01', to: '2026-12-02' })).toBeNull();
    expect(rangeFor('custom', now, { from: 'nope', to: '2026-11-02' })).toBeNull();
    expect(rangeFor('custom', now)).toBeNull();
  });

  it('picks hours for a day and days beyond', () => {
    expect(defaultBucket(rangeFor('today', now)!)).toBe('hour');
    expect(defaultBucket(rangeFor('7d', now)!)).toBe('day');
  });
});

describe('date inputs', () => {
  it('round-trips local dates', () => {
    expect(localDateInput(now)).toBe('2026-11-22');
    expect(parseDateInput('2026-11-22')).toEqual(new Date(2026, 10, 22));
    expect(parseDateInput('2026-02-30')).toBeNull();
    expect(startOfLocalDay(now, -1)).toEqual(new Date(2026, 10, 21));
  });
});

describe('buckets', () => {
  it('keys an instant like the server: wall clock in the zone', () => {
    const instant = Date.UTC(2026, 10, 22, 18, 30);
    expect(bucketKey(instant, 'hour', 'Asia/Ho_Chi_Minh')).toBe('2026-11-23T01:00');
    expect(bucketKey(instant, 'day', 'Asia/Ho_Chi_Minh')).toBe('2026-11-23T00:00');
    expect(bucketKey(instant, 'hour', 'UTC')).toBe('2026-11-22T18:00');
  });

  it('lists every hour of a range, starting at the whole hour', () => {
    const range = { from: new Date(Date.UTC(2026, 10, 22, 0, 47)), to: new Date(Date.UTC(2026, 10, 22, 3, 0)) };
    expect(bucketKeys(range, 'hour', 'UTC')).toEqual(['2026-11-22T00:00', '2026-11-22T01:00', '2026-11-22T02:00']);
  });

  it('lists every day, with daylight-saving days counted once', () => {
    // Europe/Berlin leaves summer time on 2026-10-25 (a 25-hour day).
    const range = { from: new Date(Date.UTC(2026, 9, 23, 22)), to: new Date(Date.UTC(2026, 9, 26, 23)) };
    expect(bucketKeys(range, 'day', 'Europe/Berlin')).toEqual(['2026-10-24T00:00', '2026-10-25T00:00', '2026-10-26T00:00']);
    const hours = bucketKeys({ from: new Date(Date.UTC(2026, 9, 24, 22)), to: new Date(Date.UTC(2026, 9, 25, 23)) }, 'hour', 'Europe/Berlin');
    expect(hours).toHaveLength(24); // 25 hours, the repeated 02:00 counted once
    expect(new Set(hours).size).toBe(hours.length);
  });

  it('caps the number of buckets', () => {
    const range = { from: new Date(Date.UTC(2026, 0, 1)), to: new Date(Date.UTC(2026, 11, 31)) };
    expect(bucketKeys(range, 'hour', 'UTC', 100)).toHaveLength(100);
  });

  it('fills the buckets the server left out, in order', () => {
    const point: MetricPoint = { ...emptyPoint('2026-11-21T00:00'), started: 3, answered: 2 };
    const filled = fillSeries([point], ['2026-11-20T00:00', '2026-11-21T00:00', '2026-11-22T00:00']);
    expect(filled.map((p) => [p.bucket, p.started])).toEqual([
      ['2026-11-20T00:00', 0],
      ['2026-11-21T00:00', 3],
      ['2026-11-22T00:00', 0],
    ]);
    expect(filled[0]!.firstResponseMedian).toBeNull();
  });

  it('labels buckets without shifting them again', () => {
    expect(bucketLabel('2026-11-22T14:00', 'hour', 'en', false)).toBe('14:00');
    expect(bucketLabel('2026-11-22T00:00', 'day', 'en', true)).toBe('Nov 22');
    expect(bucketLabel('2026-11-22T00:00', 'day', 'vi', true)).toMatch(/22/);
  });
});

describe('metricsQuery', () => {
  it('builds the query with optional filters', () => {
    const range = { from: new Date(Date.UTC(2026, 10, 15)), to: new Date(Date.UTC(2026, 10, 22)) };
    const query = new URLSearchParams(metricsQuery({ range, tz: 'Asia/Ho_Chi_Minh', bucket: 'day', channelId: 'c1', format: 'csv' }));
    expect(Object.fromEntries(query)).toEqual({
      from: '2026-11-15T00:00:00.000Z',
      to: '2026-11-22T00:00:00.000Z',
      tz: 'Asia/Ho_Chi_Minh',
      bucket: 'day',
      channelId: 'c1',
      format: 'csv',
    });
    expect(metricsQuery({ range, tz: 'UTC', bucket: 'hour', agentId: '' })).not.toContain('agentId');
  });
});

/**
 * Time ranges, buckets and the metrics query: which instants a preset covers in the browser's
 * time zone, every bucket of a range (the server only returns buckets that have data), and the
 * query string. Pure, unit-tested (local dates follow the process's time zone).
 */
import type { MetricPoint, MetricSummary } from '@parley/protocol';

export type RangePreset = 'today' | '7d' | '30d' | 'custom';
export type Bucket = 'hour' | 'day';

export const RANGE_PRESETS: readonly RangePreset[] = ['today', '7d', '30d', 'custom'];

const DAY_MS = 24 * 3600 * 1000;

/** Local midnight of the day `days` after (or before, when negative) `date`'s day. */
export function startOfLocalDay(date: Date, days = 0): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** "YYYY-MM-DD" of a local date, for `<input type="date">`. */
export function localDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A `<input type="date">` value as local midnight; null when it is not a date. */
export function parseDateInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.getDate() === Number(match[3]) ? date : null;
}

export interface TimeRange {
  from: Date;
  to: Date;
}

/**
 * The instants a preset covers: today from local midnight; 7 and 30 days as whole calendar days
 * ending today (so day buckets are complete days); all up to now. A custom range covers its first
 * day to the end of its last day (capped at now); null when it is not a valid range.
 */
export function rangeFor(preset: RangePreset, now: Date, custom?: { from: string; to: string }): TimeRange | null {
  switch (preset) {
    case 'today':
      return { from: startOfLocalDay(now), to: now };
    case '7d':
      return { from: startOfLocalDay(now, -6), to: now };
    case '30d':
      return { from: startOfLocalDay(now, -29), to: now };
    case 'custom': {
      const from = custom ? parseDateInput(custom.from) : null;
      const last = custom ? parseDateInput(custom.to) : null;
      if (!from || !last || last < from) return null;
      const end = startOfLocalDay(last, 1);
      const to = end > now ? now : end;
      return to > from ? { from, to } : null;
    }
  }
}

/** Hours for a day or less, days beyond. */
export function defaultBucket(range: TimeRange): Bucket {
  return range.to.getTime() - range.from.getTime() <= DAY_MS + 3600 * 1000 ? 'hour' : 'day';
}

/** The most buckets a chart draws; hour buckets over a long custom range are cut here. */
export const MAX_BUCKETS = 24 * 62;

const keyFormats = new Map<string, Intl.DateTimeFormat>();

/** The server's bucket key of an instant: wall-clock "YYYY-MM-DDTHH:00" (hour) or "YYYY-MM-DDT00:00" (day) in `tz`. */
export function bucketKey(instant: number, bucket: Bucket, tz: string): string {
  let format = keyFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    keyFormats.set(tz, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const hour = bucket === 'hour' ? parts.hour : '00';
  return `${parts.year}-${parts.month}-${parts.day}T${hour}:00`;
}

/**
 * Every bucket key from `from` (inclusive) to `to` (exclusive), in order, without repeats. Walks
 * the range hour by hour so daylight-saving days (23 or 25 hours) come out right.
 */
export function bucketKeys(range: TimeRange, bucket: Bucket, tz: string, max = MAX_BUCKETS): string[] {
  const keys: string[] = [];
  const end = range.to.getTime();
  // Start at the whole hour, so a range starting at 10:47 still has its 10:00 bucket.
  let t = Math.floor(range.from.getTime() / 3_600_000) * 3_600_000;
  for (; t < end && keys.length < max; t += 3_600_000) {
    const key = bucketKey(Math.max(t, range.from.getTime()), bucket, tz);
    if (keys[keys.length - 1] !== key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** A bucket with nothing in it. */
export function emptyPoint(bucket: string): MetricPoint {
  const summary: MetricSummary = {
    started: 0,
    answered: 0,
    missed: 0,
    offline: 0,
    queueFullRefusals: 0,
    firstResponseMedian: null,
    firstResponseP90: null,
    firstResponseWithinTarget: null,
    averageResponse: null,
    handleTimeAverage: null,
    resolutionTimeAverage: null,
    firstContactResolution: null,
    queueWaitMedian: null,
    queueWaitP90: null,
    csatAverage: null,
    csatSatisfied: null,
    surveyResponses: 0,
    nps: null,
    cesAverage: null,
  };
  return { bucket, ...summary };
}

/** The server's series with the empty buckets of the range filled in, in order. */
export function fillSeries(series: readonly MetricPoint[], keys: readonly string[]): MetricPoint[] {
  const byKey = new Map(series.map((p) => [p.bucket, p]));
  const all = new Set([...keys, ...byKey.keys()]);
  return [...all].sort().map((key) => byKey.get(key) ?? emptyPoint(key));
}

/** A short label of a bucket key: "14:00" for hours of one day, "22/11 14:00" across days, a short date for days. */
export function bucketLabel(key: string, bucket: Bucket, lang: string, multiDay: boolean): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(key);
  if (!match) return key;
  // The key is a wall-clock time already: format it as UTC so no zone shifts it again.
  const instant = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
  const options: Intl.DateTimeFormatOptions =
    bucket === 'day'
      ? { timeZone: 'UTC', day: 'numeric', month: 'short' }
      : multiDay
        ? { timeZone: 'UTC', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(lang, options).format(instant);
}

export interface MetricsParams {
  range: TimeRange;
  tz: string;
  bucket: Bucket;
  channelId?: string | undefined;
  agentId?: string | undefined;
  format?: 'json' | 'csv';
}

/** The query string of `GET HTTP.metrics(siteId)`. */
export function metricsQuery(params: MetricsParams): string {
  const query = new URLSearchParams({
    from: params.range.from.toISOString(),
    to: params.range.to.toISOString(),
    tz: params.tz,
    bucket: params.bucket,
  });
  if (params.channelId) query.set('channelId', params.channelId);
  if (params.agentId) query.set('agentId', params.agentId);
  if (params.format === 'csv') query.set('format', 'csv');
  return query.toString();
}

/** The browser's IANA time zone, or UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

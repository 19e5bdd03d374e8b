/** The metrics report with names attached, and its CSV form. */
import { eq, inArray } from 'drizzle-orm';
import { agents, channels, type Database } from '@parley/db';
import type { MetricSummary, MetricsReport } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { computeMetrics, type MetricsFilter } from './compute-metrics.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface MetricsRequest {
  siteId: string;
  from?: string;
  to?: string;
  channelId?: string;
  agentId?: string;
  tz: string;
  bucket: 'hour' | 'day';
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function buildMetricsReport(db: Database, request: MetricsRequest): Promise<MetricsReport> {
  if (!validTimeZone(request.tz)) throw new AppError('VALIDATION', `Unknown time zone: ${request.tz}`);
  const to = request.to ? new Date(request.to) : new Date();
  const from = request.from ? new Date(request.from) : new Date(to.getTime() - WEEK_MS);
  if (from >= to) throw new AppError('VALIDATION', '`from` must be before `to`.');
  const filter: MetricsFilter = { ...request, from, to };
  const report = await computeMetrics(db, filter);
  const [channelRows, agentRows] = await Promise.all([
    db.select({ id: channels.id, name: channels.name }).from(channels).where(eq(channels.siteId, request.siteId)),
    report.byAgent.length
      ? db.select({ id: agents.id, name: agents.name }).from(agents).where(inArray(agents.id, report.byAgent.map((a) => a.agentId)))
      : Promise.resolve([]),
  ]);
  const channelName = new Map(channelRows.map((c) => [c.id, c.name]));
  const agentName = new Map(agentRows.map((a) => [a.id, a.name]));
  return {
    ...report,
    byChannel: report.byChannel.map((c) => ({ ...c, name: channelName.get(c.channelId) ?? '' })),
    byAgent: report.byAgent.map((a) => ({ ...a, name: agentName.get(a.agentId) ?? '' })),
  };
}

const COLUMNS: (keyof MetricSummary)[] = [
  'started', 'answered', 'missed', 'offline', 'queueFullRefusals',
  'firstResponseMedian', 'firstResponseP90', 'firstResponseWithinTarget', 'averageResponse',
  'handleTimeAverage', 'resolutionTimeAverage', 'firstContactResolution', 'queueWaitMedian', 'queueWaitP90',
  'csatAverage', 'csatSatisfied', 'surveyResponses', 'nps', 'cesAverage',
];

/** Quotes a CSV field; a leading = + - @ is neutralised so spreadsheets never run it as a formula. */
function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function metricsCsv(report: MetricsReport): string {
  const header = ['scope', 'key', 'name', ...COLUMNS];
  const row = (scope: string, key: string, name: string, m: MetricSummary) =>
    [scope, key, name, ...COLUMNS.map((c) => m[c] as number | null)].map(field).join(',');
  const lines = [
    header.join(','),
    row('summary', `${report.from}/${report.to}`, '', report.summary),
    ...report.series.map((p) => row('bucket', p.bucket, report.tz, p)),
    ...report.byChannel.map((c) => row('channel', c.channelId, c.name, c)),
    ...report.byAgent.map((a) => row('agent', a.agentId, a.name, a)),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

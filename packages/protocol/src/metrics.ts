/**
 * Customer-service KPIs (shared/DESIGN.md): the query and the figures, computed in SQL from stored
 * timestamps. Durations are seconds; shares are 0–1; null where there is nothing to measure.
 */
export const METRIC_TARGETS = {
  firstResponseSeconds: 120,
  firstContactResolution: 0.75,
  maxWaitingPerChannel: 2,
} as const;

export interface MetricSummary {
  started: number;
  answered: number;
  missed: number;
  offline: number;
  queueFullRefusals: number;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  /** Share of answered conversations whose first response came within the target. */
  firstResponseWithinTarget: number | null;
  averageResponse: number | null;
  handleTimeAverage: number | null;
  resolutionTimeAverage: number | null;
  firstContactResolution: number | null;
  queueWaitMedian: number | null;
  queueWaitP90: number | null;
  csatAverage: number | null;
  /** Share of CSAT answers that were 4 or 5. */
  csatSatisfied: number | null;
  surveyResponses: number;
  /** Promoters minus detractors, in percent (−100…100). */
  nps: number | null;
  cesAverage: number | null;
}

export interface MetricPoint extends MetricSummary {
  /** Start of the bucket, ISO, in the requested time zone's wall clock (`2026-11-22T00:00`). */
  bucket: string;
}

export interface MetricsReport {
  from: string;
  to: string;
  tz: string;
  targets: typeof METRIC_TARGETS;
  summary: MetricSummary;
  series: MetricPoint[];
  byChannel: (MetricSummary & { channelId: string; name: string })[];
  byAgent: (MetricSummary & { agentId: string; name: string })[];
}


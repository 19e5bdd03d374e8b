/**
 * The KPIs of shared/DESIGN.md, computed in SQL from stored timestamps — never from counters kept
 * in memory — for one site over a time range, optionally one channel or agent, as a summary, a
 * series of hour/day buckets (in the caller's time zone) and per channel and per agent.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@parley/db';
import { METRIC_TARGETS, type MetricSummary, type MetricsReport } from '@parley/protocol';

export interface MetricsFilter {
  siteId: string;
  from: Date;
  to: Date;
  channelId?: string;
  agentId?: string;
  tz: string;
  bucket: 'hour' | 'day';
}

type Row = Record<string, unknown> & { g: string | null };

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const int = (v: unknown): number => Number(v ?? 0);

/**
 * One aggregate row per group. `group` is an SQL expression over the filtered conversations `c`
 * (null for the whole range). Per-conversation facts (response times, first-contact resolution)
 * are computed once in CTEs and joined, so every grouping aggregates the same numbers.
 */
async function aggregate(db: Database, f: MetricsFilter, group: SQL): Promise<Row[]> {
  const result = await db.execute(sql`
    with c as (
      select * from conversations
      where site_id = ${f.siteId} and created_at >= ${f.from.toISOString()}::timestamptz and created_at < ${f.to.toISOString()}::timestamptz
      ${f.channelId ? sql`and channel_id = ${f.channelId}` : sql``}
      ${f.agentId ? sql`and agent_id = ${f.agentId}` : sql``}
    ),
    said as (
      select m.conversation_id, m.sender, m.seq, m.created_at,
             lag(m.sender) over (partition by m.conversation_id order by m.seq) as previous
      from messages m join c on c.id = m.conversation_id
      where m.internal = false and m.sender in ('visitor', 'agent')
    ),
    -- Each run of visitor messages, answered by the next agent message: the response time.
    responses as (
      select v.conversation_id,
             extract(epoch from (select min(a.created_at) from said a
                                 where a.conversation_id = v.conversation_id and a.sender = 'agent' and a.seq > v.seq) - v.created_at) as seconds
      from said v
      where v.sender = 'visitor' and v.previous is distinct from 'visitor'
    ),
    per_conversation as (
      select r.conversation_id, sum(r.seconds) as total, count(r.seconds) as answered_runs
      from responses r group by r.conversation_id
    ),
    facts as (
      select c.*,
        pc.total as response_total, pc.answered_runs,
        case when c.source = 'visitor' and c.first_agent_reply_at is not null
             then extract(epoch from c.first_agent_reply_at - c.created_at) end as frt,
        case when c.assigned_at is not null and c.queued_at is not null and c.source = 'visitor'
             then greatest(0, extract(epoch from c.assigned_at - c.queued_at)) end as queue_wait,
        case when c.status = 'closed' and c.assigned_at is not null then
          (c.transfer_count = 0 and c.reopen_count = 0 and not exists (
             select 1 from conversations n
             where n.visitor_id = c.visitor_id and n.id <> c.id
               and n.created_at > c.closed_at and n.created_at <= c.closed_at + interval '24 hours'))::int
        end as fcr
      from c left join per_conversation pc on pc.conversation_id = c.id
    )
    select ${group} as g,
      count(*) filter (where status <> 'offline') as started,
      count(*) filter (where first_agent_reply_at is not null) as answered,
      count(*) filter (where status = 'missed') as missed,
      count(*) filter (where status = 'offline') as offline,
      percentile_cont(0.5) within group (order by frt) as frt_median,
      percentile_cont(0.9) within group (order by frt) as frt_p90,
      avg((frt <= ${METRIC_TARGETS.firstResponseSeconds})::int) as frt_within,
      sum(response_total) / nullif(sum(answered_runs), 0) as response_avg,
      avg(extract(epoch from closed_at - assigned_at)) filter (where status = 'closed' and assigned_at is not null) as handle_avg,
      avg(extract(epoch from closed_at - created_at)) filter (where status = 'closed') as resolution_avg,
      avg(fcr) as fcr,
      percentile_cont(0.5) within group (order by queue_wait) as wait_median,
      percentile_cont(0.9) within group (order by queue_wait) as wait_p90,
      avg(csat) as csat_avg,
      avg((csat >= 4)::int) as csat_satisfied,
      count(csat) as survey_responses,
      100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6)) / nullif(count(nps), 0) as nps,
      avg(ces) as ces_avg
    from facts c
    group by 1
  `);
  return ((result as { rows?: Row[] }).rows ?? (result as unknown as Row[]));
}

async function refusals(db: Database, f: MetricsFilter, group: SQL): Promise<Map<string | null, number>> {
  // Refusals belong to no agent: with an agent filter there are none to count.
  if (f.agentId) return new Map();
  const result = await db.execute(sql`
    select ${group} as g, count(*) as n from queue_refusals c
    where site_id = ${f.siteId} and created_at >= ${f.from.toISOString()}::timestamptz and created_at < ${f.to.toISOString()}::timestamptz
    ${f.channelId ? sql`and channel_id = ${f.channelId}` : sql``}
    group by 1`);
  const rows = (result as { rows?: { g: string | null; n: unknown }[] }).rows ?? [];
  return new Map(rows.map((r) => [r.g, int(r.n)]));
}

function toSummary(row: Row | undefined, refused: number): MetricSummary {
  return {
    started: int(row?.started),
    answered: int(row?.answered),
    missed: int(row?.missed),
    offline: int(row?.offline),
    queueFullRefusals: refused,
    firstResponseMedian: num(row?.frt_median),
    firstResponseP90: num(row?.frt_p90),
    firstResponseWithinTarget: num(row?.frt_within),
    averageResponse: num(row?.response_avg),
    handleTimeAverage: num(row?.handle_avg),
    resolutionTimeAverage: num(row?.resolution_avg),
    firstContactResolution: num(row?.fcr),
    queueWaitMedian: num(row?.wait_median),
    queueWaitP90: num(row?.wait_p90),
    csatAverage: num(row?.csat_avg),
    csatSatisfied: num(row?.csat_satisfied),
    surveyResponses: int(row?.survey_responses),
    nps: num(row?.nps),
    cesAverage: num(row?.ces_avg),
  };
}

export async function computeMetrics(db: Database, f: MetricsFilter): Promise<Omit<MetricsReport, 'byChannel' | 'byAgent'> & {
  byChannel: (MetricSummary & { channelId: string })[];
  byAgent: (MetricSummary & { agentId: string })[];
}> {
  const bucket = sql`to_char(date_trunc(${sql.raw(`'${f.bucket}'`)}, c.created_at at time zone ${f.tz}), 'YYYY-MM-DD"T"HH24:MI')`;
  const [total, series, channels, agents, refusedTotal, refusedSeries, refusedChannels] = await Promise.all([
    aggregate(db, f, sql`null::text`),
    aggregate(db, f, bucket),
    aggregate(db, f, sql`c.channel_id::text`),
    aggregate(db, f, sql`c.agent_id::text`),
    refusals(db, f, sql`null::text`),
    refusals(db, f, bucket),
    refusals(db, f, sql`c.channel_id::text`),
  ]);
  const bucketKeys = [...new Set([...series.map((r) => r.g!), ...refusedSeries.keys()].filter((g): g is string => g !== null))].sort();
  return {
    from: f.from.toISOString(),
    to: f.to.toISOString(),
    tz: f.tz,
    targets: METRIC_TARGETS,
    summary: toSummary(total[0], refusedTotal.get(null) ?? 0),
    series: bucketKeys.map((key) => ({ bucket: key, ...toSummary(series.find((r) => r.g === key), refusedSeries.get(key) ?? 0) })),
    byChannel: [...new Set([...channels.map((r) => r.g!), ...refusedChannels.keys()])]
      .filter((g): g is string => g !== null)
      .map((channelId) => ({ channelId, ...toSummary(channels.find((r) => r.g === channelId), refusedChannels.get(channelId) ?? 0) })),
    byAgent: agents
      .filter((r) => r.g !== null)
      .map((r) => ({ agentId: r.g!, ...toSummary(r, 0) })),
  };
}

/**
 * The KPI dashboard (any agent): filters (site, period, grouping, channel, agent; times in the
 * browser's zone), the live "now" strip, KPI cards against their targets, charts over time, the
 * per-channel and per-agent tables, and the report as CSV.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { HTTP, METRIC_TARGETS, type AgentSessionResponse, type MetricsReport, type MetricSummary } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { readStored, writeStored } from '../storage.ts';
import { ApiError } from '../api.ts';
import { clientError, type UiError } from '../errors.ts';
import { apiRequest, downloadFile } from '../admin/http.ts';
import { ErrorNote, RequestContext, useAction, useRequestContext } from '../admin/request.tsx';
import { BreakdownTable } from './Breakdown.tsx';
import { ConversationsChart, FrtChart } from './Charts.tsx';
import { useDashboardText } from './i18n.ts';
import { KpiCards } from './KpiCards.tsx';
import { buildKpis } from './kpi.ts';
import { summarizeNow, useLiveNow } from './live.ts';
import { NowStrip } from './NowStrip.tsx';
import {
  browserTimeZone,
  bucketKeys,
  bucketLabel,
  defaultBucket,
  fillSeries,
  localDateInput,
  metricsQuery,
  RANGE_PRESETS,
  rangeFor,
  startOfLocalDay,
  type Bucket,
  type RangePreset,
  type TimeRange,
} from './range.ts';
import './dashboard.css';

export interface DashboardPageProps {
  token: string;
  session: AgentSessionResponse;
  onUnauthorized(): void;
}

/** localStorage key of the site last shown on the dashboard. */
const SITE_STORAGE_KEY = 'parley:dashboard-site';
/** How often figures that end "now" are fetched again. */
const POLL_MS = 60_000;

export function DashboardPage({ token, session, onUnauthorized }: DashboardPageProps) {
  const context = useMemo(() => ({ token, onUnauthorized }), [token, onUnauthorized]);
  return (
    <RequestContext.Provider value={context}>
      <Dashboard session={session} />
    </RequestContext.Provider>
  );
}

type ReportState =
  | { status: 'loading' }
  | { status: 'error'; error: UiError }
  | { status: 'ready'; report: MetricsReport; range: TimeRange; bucket: Bucket };

function Dashboard({ session }: { session: AgentSessionResponse }) {
  const d = useDashboardText();
  const { lang } = useI18n();
  const { token, onUnauthorized } = useRequestContext();
  const tz = useMemo(browserTimeZone, []);
  const sites = session.sites;
  const [siteId, setSiteId] = useState(() => {
    const stored = readStored(SITE_STORAGE_KEY);
    return sites.some((s) => s.id === stored) ? stored! : (sites[0]?.id ?? '');
  });
  const [preset, setPreset] = useState<RangePreset>('7d');
  const [custom, setCustom] = useState(() => {
    const today = new Date();
    return { from: localDateInput(startOfLocalDay(today, -6)), to: localDateInput(today) };
  });
  const [bucket, setBucket] = useState<Bucket>('day');
  const [channelId, setChannelId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<ReportState>({ status: 'loading' });
  const [today, setToday] = useState<MetricSummary | null>(null);
  const csv = useAction();

  const live = useLiveNow(
    token,
    sites.map((s) => s.id),
    onUnauthorized,
  );

  const customRange = preset === 'custom' ? rangeFor('custom', new Date(), custom) : null;
  const rangeInvalid = preset === 'custom' && customRange === null;

  // The report: fetched when a filter changes, and again every minute while the period ends now.
  useEffect(() => {
    if (!siteId) return;
    const range = rangeFor(preset, new Date(), custom);
    if (!range) return;
    let current = true;
    const path = `${HTTP.metrics(siteId)}?${metricsQuery({ range, tz, bucket, channelId, agentId })}`;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    apiRequest<MetricsReport>(token, path).then(
      (report) => current && setState({ status: 'ready', report, range, bucket }),
      (err: unknown) => {
        if (!current) return;
        if (err instanceof ApiError && err.unauthorized) onUnauthorized();
        setState({ status: 'error', error: err instanceof ApiError ? err.error : clientError('NETWORK') });
      },
    );
    return () => {
      current = false;
    };
  }, [siteId, preset, custom.from, custom.to, bucket, channelId, agentId, tz, token, tick, onUnauthorized]);

  // Today's totals for the "now" strip, polled with the rest.
  useEffect(() => {
    if (!siteId) return;
    let current = true;
    const range = rangeFor('today', new Date())!;
    apiRequest<MetricsReport>(token, `${HTTP.metrics(siteId)}?${metricsQuery({ range, tz, bucket: 'day' })}`).then(
      (report) => current && setToday(report.summary),
      () => current && setToday(null),
    );
    return () => {
      current = false;
    };
  }, [siteId, tz, token, tick]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, []);

  function choosePreset(next: RangePreset) {
    setPreset(next);
    const range = rangeFor(next, new Date(), custom);
    if (range) setBucket(defaultBucket(range));
  }

  function chooseSite(id: string) {
    writeStored(SITE_STORAGE_KEY, id);
    setSiteId(id);
    setChannelId('');
    setAgentId('');
    setToday(null);
    setState({ status: 'loading' });
  }

  async function downloadCsv() {
    const range = rangeFor(preset, new Date(), custom);
    if (!range || !siteId) return;
    const path = `${HTTP.metrics(siteId)}?${metricsQuery({ range, tz, bucket, channelId, agentId, format: 'csv' })}`;
    await csv.run((t) => downloadFile(t, path, `parley-metrics-${localDateInput(range.from)}-${localDateInput(range.to)}.csv`));
  }

  if (sites.length === 0) {
    return (
      <main class="app-page dash-page" data-testid="dashboard-page">
        <h1 class="app-page-title" tabIndex={-1}>
          {d.title}
        </h1>
        <p class="dash-note">{d.filters.noSites}</p>
      </main>
    );
  }

  const site = sites.find((s) => s.id === siteId) ?? sites[0]!;
  const report = state.status === 'ready' ? state.report : null;
  const targets = report?.targets ?? METRIC_TARGETS;

  // Filter choices: the site's channels and agents as known now, plus any the report names.
  const channelOptions = new Map(site.channels.map((c) => [c.id, c.name]));
  for (const c of live.queues.find((q) => q.siteId === site.id)?.channels ?? []) channelOptions.set(c.channelId, c.name);
  for (const c of report?.byChannel ?? []) if (!channelOptions.has(c.channelId)) channelOptions.set(c.channelId, c.name);
  const agentOptions = new Map((live.agents[site.id] ?? []).map((a) => [a.agentId, a.name]));
  for (const a of report?.byAgent ?? []) if (!agentOptions.has(a.agentId)) agentOptions.set(a.agentId, a.name);

  const nowSummary = summarizeNow(
    live.queues.find((q) => q.siteId === site.id),
    live.agents[site.id],
  );

  return (
    <main class="app-page dash-page" data-testid="dashboard-page">
      <header class="app-page-header">
        <h1 class="app-page-title" tabIndex={-1}>
          {d.title}
        </h1>
        {sites.length > 1 && (
          <label class="app-inline-field">
            <span>{d.filters.site}</span>
            <select data-testid="dashboard-site" value={site.id} onChange={(e) => chooseSite(e.currentTarget.value)}>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>

      <NowStrip live={live} now={nowSummary} today={today} />

      <form class="dash-filters" aria-label={d.filters.label} onSubmit={(e) => e.preventDefault()}>
        <div class="app-segmented" role="group" aria-label={d.filters.range}>
          {RANGE_PRESETS.map((value) => (
            <button
              key={value}
              type="button"
              class={value === preset ? 'selected' : undefined}
              aria-pressed={value === preset}
              data-testid={`dashboard-range-${value}`}
              onClick={() => choosePreset(value)}
            >
              {d.filters.presets[value]}
            </button>
          ))}
        </div>
        {preset === 'custom' && (
          <span class="dash-custom-range">
            <label class="app-inline-field">
              <span>{d.filters.from}</span>
              <input
                type="date"
                name="from"
                max={custom.to}
                value={custom.from}
                aria-invalid={rangeInvalid}
                onChange={(e) => setCustom({ ...custom, from: e.currentTarget.value })}
              />
            </label>
            <label class="app-inline-field">
              <span>{d.filters.to}</span>
              <input
                type="date"
                name="to"
                min={custom.from}
                max={localDateInput(new Date())}
                value={custom.to}
                aria-invalid={rangeInvalid}
                onChange={(e) => setCustom({ ...custom, to: e.currentTarget.value })}
              />
            </label>
          </span>
        )}
        <label class="app-inline-field">
          <span>{d.filters.bucket}</span>
          <select name="bucket" value={bucket} onChange={(e) => setBucket(e.currentTarget.value as Bucket)}>
            {(['hour', 'day'] as const).map((value) => (
              <option key={value} value={value}>
                {d.filters.buckets[value]}
              </option>
            ))}
          </select>
        </label>
        <label class="app-inline-field">
          <span>{d.filters.channel}</span>
          <select name="channelId" data-testid="dashboard-channel" value={channelId} onChange={(e) => setChannelId(e.currentTarget.value)}>
            <option value="">{d.filters.allChannels}</option>
            {[...channelOptions].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label class="app-inline-field">
          <span>{d.filters.agent}</span>
          <select name="agentId" data-testid="dashboard-agent" value={agentId} onChange={(e) => setAgentId(e.currentTarget.value)}>
            <option value="">{d.filters.allAgents}</option>
            {[...agentOptions].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span class="dash-actions">
          <button type="button" class="button small" data-testid="metrics-refresh" onClick={() => setTick((n) => n + 1)}>
            {d.filters.refresh}
          </button>
          <button
            type="button"
            class="button small"
            data-testid="metrics-csv"
            disabled={csv.pending || rangeInvalid}
            onClick={() => void downloadCsv()}
          >
            {csv.pending ? d.filters.downloading : d.filters.csv}
          </button>
        </span>
        <span class="dash-tz" data-testid="dashboard-tz">
          {d.filters.timeZone(tz)}
        </span>
      </form>
      {rangeInvalid && (
        <p class="form-error" role="alert">
          {d.filters.invalidRange}
        </p>
      )}
      <ErrorNote error={csv.error} testId="metrics-csv-error" />

      {state.status === 'loading' && (
        <p class="dash-note" role="status">
          {d.loading}
        </p>
      )}
      {state.status === 'error' && <ErrorNote error={state.error} testId="metrics-error" />}
      {state.status === 'ready' && (
        <Report report={state.report} range={state.range} bucket={state.bucket} tz={tz} lang={lang} targets={targets} />
      )}
    </main>
  );
}

function Report({
  report,
  range,
  bucket,
  tz,
  lang,
  targets,
}: {
  report: MetricsReport;
  range: TimeRange;
  bucket: Bucket;
  tz: string;
  lang: string;
  targets: MetricsReport['targets'];
}) {
  const d = useDashboardText();
  const kpis = buildKpis(report.summary, targets);
  // The server returns only the buckets that have data: fill in the rest of the range.
  const points = fillSeries(report.series, bucketKeys(range, bucket, tz));
  const multiDay = new Set(points.map((p) => p.bucket.slice(0, 10))).size > 1;
  const labels = points.map((p) => bucketLabel(p.bucket, bucket, lang, multiDay));
  const fullDate = (date: Date) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  return (
    <div class="dash-report" data-testid="dashboard-report" data-from={report.from} data-to={report.to}>
      <KpiCards kpis={kpis} frtTarget={targets.firstResponseSeconds} />
      <div class="dash-chart-grid">
        <ConversationsChart
          points={points}
          labels={labels}
          testId="chart-conversations"
          lang={lang}
          rangeText={[fullDate(range.from), fullDate(range.to)]}
        />
        <FrtChart points={points} labels={labels} testId="chart-frt" target={targets.firstResponseSeconds} />
      </div>
      <BreakdownTable
        heading={d.tables.byChannel}
        testId="table-channels"
        showRefusals
        targets={targets}
        rows={report.byChannel.map((c) => ({ ...c, id: c.channelId }))}
      />
      <BreakdownTable
        heading={d.tables.byAgent}
        testId="table-agents"
        showRefusals={false}
        targets={targets}
        rows={report.byAgent.map((a) => ({ ...a, id: a.agentId }))}
      />
    </div>
  );
}

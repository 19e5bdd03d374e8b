/** The per-channel and per-agent tables of the report. */
import type { MetricSummary } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { useDashboardText } from './i18n.ts';
import { formatCount, formatDuration, formatScore, formatShare, kpiStatus } from './kpi.ts';

export interface BreakdownRow extends MetricSummary {
  id: string;
  name: string;
}

export function BreakdownTable({
  heading,
  rows,
  testId,
  showRefusals,
  targets,
}: {
  heading: string;
  rows: BreakdownRow[];
  testId: string;
  showRefusals: boolean;
  targets: { firstResponseSeconds: number; firstContactResolution: number };
}) {
  const d = useDashboardText();
  const { lang } = useI18n();
  const sorted = [...rows].sort((a, b) => b.started - a.started || a.name.localeCompare(b.name));
  const frtClass = (v: number | null) => `num ${kpiStatus(v, { value: targets.firstResponseSeconds, direction: 'atMost', unit: 'seconds' })}`;
  const fcrClass = (v: number | null) => `num ${kpiStatus(v, { value: targets.firstContactResolution, direction: 'atLeast', unit: 'share' })}`;
  return (
    <section class="dash-breakdown" data-testid={testId}>
      <h2>{heading}</h2>
      {sorted.length === 0 ? (
        <p class="dash-note">{d.tables.empty}</p>
      ) : (
        <div class="app-table-wrap">
          <table class="app-data-table">
            <thead>
              <tr>
                <th scope="col">{d.tables.name}</th>
                <th scope="col" class="num">
                  {d.tables.started}
                </th>
                <th scope="col" class="num">
                  {d.tables.answered}
                </th>
                <th scope="col" class="num">
                  {d.tables.missed}
                </th>
                {showRefusals && (
                  <th scope="col" class="num">
                    {d.tables.refusals}
                  </th>
                )}
                <th scope="col" class="num">
                  {d.tables.frt}
                </th>
                <th scope="col" class="num">
                  {d.tables.within}
                </th>
                <th scope="col" class="num">
                  {d.tables.fcr}
                </th>
                <th scope="col" class="num">
                  {d.tables.csat}
                </th>
                <th scope="col" class="num">
                  {d.tables.handle}
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => (
                <tr key={row.id} data-row-id={row.id}>
                  <th scope="row">{row.name || d.tables.unnamed}</th>
                  <td class="num">{formatCount(row.started, lang)}</td>
                  <td class="num">{formatCount(row.answered, lang)}</td>
                  <td class="num">{formatCount(row.missed, lang)}</td>
                  {showRefusals && <td class="num">{formatCount(row.queueFullRefusals, lang)}</td>}
                  <td class={frtClass(row.firstResponseMedian)}>{formatDuration(row.firstResponseMedian, d.units)}</td>
                  <td class="num">{formatShare(row.firstResponseWithinTarget, lang)}</td>
                  <td class={fcrClass(row.firstContactResolution)}>{formatShare(row.firstContactResolution, lang)}</td>
                  <td class="num">{formatScore(row.csatAverage, lang)}</td>
                  <td class="num">{formatDuration(row.handleTimeAverage, d.units)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

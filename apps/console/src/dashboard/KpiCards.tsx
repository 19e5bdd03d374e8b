/** The KPI cards: figure, supporting figures, target, and ok / warn colouring. */
import { useI18n } from '../i18n-context.ts';
import { useDashboardText, type DashboardMessages } from './i18n.ts';
import { dataValue, formatDuration, formatFigure, formatNps, formatScore, formatShare, type Kpi } from './kpi.ts';

/** The target under a card's figure, worded for its unit. */
function targetText(kpi: Kpi, d: DashboardMessages, lang: string): string {
  const target = kpi.target;
  if (!target) return '';
  switch (kpi.id) {
    case 'wait':
      return d.targets.waitP90(formatDuration(target.value, d.units));
    case 'csat':
      return d.targets.csat(formatShare(target.value, lang));
    case 'nps':
      return d.targets.nps(formatNps(target.value, lang));
    case 'ces':
      return d.targets.ces(formatScore(target.value, lang));
    case 'missed':
    case 'refusals':
      return d.targets.none;
    default:
      return target.unit === 'seconds'
        ? d.targets.atMostDuration(formatDuration(target.value, d.units))
        : d.targets.atLeastShare(formatShare(target.value, lang));
  }
}

export function KpiCards({ kpis, frtTarget }: { kpis: Kpi[]; frtTarget: number }) {
  const d = useDashboardText();
  const { lang } = useI18n();
  return (
    <ul class="kpi-grid" aria-label={d.title}>
      {kpis.map((kpi) => {
        const value = formatFigure(kpi.main, lang, d.units);
        const target = targetText(kpi, d, lang);
        return (
          <li
            key={kpi.id}
            class={`kpi-card ${kpi.status}`}
            data-testid={`kpi-${kpi.id}`}
            data-value={dataValue(kpi.main.value)}
            data-status={kpi.status}
            title={d.kpiHelp[kpi.id]}
          >
            <span class="kpi-label">{d.kpis[kpi.id]}</span>
            <span class="kpi-value">{value}</span>
            {kpi.extra.length > 0 && (
              <span class="kpi-extra">
                {kpi.extra.map(({ key, figure }) => {
                  const text = formatFigure(figure, lang, d.units);
                  return (
                    <span key={key} data-extra={key}>
                      {key === 'within'
                        ? d.extra.within(text, formatDuration(frtTarget, d.units))
                        : key === 'p90'
                          ? d.extra.p90(text)
                          : key === 'satisfied'
                            ? d.extra.satisfied(text)
                            : d.extra.responses(text)}
                    </span>
                  );
                })}
              </span>
            )}
            {target && (
              <span class="kpi-target">
                {kpi.status !== 'none' && (
                  <span class="kpi-status">
                    <span aria-hidden="true">{kpi.status === 'ok' ? '✓ ' : '! '}</span>
                    {d.status[kpi.status]}
                    {' · '}
                  </span>
                )}
                {target}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The dashboard's charts, drawn as inline SVG (no chart library): conversations per period as bars
 * and the median first response as a line against its target. Each has a <title> and <desc>, and
 * the same figures as a table one click away for screen readers and exact values.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { MetricPoint } from '@parley/protocol';
import { barRects, labelEvery, linePath, niceDurationScale, niceScale, plotArea, slotCenter, yOf, type Frame } from './chart.ts';
import { useDashboardText } from './i18n.ts';
import { formatCount, formatDuration } from './kpi.ts';

const HEIGHT = 220;

/** The width available to a chart, following its container (SVG text stays its own size). */
function useWidth(initial = 640) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.round(entries[0]?.contentRect.width ?? initial);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [initial]);
  return { ref, width };
}

interface ChartProps {
  points: MetricPoint[];
  labels: string[];
  testId: string;
  lang: string;
}

function frameOf(width: number): Frame {
  return { width: Math.max(240, width), height: HEIGHT, left: 56, right: 12, top: 12, bottom: 28 };
}

/** Y grid lines with labels, and every few x labels. */
function Axes({ frame, top, ticks, labels, format }: { frame: Frame; top: number; ticks: number[]; labels: string[]; format(v: number): string }) {
  const area = plotArea(frame);
  const every = labelEvery(labels.length, Math.max(2, Math.floor(area.width / 80)));
  return (
    <g class="dash-axes" aria-hidden="true">
      {ticks.map((tick) => {
        const y = yOf(tick, top, frame);
        return (
          <g key={tick}>
            <line x1={area.x} x2={area.x + area.width} y1={y} y2={y} class="dash-gridline" />
            <text x={area.x - 6} y={y} dy="0.32em" text-anchor="end" class="dash-axis-label">
              {format(tick)}
            </text>
          </g>
        );
      })}
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text key={i} x={slotCenter(i, labels.length, frame)} y={frame.height - 8} text-anchor="middle" class="dash-axis-label">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function ConversationsChart({ points, labels, testId, lang, rangeText }: ChartProps & { rangeText: [string, string] }) {
  const d = useDashboardText();
  const { ref, width } = useWidth();
  const id = useId();
  const frame = frameOf(width);
  const started = points.map((p) => p.started);
  const answered = points.map((p) => p.answered);
  const missed = points.map((p) => p.missed);
  const { top, ticks } = niceScale(Math.max(0, ...started), 4, true);
  const startedBars = barRects(started, top, frame, 0.72);
  const answeredBars = barRects(answered, top, frame, 0.42);
  const total = started.reduce((s, n) => s + n, 0);
  return (
    <figure class="dash-chart" data-testid={testId} data-points={points.length} data-total={total}>
      <figcaption class="dash-chart-caption">
        <span class="dash-chart-title">{d.charts.conversations}</span>
        <span class="dash-legend">
          <span class="dash-swatch started" aria-hidden="true" /> {d.charts.started}
          <span class="dash-swatch answered" aria-hidden="true" /> {d.charts.answered}
        </span>
      </figcaption>
      <div ref={ref} class="dash-chart-frame">
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          width={frame.width}
          height={frame.height}
          viewBox={`0 0 ${frame.width} ${frame.height}`}
        >
          <title id={`${id}-title`}>{d.charts.conversations}</title>
          <desc id={`${id}-desc`}>{d.charts.conversationsDesc(rangeText[0], rangeText[1])}</desc>
          <Axes frame={frame} top={top} ticks={ticks} labels={labels} format={(v) => formatCount(v, lang)} />
          {startedBars.map((bar, i) => (
            <rect key={`s${i}`} class="dash-bar started" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
              <title>{`${labels[i]}: ${d.charts.started} ${started[i]}, ${d.charts.answered} ${answered[i]}, ${d.charts.missed} ${missed[i]}`}</title>
            </rect>
          ))}
          {answeredBars.map((bar, i) => (
            <rect key={`a${i}`} class="dash-bar answered" x={bar.x} y={bar.y} width={bar.width} height={bar.height} pointer-events="none" />
          ))}
        </svg>
      </div>
      {total === 0 && <p class="dash-chart-empty">{d.charts.empty}</p>}
      <details class="dash-chart-table">
        <summary>{d.charts.table}</summary>
        <table class="app-data-table">
          <caption class="visually-hidden">{d.charts.conversations}</caption>
          <thead>
            <tr>
              <th scope="col">{d.charts.period}</th>
              <th scope="col" class="num">
                {d.charts.started}
              </th>
              <th scope="col" class="num">
                {d.charts.answered}
              </th>
              <th scope="col" class="num">
                {d.charts.missed}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={p.bucket}>
                <th scope="row">{labels[i]}</th>
                <td class="num">{p.started}</td>
                <td class="num">{p.answered}</td>
                <td class="num">{p.missed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function FrtChart({ points, labels, testId, target }: Omit<ChartProps, 'lang'> & { target: number }) {
  const d = useDashboardText();
  const { ref, width } = useWidth();
  const id = useId();
  const frame = frameOf(width);
  const medians = points.map((p) => p.firstResponseMedian);
  const known = medians.filter((v): v is number => v !== null);
  const { top, ticks } = niceDurationScale(Math.max(target * 1.25, ...known), 4);
  const path = linePath(medians, top, frame);
  const area = plotArea(frame);
  const targetY = yOf(target, top, frame);
  const duration = (v: number | null) => formatDuration(v, d.units);
  return (
    <figure class="dash-chart" data-testid={testId} data-points={points.length}>
      <figcaption class="dash-chart-caption">
        <span class="dash-chart-title">{d.charts.frt}</span>
        <span class="dash-legend">
          <span class="dash-swatch dash-line" aria-hidden="true" /> {d.charts.median}
          <span class="dash-swatch target" aria-hidden="true" /> {`${d.charts.target} ${duration(target)}`}
        </span>
      </figcaption>
      <div ref={ref} class="dash-chart-frame">
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          width={frame.width}
          height={frame.height}
          viewBox={`0 0 ${frame.width} ${frame.height}`}
        >
          <title id={`${id}-title`}>{d.charts.frt}</title>
          <desc id={`${id}-desc`}>{d.charts.frtDesc(duration(target))}</desc>
          <Axes frame={frame} top={top} ticks={ticks} labels={labels} format={(v) => duration(v)} />
          <line class="dash-target-line" x1={area.x} x2={area.x + area.width} y1={targetY} y2={targetY} />
          <path class="dash-line" d={path} />
          {medians.map((value, i) =>
            value === null ? null : (
              <circle
                key={i}
                class={`dash-point${value > target ? ' warn' : ''}`}
                cx={slotCenter(i, medians.length, frame)}
                cy={yOf(value, top, frame)}
                r={3.5}
              >
                <title>{`${labels[i]}: ${duration(value)}`}</title>
              </circle>
            ),
          )}
        </svg>
      </div>
      {known.length === 0 && <p class="dash-chart-empty">{d.charts.empty}</p>}
      <details class="dash-chart-table">
        <summary>{d.charts.table}</summary>
        <table class="app-data-table">
          <caption class="visually-hidden">{d.charts.frt}</caption>
          <thead>
            <tr>
              <th scope="col">{d.charts.period}</th>
              <th scope="col" class="num">
                {d.charts.median}
              </th>
              <th scope="col" class="num">
                p90
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={p.bucket}>
                <th scope="row">{labels[i]}</th>
                <td class={`num${p.firstResponseMedian !== null && p.firstResponseMedian > target ? ' warn' : ''}`}>
                  {duration(p.firstResponseMedian)}
                </td>
                <td class="num">{duration(p.firstResponseP90)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * The results file's shape, and what is derived from the raw runs: medians over repetitions and
 * the target checks. Pure functions, shared by the orchestrator and the report script.
 */
import type { Calibration } from './calibrate.ts';
import type { Direction, LoadResult, RoutingResult } from './driver.ts';
import type { MemorySample } from './control.ts';
import { median } from './stats.ts';
import type { WidgetResult } from './widget.ts';

export type TargetName = 'bare' | 'parley-postgres' | 'parley-embedded';
export const TARGETS: TargetName[] = ['bare', 'parley-postgres', 'parley-embedded'];
export type Scenario = 'capacity' | 'latency' | 'throughput' | 'routing' | 'widget';
export const SCENARIOS: Scenario[] = ['capacity', 'latency', 'throughput', 'routing', 'widget'];

export interface Plan {
  repetitions: number;
  agents: number;
  /** Connected visitors at which memory and idle CPU are sampled (cumulative). */
  capacityLevels: number[];
  idleCpuSeconds: number;
  /** Visitors connected during the latency, throughput and routing scenarios. */
  loadVisitors: number;
  /** Of those, how many have an active conversation that messages go through. */
  conversations: number;
  latencyRates: number[];
  directions: Direction[];
  latencyDuration: number;
  /** Seconds of unmeasured messages (each direction, at the first latency rate) before the first point. */
  warmupSeconds?: number;
  drain: number;
  throughputRates: number[];
  throughputDuration: number;
  /** A throughput step passes when delivery and ack p99 are under this, with nothing lost. */
  throughputP99Ms: number;
  routingRates: number[];
  routingDuration: number;
  widgetRepetitions: number;
  widgetThrottle: number;
  widgetInteractAfterMs: number;
}

export interface CapacityLevel {
  visitors: number;
  connectMs: number;
  memory: MemorySample;
  heapPerConnection: number;
  rssPerConnection: number;
  externalPerConnection: number;
  /** Server CPU over the idle window, in % of one core. */
  idleCpuPercent: number;
}

export interface ThroughputStep {
  rate: number;
  pass: boolean;
  deliveryP99: number | null;
  ackP99: number | null;
  lost: number;
  ackErrors: number;
  achievedRate: number;
}

export interface RepetitionResult {
  repetition: number;
  target: TargetName;
  seconds: number;
  setup: Record<string, number>;
  capacity?: { baseline: MemorySample; levels: CapacityLevel[] };
  latency?: LoadResult[];
  throughput?: { best: number; steps: ThroughputStep[]; raw: LoadResult[] };
  routing?: RoutingResult[];
  error?: string;
}

export interface TargetInfo {
  name: TargetName;
  ran: boolean;
  note: string | null;
}

export interface Machine {
  cpus: number;
  cpuModel: string | null;
  memoryGiB: number;
  node: string;
  platform: string;
  postgres: string | null;
  postgresSource: string | null;
  chromium: string | null;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  /** The machine's speed before the first target and after the last (calibrate.ts). */
  calibrationAtStart: Calibration | null;
  calibrationAtEnd: Calibration | null;
}

export interface Results {
  startedAt: string;
  seconds: number;
  mode: 'full' | 'smoke';
  /** Written after a repetition while the run goes on (a killed run leaves this). */
  partial?: boolean;
  machine: Machine;
  plan: Plan;
  targets: TargetInfo[];
  runs: RepetitionResult[];
  widget: WidgetResult | null;
  widgetError: string | null;
  medians: Medians;
  checks: Check[];
}

type Num = number | null;
export interface LatencyMedian {
  target: TargetName;
  direction: Direction;
  rate: number;
  deliveryP50: Num;
  deliveryP99: Num;
  deliveryP999: Num;
  ackP50: Num;
  ackP99: Num;
  ackP999: Num;
  /** Summed over repetitions: any loss shows. */
  lost: number;
  ackErrors: number;
  achievedRate: Num;
}
export interface Medians {
  capacity: { target: TargetName; visitors: number; heapPerConnection: Num; rssPerConnection: Num; idleCpuPercent: Num }[];
  latency: LatencyMedian[];
  throughput: { target: TargetName; best: Num; runs: number[] }[];
  routing: { target: TargetName; rate: number; notifyP50: Num; notifyP99: Num; ackP50: Num; ackP99: Num; lost: number; ackErrors: number }[];
}

export interface Check {
  name: string;
  target: string;
  measured: Num;
  limit: string;
  /** null: not measured in this run (a rate or target that did not run). */
  pass: boolean | null;
}

export function computeMedians(runs: RepetitionResult[], plan: Plan, targets: TargetName[]): Medians {
  const of = (t: TargetName) => runs.filter((r) => r.target === t && !r.error);
  const out: Medians = { capacity: [], latency: [], throughput: [], routing: [] };
  for (const target of targets) {
    const rs = of(target);
    if (!rs.length) continue;
    for (const visitors of plan.capacityLevels) {
      const levels = rs.map((r) => r.capacity?.levels.find((l) => l.visitors === visitors)).filter((l): l is CapacityLevel => Boolean(l));
      if (!levels.length) continue;
      out.capacity.push({
        target,
        visitors,
        heapPerConnection: median(levels.map((l) => l.heapPerConnection)),
        rssPerConnection: median(levels.map((l) => l.rssPerConnection)),
        idleCpuPercent: median(levels.map((l) => l.idleCpuPercent)),
      });
    }
    for (const direction of plan.directions) {
      for (const rate of plan.latencyRates) {
        const points = rs.map((r) => r.latency?.find((p) => p.direction === direction && p.rate === rate)).filter((p): p is LoadResult => Boolean(p));
        if (!points.length) continue;
        out.latency.push({
          target,
          direction,
          rate,
          deliveryP50: median(points.map((p) => p.delivery.p50)),
          deliveryP99: median(points.map((p) => p.delivery.p99)),
          deliveryP999: median(points.map((p) => p.delivery.p999)),
          ackP50: median(points.map((p) => p.ack.p50)),
          ackP99: median(points.map((p) => p.ack.p99)),
          ackP999: median(points.map((p) => p.ack.p999)),
          lost: points.reduce((s, p) => s + p.lost, 0),
          ackErrors: points.reduce((s, p) => s + p.ackErrors, 0),
          achievedRate: median(points.map((p) => p.achievedRate)),
        });
      }
    }
    const tp = rs.filter((r) => r.throughput).map((r) => r.throughput!.best);
    if (tp.length) out.throughput.push({ target, best: median(tp), runs: tp });
    for (const rate of plan.routingRates) {
      const points = rs.map((r) => r.routing?.find((p) => p.rate === rate)).filter((p): p is RoutingResult => Boolean(p));
      if (!points.length) continue;
      out.routing.push({
        target,
        rate,
        notifyP50: median(points.map((p) => p.notify.p50)),
        notifyP99: median(points.map((p) => p.notify.p99)),
        ackP50: median(points.map((p) => p.ack.p50)),
        ackP99: median(points.map((p) => p.ack.p99)),
        lost: points.reduce((s, p) => s + p.lost, 0),
        ackErrors: points.reduce((s, p) => s + p.ackErrors, 0),
      });
    }
  }
  return out;
}

const PARLEY: TargetName[] = ['parley-postgres', 'parley-embedded'];

/** The targets, each measured against its limit (pass null when not measured). */
export function computeChecks(m: Medians, widget: WidgetResult | null): Check[] {
  const checks: Check[] = [];
  const add = (name: string, target: string, measured: Num, limit: string, ok: (v: number) => boolean) =>
    checks.push({ name, target, measured, limit, pass: measured === null ? null : ok(measured) });
  const lat = (t: TargetName, d: Direction, r: number) => m.latency.find((x) => x.target === t && x.direction === d && x.rate === r);
  const targets = (list: { target: TargetName }[]) => PARLEY.filter((t) => list.some((x) => x.target === t));

  for (const c of m.capacity.filter((x) => x.target !== 'bare')) {
    const bare = m.capacity.find((x) => x.target === 'bare' && x.visitors === c.visitors);
    const r = ratioOf(c.heapPerConnection, bare?.heapPerConnection ?? null);
    add(`memory per connected visitor (heap, ${c.visitors} visitors) vs bare`, c.target, r, '≤ 1.5×', (v) => v <= 1.5);
  }
  for (const l of m.latency.filter((x) => x.target !== 'bare')) {
    const bare = lat('bare', l.direction, l.rate);
    const r = ratioOf(l.deliveryP99, bare?.deliveryP99 ?? null);
    add(`delivery p99 ${l.direction} at ${l.rate} msg/s vs bare`, l.target, r, '≤ 5×', (v) => v <= 5);
    if (l.rate === 2000) add(`delivery p99 ${l.direction} at 2000 msg/s (ms)`, l.target, l.deliveryP99, '< 15 ms', (v) => v < 15);
    if (l.lost > 0) add(`messages lost ${l.direction} at ${l.rate} msg/s`, l.target, l.lost, '0', (v) => v === 0);
  }
  for (const t of targets(m.throughput)) {
    add('sustained durable throughput, p99 < 50 ms (msg/s)', t, m.throughput.find((x) => x.target === t)!.best, '≥ 5000 msg/s', (v) => v >= 5000);
  }
  for (const t of targets(m.routing)) {
    const r = m.routing.find((x) => x.target === t && x.rate === 200);
    if (r) add('routing start → agent notified p99 at 200 starts/s (ms)', t, r.notifyP99, '< 20 ms', (v) => v < 20);
  }
  for (const d of ['v2a', 'a2v'] as Direction[]) {
    const e = lat('parley-embedded', d, 500);
    const p = lat('parley-postgres', d, 500);
    if (e && p) add(`embedded delivery p99 vs PostgreSQL's, ${d} at 500 msg/s`, 'parley-embedded', ratioOf(e.deliveryP99, p.deliveryP99), '≤ 1.5×', (v) => v <= 1.5);
  }
  if (widget?.browser) {
    // The widget's share of the long frames' blocking (script attribution); the difference of two
    // pages' medians swings by tens of ms with the host page's own long tasks. Older results: n/a.
    add('main-thread blocking added before interaction (ms)', 'widget', widget.browser.median.widgetBlockingMs ?? null, '0 ms', (v) => v <= 0);
    add('launcher click → connected, usable panel (ms, median)', 'widget', widget.browser.median.panelUsableMs, '≤ 300 ms', (v) => v <= 300);
  }
  return checks;
}

export function ratioOf(a: Num, b: Num): Num {
  return a === null || b === null || b <= 0 ? null : a / b;
}

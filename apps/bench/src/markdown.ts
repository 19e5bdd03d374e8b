/** The results as markdown: machine, one table per scenario (with the bare relay's figure and the ratio next to each target), and the target checks. */
import type { Calibration } from './calibrate.ts';
import { median as med } from './stats.ts';
import { ratioOf, type Results } from './summary.ts';

type Num = number | null | undefined;
const f = (v: Num, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const x = (v: Num) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
const kib = (v: Num) => (v === null || v === undefined ? '—' : (v / 1024).toFixed(1));
const calibration = (c: Calibration | null | undefined) => (c ? `${c.cpuMs} ms, ${c.threadRoundTripUs} µs` : '—');
const DIRECTION = { v2a: 'visitor → agent', a2v: 'agent → visitor' } as const;

const pct = (v: number | undefined) => (v === undefined ? '—' : (v * 100).toFixed(0));

/**
 * Per repetition, not medians: a tail is one repetition's story. For each latency point: delivery
 * p50 / p99, the server's event loop on a CPU and waiting for one, its other threads (the embedded
 * database's among them), its GC pauses and longest stall, Parley's message batches (a second,
 * messages in each, share of the point with one in flight), and the driver's event loop waiting
 * for a CPU and its own stalls (a stall in the driver is charged to the target as well).
 */
function whereTheTimeWent(r: Results): string[] {
  const out = ['', '#### Where the time went, per repetition (latency points; % of one core over the point)', ''];
  out.push(
    '| target | direction | msg/s | delivery p50 / p99 (ms) | server event loop busy / waiting % | other server threads busy % | server GC pauses: count, longest ms | server loop longest stall ms | message batches: a second, messages each, in flight % | driver waiting % | driver longest GC pause / loop stall / late send ms | machine busy / stolen %, disk stall ms |',
    '| --- | --- | ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const l of r.medians.latency) {
    const points = r.runs.filter((run) => run.target === l.target).flatMap((run) => run.latency?.filter((q) => q.direction === l.direction && q.rate === l.rate) ?? []);
    const each = (fn: (q: (typeof points)[number]) => string) => points.map(fn).join(' · ');
    out.push(
      `| ${l.target} | ${DIRECTION[l.direction]} | ${l.rate} | ${each((q) => `${f(q.delivery.p50)} / ${f(q.delivery.p99)}`)} | ${each((q) => `${pct(q.server?.loop?.busy)} / ${pct(q.server?.loop?.waiting)}`)} | ${each((q) => pct(q.server?.others?.busy))} | ${each((q) => (q.server ? `${q.server.gc.count}, ${f(q.server.gc.maxMs)}` : '—'))} | ${each((q) => f(q.server?.loopMaxMs))} | ${each((q) => (q.server?.batches ? `${q.server.batches.perSecond.toFixed(0)}, ${f(q.server.batches.meanSize)}, ${pct(q.server.batches.inFlight)}` : '—'))} | ${each((q) => pct(q.driver?.waiting))} | ${each((q) => (q.driverStalls ? `${f(q.driverStalls.gcMaxMs)} / ${f(q.driverStalls.loopMaxMs)} / ${f(q.driverStalls.sendLateMaxMs)}` : '—'))} | ${each((q) => (q.machine ? `${pct(q.machine.busy)} / ${pct(q.machine.steal)}${q.machine.ioStallMs === undefined ? '' : `, ${q.machine.ioStallMs.toFixed(0)}`}` : '—'))} |`,
    );
  }
  return out;
}

/**
 * How heavy this machine is for the work, read off the run itself: the bare relay's event loop at
 * the top latency rate (median over its points). On two VMs of 2026-11-24 `calibrate.ts` read the
 * same, while this read 35% on the one where Parley passed and 42-47% on the one where it did not.
 */
function machineWeight(r: Results): string {
  const top = Math.max(...r.plan.latencyRates);
  const busy = r.runs
    .filter((run) => run.target === 'bare')
    .flatMap((run) => run.latency ?? [])
    .filter((q) => q.rate === top)
    .map((q) => q.server?.loop?.busy ?? null);
  const m = med(busy);
  return m === null ? '' : ` The bare relay's event loop at ${top} msg/s: ${pct(m)}% of a core busy (median of its points; how heavy this machine is for the work).`;
}

export function renderMarkdown(r: Results): string {
  const m = r.medians;
  const p = r.plan;
  const out: string[] = [];
  const mc = r.machine;
  out.push(
    `Run ${r.startedAt} (${r.mode}, ${r.seconds.toFixed(0)} s), median of ${p.repetitions} repetition(s). Machine: ${mc.cpus} × ${mc.cpuModel ?? '?'}, ${mc.memoryGiB.toFixed(0)} GiB RAM, Node ${mc.node}, ${mc.postgres ?? 'PostgreSQL: —'}${mc.postgresSource ? ` (${mc.postgresSource})` : ''}, ${mc.chromium ? `Chromium ${mc.chromium}` : 'no Chromium'}; load average at start ${mc.loadAverageAtStart.map((v) => v.toFixed(2)).join(' / ')}, at end ${mc.loadAverageAtEnd.map((v) => v.toFixed(2)).join(' / ')}; speed at start → end (calibrate.ts: fixed workload, thread round trip) ${calibration(mc.calibrationAtStart)} → ${calibration(mc.calibrationAtEnd)}.${machineWeight(r)} Driver and servers share the machine.`,
  );
  for (const t of r.targets.filter((t) => !t.ran)) out.push('', `*${t.name} skipped: ${t.note}*`);
  for (const run of r.runs.filter((x) => x.error)) out.push('', `*${run.target} repetition ${run.repetition} failed: ${run.error}*`);

  if (m.capacity.length) {
    out.push('', `### 1. Capacity (${p.agents} agents connected; memory after GC, per connected visitor)`, '');
    out.push('| target | visitors | heap KiB/conn | bare | ratio | rss KiB/conn | bare | ratio | idle CPU % of a core | bare |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of m.capacity) {
      const b = m.capacity.find((y) => y.target === 'bare' && y.visitors === c.visitors);
      out.push(
        `| ${c.target} | ${c.visitors} | ${kib(c.heapPerConnection)} | ${kib(b?.heapPerConnection)} | ${x(ratioOf(c.heapPerConnection, b?.heapPerConnection ?? null))} | ${kib(c.rssPerConnection)} | ${kib(b?.rssPerConnection)} | ${x(ratioOf(c.rssPerConnection, b?.rssPerConnection ?? null))} | ${f(c.idleCpuPercent, 2)} | ${f(b?.idleCpuPercent, 2)} |`,
      );
    }
  }
  if (m.latency.length) {
    out.push('', `### 2. Message latency (ms from the scheduled send; ${p.loadVisitors} visitors connected, ${p.conversations} conversations, ${p.latencyDuration} s per point${p.warmupSeconds ? `, after ${p.warmupSeconds} s of unmeasured messages each way` : ''})`, '');
    out.push(
      '| target | direction | msg/s | delivery p50 | p99 | p99.9 | ack p50 | p99 | p99.9 | lost | bare delivery p99 | delivery p99 ratio | bare ack p99 | ack p99 ratio |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const l of m.latency) {
      const b = m.latency.find((y) => y.target === 'bare' && y.direction === l.direction && y.rate === l.rate);
      out.push(
        `| ${l.target} | ${DIRECTION[l.direction]} | ${l.rate} | ${f(l.deliveryP50)} | ${f(l.deliveryP99)} | ${f(l.deliveryP999)} | ${f(l.ackP50)} | ${f(l.ackP99)} | ${f(l.ackP999)} | ${l.lost} | ${f(b?.deliveryP99)} | ${x(ratioOf(l.deliveryP99, b?.deliveryP99 ?? null))} | ${f(b?.ackP99)} | ${x(ratioOf(l.ackP99, b?.ackP99 ?? null))} |`,
      );
    }
  }
  if (m.latency.length) out.push(...whereTheTimeWent(r));
  if (m.throughput.length) {
    const bare = m.throughput.find((t) => t.target === 'bare');
    out.push('', `### 3. Throughput (highest step of ${p.throughputRates.join(', ')} msg/s, ${p.throughputDuration} s each, with delivery and ack p99 < ${p.throughputP99Ms} ms and nothing lost)`, '');
    out.push('| target | msg/s | per repetition | bare | ratio | steps (msg/s: delivery p99 ms) |', '| --- | ---: | --- | ---: | ---: | --- |');
    for (const t of m.throughput) {
      const steps = r.runs
        .filter((run) => run.target === t.target && run.throughput)
        .map((run) => run.throughput!.steps.map((s) => `${s.rate}: ${f(s.deliveryP99, 0)}${s.pass ? '' : s.lost ? ` ✗ (${s.lost} lost)` : ' ✗'}`).join(', '))
        .join(' / ');
      out.push(`| ${t.target} | ${f(t.best, 0)} | ${t.runs.join(', ')} | ${f(bare?.best, 0)} | ${x(ratioOf(t.best, bare?.best ?? null))} | ${steps} |`);
    }
  }
  if (m.routing.length) {
    out.push('', `### 4. Routing (conversation starts with assignment; ms from the scheduled start until the assigned agent is notified; ${p.routingDuration} s per point)`, '');
    out.push('| target | starts/s | notify p50 | p99 | ack p50 | p99 | lost | bare notify p99 | ratio |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const t of m.routing) {
      const b = m.routing.find((y) => y.target === 'bare' && y.rate === t.rate);
      out.push(`| ${t.target} | ${t.rate} | ${f(t.notifyP50)} | ${f(t.notifyP99)} | ${f(t.ackP50)} | ${f(t.ackP99)} | ${t.lost} | ${f(b?.notifyP99)} | ${x(ratioOf(t.notifyP99, b?.notifyP99 ?? null))} |`);
    }
  }
  const w = r.widget;
  if (r.widgetError) out.push('', `*widget scenario failed: ${r.widgetError}*`);
  if (w) {
    out.push('', '### 5. Widget', '');
    out.push('| figure | value |', '| --- | ---: |');
    out.push(`| loader (widget.js), gzip | ${w.sizes.loaderGzip} B |`, `| open, connected widget (loader + app + static imports), gzip | ${w.sizes.openWidgetGzip} B |`, `| everything incl. lazy chunks, gzip | ${w.sizes.allGzip} B |`);
    if (w.browser) {
      const b = w.browser;
      const usable = b.panel.map((q) => q.usableMs).filter((v): v is number => v !== null);
      out.push(
        `| main-thread blocking before interaction, without → with snippet (CPU ${b.throttle}× slower) | ${f(med(b.without.map((l) => l.blockingMs)))} → ${f(med(b.with.map((l) => l.blockingMs)))} ms (added ${f(b.median.addedBlockingMs)}) |`,
        `| of which the widget's own scripts, in long animation frames: blocking; script time (medians) | ${f(b.median.widgetBlockingMs ?? null)} ms; ${f(med(b.with.map((l) => l.widgetScriptMs ?? null)))} ms |`,
        `| long-task time before interaction, without → with | ${f(med(b.without.map((l) => l.longTaskMs)))} → ${f(med(b.with.map((l) => l.longTaskMs)))} ms (added ${f(b.median.addedLongTaskMs)}) |`,
        `| bytes received before interaction (${b.interactAfterMs} ms after load), without → with | ${f(med(b.without.map((l) => l.bytes)), 0)} → ${f(med(b.with.map((l) => l.bytes)), 0)} B (added ${f(b.median.addedBytes, 0)}) |`,
        `| launcher click → connected, usable panel (median; all runs) | ${f(b.median.panelUsableMs)} ms (${usable.map((v) => v.toFixed(0)).join(', ') || '—'}) |`,
        `| click → panel shown; click → visitor socket connected (medians) | ${f(med(b.panel.map((q) => q.panelMs)))} ms; ${f(med(b.panel.map((q) => q.socketMs ?? null)))} ms |`,
      );
    } else out.push('', `*${w.skipped}*`);
  }
  if (r.checks.length) {
    out.push('', '### Targets', '', '| target | check | measured | limit | result |', '| --- | --- | ---: | --- | --- |');
    for (const c of r.checks) out.push(`| ${c.target} | ${c.name} | ${c.limit.includes('×') ? x(c.measured) : f(c.measured)} | ${c.limit} | ${c.pass === null ? 'n/a' : c.pass ? 'PASS' : 'FAIL'} |`);
  }
  return out.join('\n');
}


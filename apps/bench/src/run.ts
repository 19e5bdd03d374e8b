/**
 * Orchestrates the benchmark. For each repetition and each target (bare relay, Parley on
 * PostgreSQL, Parley on the embedded database) it starts the server in its own process and one
 * load driver in another, and runs the scenarios in order on the same sockets: capacity (memory
 * and idle CPU at each connected-visitor level), message latency (both directions, each rate),
 * throughput (rising steps until one fails), routing (starts per second). Then the widget
 * scenario once (its own repetitions inside). Medians, target checks, results/<date>.json and
 * .md, and the markdown printed.
 *
 *   tsx src/run.ts                  the default plan (under 10 minutes on 2 cores)
 *   tsx src/run.ts --smoke          every scenario in miniature, bare + embedded (+ PostgreSQL
 *                                   only with BENCH_DATABASE_URL), a few seconds
 *   options: --out <dir>  --reps <n>  --targets bare,parley-embedded  --only latency,routing
 *            --rates 5000  --directions a2v  --duration <seconds per latency point>
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { calibrate, type Calibration } from './calibrate.ts';
import { serverWindow, type CpuSample, type MemorySample, type ThreadsSample } from './control.ts';
import type { Direction, DriverCommand, DriverConfig, LoadResult, RoutingResult } from './driver.ts';
import { renderMarkdown } from './markdown.ts';
import { startPostgres, type PostgresTarget } from './postgres.ts';
import {
  computeChecks,
  computeMedians,
  SCENARIOS,
  TARGETS,
  type CapacityLevel,
  type Plan,
  type RepetitionResult,
  type Results,
  type Scenario,
  type TargetInfo,
  type TargetName,
  type ThroughputStep,
} from './summary.ts';
import type { WidgetConfig, WidgetResult } from './widget.ts';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const widgetDist = join(benchDir, '..', 'widget', 'dist');
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const smoke = args.includes('--smoke');

const FULL: Plan = {
  repetitions: 3,
  agents: 50,
  capacityLevels: [5000, 10000],
  // Short points, so the default run (3 repetitions × 3 targets) stays near 10 minutes on 2 cores.
  idleCpuSeconds: 2,
  loadVisitors: 5000,
  conversations: 500,
  latencyRates: [500, 2000, 5000],
  directions: ['v2a', 'a2v'],
  latencyDuration: 2.5,
  warmupSeconds: 0.5,
  drain: 3,
  throughputRates: [1000, 2000, 5000, 7000, 10000],
  throughputDuration: 2,
  throughputP99Ms: 50,
  routingRates: [50, 200],
  routingDuration: 2,
  widgetRepetitions: 3,
  widgetThrottle: 4,
  widgetInteractAfterMs: 2000,
};
const SMOKE: Plan = {
  repetitions: 1,
  agents: 5,
  capacityLevels: [100, 200],
  idleCpuSeconds: 0.5,
  loadVisitors: 100,
  conversations: 10,
  latencyRates: [50],
  directions: ['v2a', 'a2v'],
  latencyDuration: 1,
  warmupSeconds: 0.2,
  drain: 5,
  throughputRates: [50, 100],
  throughputDuration: 1,
  // Generous: the smoke run checks that the machinery works, on a machine busy with other work.
  throughputP99Ms: 1000,
  routingRates: [10],
  routingDuration: 1,
  widgetRepetitions: 1,
  widgetThrottle: 1,
  widgetInteractAfterMs: 300,
};
const plan: Plan = { ...(smoke ? SMOKE : FULL) };
if (option('--reps')) plan.repetitions = Math.max(1, Number(option('--reps')));
// A focused look at one point: `--only latency --rates 2000 --directions v2a`.
if (option('--rates')) plan.latencyRates = option('--rates')!.split(',').map(Number);
if (option('--duration')) plan.latencyDuration = Math.max(0.5, Number(option('--duration')));
if (option('--directions')) plan.directions = option('--directions')!.split(',') as Direction[];
const only = new Set<Scenario>((option('--only')?.split(',') as Scenario[] | undefined) ?? SCENARIOS);
const wantedTargets = new Set<TargetName>((option('--targets')?.split(',') as TargetName[] | undefined) ?? TARGETS);
const outDir = option('--out') ?? join(benchDir, 'results');
const profileDir = option('--profile');
let profiles = 0;

interface Child {
  next<T = Record<string, unknown>>(type: string, timeoutMs: number): Promise<T>;
  command(line: string): void;
  stop(): Promise<void>;
}

/** As `pnpm start` and the Docker image run the server. */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=32', '--no-allocation-site-pretenuring'];

/** Spawns a TypeScript entry with tsx; its stdout is JSON lines, read with `next(type)`. */
function start(entry: string, argv: string[], env: Record<string, string> = {}): Child {
  // `--profile <dir>`: every child writes V8 CPU profiles when it exits, in a folder per child
  // (`parley-2/`): one file per thread, the largest is the main thread (tsx's loader has one too).
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${entry.replace(/\.ts$/, '')}-${++profiles}`)}`] : [];
  // Servers (Parley and the bare relay alike) run with the V8 flags Parley's start commands give
  // (package.json, docker/Dockerfile); BENCH_NODE_FLAGS adds more, e.g. `--trace-gc`.
  const flags = entry === 'driver.ts' ? [] : [...SERVER_NODE_FLAGS, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', '--expose-gc', join(here, entry), ...argv], {
    cwd: benchDir,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const queue: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let exited = false;
  createInterface({ input: proc.stdout }).on('line', (line) => {
    try {
      queue.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      process.stderr.write(`[${entry}] ${line}\n`);
      return;
    }
    waiters.splice(0).forEach((w) => w());
  });
  proc.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[${entry}] ${chunk.toString()}`));
  proc.stdin.on('error', () => {}); // a child that already exited
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      exited = true;
      waiters.splice(0).forEach((w) => w());
      resolve();
    }),
  );
  return {
    async next<T>(type: string, timeoutMs: number): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [m] = queue.splice(i, 1);
          if (m!.type === 'error') throw new Error(`${entry}: ${String(m!.message)}`);
          return m as T;
        }
        if (exited) throw new Error(`${entry} exited before "${type}"`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${entry}: no "${type}" within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    command(line) {
      if (!exited && proc.stdin.writable) proc.stdin.write(`${line}\n`);
    },
    async stop() {
      if (exited) return;
      if (proc.stdin.writable) proc.stdin.write('exit\n');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

const began = performance.now();
/** Progress on stderr, with the seconds since the start. */
const log = (line: string) => process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ready {
  url: string;
  siteKey?: string;
  channelId?: string;
  agents?: { id: string; token: string }[];
  visitorsFile?: string;
}

async function startServer(target: TargetName, postgres: PostgresTarget | null, visitors: number, agents: number, tag: string) {
  const server =
    target === 'bare'
      ? start('relay.ts', [])
      : start('parley.ts', [], {
          BENCH_AGENTS: String(agents),
          BENCH_VISITORS: String(visitors),
          BENCH_DATABASE_URL: target === 'parley-postgres' ? postgres!.newDatabase(`bench_${tag}`) : '',
        });
  // Stops the server, then drops its database (PostgreSQL), so the next target starts on a quiet cluster.
  const stop = async () => {
    await server.stop();
    if (target === 'parley-postgres') postgres!.dropDatabase(`bench_${tag}`);
  };
  try {
    return { server, stop, ready: await server.next<Ready>('ready', 180_000) };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One driver command and its answer. */
async function ask<T>(driver: Child, command: DriverCommand, answer: string, timeoutMs: number): Promise<T> {
  driver.command(JSON.stringify(command));
  return driver.next<T>(answer, timeoutMs);
}

const loadTimeout = (duration: number) => (duration + plan.drain + 60) * 1000;
const QUIET_CPU_PERCENT = 15;
const QUIESCE_MAX_MS = 60_000;

/**
 * Busy, stolen (by the hypervisor) and total CPU time of the whole machine so far (Linux /proc/stat),
 * and µs that some task waited on the disk (/proc/pressure/io, 0 where the kernel has no PSI), or
 * null elsewhere.
 */
function machineCpu(): { busy: number; steal: number; total: number; ioStallMicros: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th fields, steal the 8th.
    return { busy: total - fields[3]! - (fields[4] ?? 0), steal: fields[7] ?? 0, total, ioStallMicros: ioStallMicros() };
  } catch {
    return null;
  }
}

function ioStallMicros(): number {
  try {
    return Number(/^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The whole machine over a window: busy and stolen by the hypervisor, fractions of all its cores,
 * and ms that some task waited on the disk (PostgreSQL's commits wait for their WAL's fsync: a slow
 * disk shows here, not in the CPU figures).
 */
function machineWindow(before: ReturnType<typeof machineCpu>, after: ReturnType<typeof machineCpu>): LoadResult['machine'] {
  if (!before || !after || after.total <= before.total) return undefined;
  const total = after.total - before.total;
  return { busy: (after.busy - before.busy) / total, steal: (after.steal - before.steal) / total, ioStallMs: (after.ioStallMicros - before.ioStallMicros) / 1000 };
}

/**
 * Waits until the server is idle (under QUIET_CPU_PERCENT of a core over 500 ms) and so is the
 * machine (under QUIET_CPU_PERCENT of all its cores: a checkpoint, autovacuum or anything else
 * still running would be charged to the next point), at most QUIESCE_MAX_MS, so a backlog left
 * by an overloaded point does not count against the next one. Returns the ms waited.
 */
async function quiesce(server: Child): Promise<number> {
  const t0 = performance.now();
  server.command('cpu');
  let before = await server.next<CpuSample>('cpu', 10_000);
  let machineBefore = machineCpu();
  while (performance.now() - t0 < QUIESCE_MAX_MS) {
    await sleep(500);
    server.command('cpu');
    const after = await server.next<CpuSample>('cpu', 30_000);
    const machineAfter = machineCpu();
    const percent = ((after.cpuMicros - before.cpuMicros) / 1000 / (after.at - before.at)) * 100;
    const machine =
      machineBefore && machineAfter && machineAfter.total > machineBefore.total
        ? ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100
        : 0;
    if (percent < QUIET_CPU_PERCENT && machine < QUIET_CPU_PERCENT) break;
    before = after;
    machineBefore = machineAfter;
  }
  return Math.round(performance.now() - t0);
}

let widgetResult: WidgetResult | null = null;
let widgetError: string | null = null;

async function runRepetition(target: TargetName, repetition: number, postgres: PostgresTarget | null): Promise<RepetitionResult> {
  const t0 = performance.now();
  const result: RepetitionResult = { repetition, target, seconds: 0, setup: {} };
  const needVisitors = Math.max(only.has('capacity') ? Math.max(...plan.capacityLevels) : 0, plan.loadVisitors);
  const tag = `${repetition}_${Date.now().toString(36)}`;
  const { server, stop, ready } = await startServer(target, postgres, needVisitors, plan.agents, tag);
  result.setup.serverStartMs = Math.round(performance.now() - t0);
  const driverConfig: DriverConfig = {
    target: target === 'bare' ? 'bare' : 'parley',
    url: ready.url,
    ...(target === 'bare' ? {} : { parley: { channelId: ready.channelId!, agents: ready.agents!, visitorsFile: ready.visitorsFile! } }),
  };
  const driver = start('driver.ts', [JSON.stringify(driverConfig)]);
  try {
    await driver.next('ready', 60_000);
    const agents = await ask<{ ms: number }>(driver, { cmd: 'agents', count: plan.agents }, 'agents', 120_000);
    result.setup.agentsMs = agents.ms;

    if (only.has('capacity')) {
      log(`  capacity: ${plan.capacityLevels.join(', ')} visitors`);
      server.command('memory');
      const baseline = await server.next<MemorySample>('memory', 30_000);
      const levels: CapacityLevel[] = [];
      for (const visitors of plan.capacityLevels) {
        const connected = await ask<{ ms: number; count: number }>(driver, { cmd: 'visitors', count: visitors }, 'visitors', 300_000);
        // Connecting leaves work behind (Parley records the visitor as seen): let it finish first.
        await quiesce(server);
        server.command('memory');
        const memory = await server.next<MemorySample>('memory', 60_000);
        server.command('cpu');
        const cpuBefore = await server.next<CpuSample>('cpu', 10_000);
        await sleep(plan.idleCpuSeconds * 1000);
        server.command('cpu');
        const cpuAfter = await server.next<CpuSample>('cpu', 10_000);
        levels.push({
          visitors: connected.count,
          connectMs: connected.ms,
          memory,
          heapPerConnection: (memory.heapUsed - baseline.heapUsed) / visitors,
          rssPerConnection: (memory.rss - baseline.rss) / visitors,
          externalPerConnection: (memory.external - baseline.external) / visitors,
          idleCpuPercent: ((cpuAfter.cpuMicros - cpuBefore.cpuMicros) / 1000 / (cpuAfter.at - cpuBefore.at)) * 100,
        });
      }
      result.capacity = { baseline, levels };
    }

    const needsLoad = only.has('latency') || only.has('throughput') || only.has('routing');
    if (needsLoad) {
      const v = await ask<{ ms: number }>(driver, { cmd: 'visitors', count: plan.loadVisitors }, 'visitors', 300_000);
      result.setup.loadVisitorsMs = v.ms;
      if (!only.has('latency') && !only.has('throughput')) await quiesce(server);
    }
    if (only.has('latency') || only.has('throughput')) {
      const c = await ask<{ ms: number }>(driver, { cmd: 'conversations', count: plan.conversations }, 'conversations', 300_000);
      result.setup.conversationsMs = c.ms;
      result.setup.quiesceMs = await quiesce(server);
    }
    if (only.has('latency')) {
      result.latency = [];
      // A server in service runs warm: JIT-compiled message path, prepared statements on every
      // pooled connection. Unmeasured messages first, so the first point does not time the
      // warm-up (it showed as ~30 ms for the first 50 ms of the first point, every target alike).
      if (plan.warmupSeconds) {
        for (const direction of plan.directions) {
          await ask<LoadResult>(driver, { cmd: 'load', rate: plan.latencyRates[0] ?? 100, duration: plan.warmupSeconds, drain: plan.drain, direction }, 'load', loadTimeout(plan.warmupSeconds));
        }
        await quiesce(server);
      }
      for (const rate of plan.latencyRates) {
        for (const direction of plan.directions) {
          log(`  latency: ${direction} ${rate} msg/s`);
          server.command('threads');
          const before = await server.next<ThreadsSample>('threads', 10_000);
          const machineBefore = machineCpu();
          const point = await ask<LoadResult>(driver, { cmd: 'load', rate, duration: plan.latencyDuration, drain: plan.drain, direction }, 'load', loadTimeout(plan.latencyDuration));
          server.command('threads');
          point.server = serverWindow(before, await server.next<ThreadsSample>('threads', 10_000));
          point.machine = machineWindow(machineBefore, machineCpu());
          point.quiesceMs = await quiesce(server);
          if (point.quiesceMs > 1000) log(`    server busy for ${(point.quiesceMs / 1000).toFixed(1)} s more after the point`);
          result.latency.push(point);
        }
      }
    }
    if (only.has('throughput')) {
      const steps: ThroughputStep[] = [];
      const raw: LoadResult[] = [];
      let best = 0;
      for (const rate of plan.throughputRates) {
        const r = await ask<LoadResult>(driver, { cmd: 'load', rate, duration: plan.throughputDuration, drain: plan.drain, direction: 'v2a' }, 'load', loadTimeout(plan.throughputDuration));
        const pass =
          r.lost === 0 &&
          r.ackErrors === 0 &&
          r.delivery.p99 !== null &&
          r.delivery.p99 < plan.throughputP99Ms &&
          r.ack.p99 !== null &&
          r.ack.p99 < plan.throughputP99Ms &&
          r.achievedRate >= rate * 0.95;
        log(`  throughput: ${rate} msg/s → delivery p99 ${r.delivery.p99?.toFixed(1)} ms, lost ${r.lost}: ${pass ? 'pass' : 'fail'}`);
        raw.push({ ...r, timeline: [] });
        steps.push({ rate, pass, deliveryP99: r.delivery.p99, ackP99: r.ack.p99, lost: r.lost, ackErrors: r.ackErrors, achievedRate: r.achievedRate });
        if (!pass) break;
        best = rate;
        await quiesce(server);
      }
      result.throughput = { best, steps, raw };
    }
    if (only.has('routing')) {
      result.routing = [];
      let from = plan.conversations;
      for (const rate of plan.routingRates) {
        const count = Math.round(rate * plan.routingDuration);
        if (from + count > plan.loadVisitors) throw new Error(`routing needs ${from + count} visitors connected, the plan has ${plan.loadVisitors}`);
        log(`  routing: ${rate} starts/s`);
        result.routing.push(await ask<RoutingResult>(driver, { cmd: 'routing', rate, duration: plan.routingDuration, drain: plan.drain, from }, 'routing', loadTimeout(plan.routingDuration)));
        from += count;
        await quiesce(server);
      }
    }
    // The widget runs once, on the last embedded repetition's server (saves a server start).
    if (only.has('widget') && target === 'parley-embedded' && repetition === plan.repetitions) {
      try {
        widgetResult = await runWidget(ready, null);
      } catch (error) {
        widgetError = error instanceof Error ? error.message : String(error);
        log(`  widget failed: ${widgetError}`);
      }
    }
  } finally {
    await driver.stop();
    await stop();
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

async function buildWidgetIfMissing(): Promise<void> {
  if (!existsSync(join(widgetDist, 'sizes.json'))) {
    log('widget: apps/widget/dist is missing, building the widget first');
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, ['scripts/build.mjs'], { cwd: join(widgetDist, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`widget build failed (${code})`))));
    });
  }
}

/** The widget scenario against a running Parley; `agentToken` null when agents are connected already. */
async function runWidget(ready: Ready, agentToken: string | null): Promise<WidgetResult> {
  log('  widget');
  await buildWidgetIfMissing();
  const config: WidgetConfig = {
    url: ready.url,
    siteKey: ready.siteKey!,
    agentToken,
    widgetDist,
    repetitions: plan.widgetRepetitions,
    throttle: plan.widgetThrottle,
    interactAfterMs: plan.widgetInteractAfterMs,
  };
  const widget = start('widget.ts', [JSON.stringify(config)]);
  try {
    return await widget.next<WidgetResult>('widget', 180_000);
  } finally {
    await widget.stop();
  }
}

/** The widget scenario on a Parley of its own, when no embedded repetition ran it. */
async function runWidgetAlone(): Promise<WidgetResult> {
  const { server, ready } = await startServer('parley-embedded', null, 0, 1, 'widget');
  try {
    return await runWidget(ready, ready.agents![0]!.token);
  } finally {
    await server.stop();
  }
}

/** Builds the results from what ran so far and writes them (also after each repetition, so a killed run leaves data). */
function buildResults(partial: boolean): Results {
  const medians = computeMedians(state.runs, plan, state.running);
  const widget = widgetResult;
  return {
    startedAt: state.startedAt.toISOString(),
    seconds: (performance.now() - began) / 1000,
    mode: smoke ? 'smoke' : 'full',
    ...(partial ? { partial: true } : {}),
    machine: {
      cpus: cpus().length,
      cpuModel: cpuModel(),
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      postgres: state.postgres?.version ?? null,
      postgresSource: state.postgres?.source ?? null,
      chromium: widget?.browser?.chromium ?? null,
      loadAverageAtStart: state.loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
      calibrationAtStart: state.calibrationAtStart,
      calibrationAtEnd: state.calibrationAtEnd,
    },
    plan,
    targets: state.targets,
    runs: state.runs,
    widget,
    widgetError,
    medians,
    checks: computeChecks(medians, widget),
  };
}

/** The CPU model as /proc/cpuinfo names it (Node's os.cpus() elsewhere). */
function cpuModel(): string | null {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? null;
}

function writeResults(partial: boolean): string {
  const results = buildResults(partial);
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `${state.startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}${smoke ? '-smoke' : ''}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  if (partial) return base;
  const markdown = renderMarkdown(results);
  writeFileSync(`${base}.md`, `${markdown}\n`);
  process.stdout.write(`${markdown}\n\nResults: ${base}.json and .md (total ${results.seconds.toFixed(0)} s)\n`);
  return base;
}

const state = {
  startedAt: new Date(),
  loadAverageAtStart: loadavg(),
  targets: [] as TargetInfo[],
  running: [] as TargetName[],
  runs: [] as RepetitionResult[],
  postgres: null as PostgresTarget | null,
  calibrationAtStart: null as Calibration | null,
  calibrationAtEnd: null as Calibration | null,
};

async function main(): Promise<void> {
  const t0 = performance.now();
  log(`parley bench (${smoke ? 'smoke' : 'full'}): ${plan.repetitions} repetition(s), scenarios ${[...only].join(', ')}`);

  state.calibrationAtStart = await calibrate();
  log(`machine: fixed workload ${state.calibrationAtStart.cpuMs} ms, thread round trip ${state.calibrationAtStart.threadRoundTripUs} µs`);
  const targets = state.targets;
  let postgres: PostgresTarget | null = null;
  for (const name of TARGETS) {
    if (!wantedTargets.has(name)) continue;
    if (name !== 'parley-postgres') {
      targets.push({ name, ran: true, note: null });
      continue;
    }
    // The smoke run only uses a PostgreSQL it is given: starting a cluster would not fit in seconds.
    if (smoke && !process.env.BENCH_DATABASE_URL) {
      targets.push({ name, ran: false, note: 'smoke run without BENCH_DATABASE_URL' });
      continue;
    }
    const pg = await startPostgres();
    if (typeof pg === 'string') {
      log(`note: ${pg}`);
      targets.push({ name, ran: false, note: pg });
    } else {
      postgres = pg;
      state.postgres = pg;
      targets.push({ name, ran: true, note: pg.source });
    }
  }
  const running = targets.filter((t) => t.ran).map((t) => t.name);
  state.running = running;
  const serverScenarios = SCENARIOS.filter((s) => s !== 'widget' && only.has(s));

  const runs = state.runs;
  const stopPostgres = () => postgres?.stop();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopPostgres();
      process.exit(130);
    });
  }
  try {
    if (serverScenarios.length) {
      // Repetition-major: each repetition runs every target, so drift on the machine spreads over all of them.
      for (let rep = 1; rep <= plan.repetitions; rep++) {
        for (const target of running) {
          log(`repetition ${rep}/${plan.repetitions}: ${target} (${((performance.now() - t0) / 1000).toFixed(0)} s so far)`);
          try {
            runs.push(await runRepetition(target, rep, postgres));
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            log(`  failed: ${message}`);
            runs.push({ repetition: rep, target, seconds: 0, setup: {}, error: message });
          }
          writeResults(true);
        }
      }
    }
    if (only.has('widget') && !widgetResult && !widgetError) {
      log('widget');
      try {
        widgetResult = await runWidgetAlone();
      } catch (error) {
        widgetError = error instanceof Error ? error.message : String(error);
        log(`  widget failed: ${widgetError}`);
      }
    }
  } finally {
    stopPostgres();
  }

  state.calibrationAtEnd = await calibrate();
  writeResults(false);
  // A run where a target failed outright is not a result: say so with the exit code.
  if (runs.some((r) => r.error) || (only.has('widget') && !widgetResult)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

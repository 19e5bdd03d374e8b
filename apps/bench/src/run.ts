/**
 * Orchestrates the benchmark: for each target (bare relay, Parley on the embedded database,
 * Parley on PostgreSQL when BENCH_DATABASE_URL is set) and each rate, start the server in its own
 * process, run the driver in another, stop the server; repeat and take medians. Then memory per
 * connected visitor socket. Writes results/<date>.json and prints a markdown table.
 *
 *   tsx src/run.ts            full run (3 repetitions)
 *   tsx src/run.ts --smoke    1 repetition, 50 visitors, 100 msg/s, 3 s, bare + embedded
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DriverConfig } from './driver.ts';
import { median, type Summary } from './stats.ts';
import type { MemorySample } from './control.ts';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const smoke = process.argv.includes('--smoke');

type TargetName = 'bare' | 'parley-embedded' | 'parley-postgres';
const targets: TargetName[] = ['bare', 'parley-embedded'];
if (!smoke && process.env.BENCH_DATABASE_URL) targets.push('parley-postgres');

const plan = smoke
  ? { repetitions: 1, visitors: 50, agents: 5, rates: [100], duration: 3, drain: 5, memoryVisitors: 200 }
  : { repetitions: 3, visitors: 500, agents: 10, rates: [100, 500, 1000], duration: 20, drain: 10, memoryVisitors: 1000 };

interface Child {
  proc: ChildProcessWithoutNullStreams;
  next(type: string, timeoutMs: number): Promise<Record<string, unknown>>;
  command(line: string): void;
  stop(): Promise<void>;
}

/** Spawns a TypeScript entry with tsx; its stdout is JSON lines, read with `next(type)`. */
function start(entry: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, entry), ...args], {
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
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      exited = true;
      waiters.splice(0).forEach((w) => w());
      resolve();
    }),
  );
  return {
    proc,
    async next(type, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [m] = queue.splice(i, 1);
          if (m!.type === 'error') throw new Error(`${entry}: ${String(m!.message)}`);
          return m!;
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

async function startServer(target: TargetName): Promise<{ server: Child; ready: Record<string, unknown> }> {
  const server =
    target === 'bare'
      ? start('relay.ts', [])
      : start('parley.ts', [], {
          BENCH_AGENTS: String(plan.agents),
          BENCH_DATABASE_URL: target === 'parley-postgres' ? (process.env.BENCH_DATABASE_URL ?? '') : '',
        });
  try {
    return { server, ready: await server.next('ready', 60_000) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function driverConfig(target: TargetName, ready: Record<string, unknown>, mode: DriverConfig['mode'], visitors: number, rate: number): DriverConfig {
  return {
    mode,
    target: target === 'bare' ? 'bare' : 'parley',
    url: String(ready.url),
    visitors,
    agents: plan.agents,
    rate,
    duration: plan.duration,
    drain: plan.drain,
    ...(target === 'bare'
      ? {}
      : { parley: { siteKey: String(ready.siteKey), channelId: String(ready.channelId), agents: ready.agents as { email: string; password: string }[] } }),
  };
}

interface LoadResult {
  delivery: Summary;
  ack: Summary;
  lost: number;
  ackErrors: number;
  achievedRate: number;
  scheduled: number;
  setupMs: number;
}

async function runLoad(target: TargetName, rate: number): Promise<LoadResult> {
  const { server, ready } = await startServer(target);
  try {
    const driver = start('driver.ts', [JSON.stringify(driverConfig(target, ready, 'load', plan.visitors, rate))]);
    try {
      return (await driver.next('result', (plan.duration + plan.drain + 180) * 1000)) as unknown as LoadResult;
    } finally {
      await driver.stop();
    }
  } finally {
    await server.stop();
  }
}

interface MemoryResult {
  visitors: number;
  before: MemorySample;
  after: MemorySample;
  rssPerSocket: number;
  heapPerSocket: number;
}

async function runMemory(target: TargetName): Promise<MemoryResult> {
  const { server, ready } = await startServer(target);
  try {
    const driver = start('driver.ts', [JSON.stringify(driverConfig(target, ready, 'connect', plan.memoryVisitors, 1))]);
    try {
      // Sessions (database rows) are created before the baseline, so only the sockets are counted.
      await driver.next('prepared', 120_000);
      server.command('memory');
      const before = (await server.next('memory', 30_000)) as unknown as MemorySample;
      driver.command('connect');
      await driver.next('connected', 120_000);
      await new Promise((r) => setTimeout(r, 500));
      server.command('memory');
      const after = (await server.next('memory', 30_000)) as unknown as MemorySample;
      driver.command('exit');
      const n = plan.memoryVisitors;
      return { visitors: n, before, after, rssPerSocket: (after.rss - before.rss) / n, heapPerSocket: (after.heapUsed - before.heapUsed) / n };
    } finally {
      await driver.stop();
    }
  } finally {
    await server.stop();
  }
}

const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? '—' : `${(a / b).toFixed(1)}×`);

async function main(): Promise<void> {
  const startedAt = new Date();
  const load: Record<string, Record<number, { runs: LoadResult[]; median: Record<string, number | null> }>> = {};
  for (const target of targets) {
    load[target] = {};
    for (const rate of plan.rates) {
      const runs: LoadResult[] = [];
      for (let r = 0; r < plan.repetitions; r++) {
        process.stderr.write(`load ${target} ${rate} msg/s, run ${r + 1}/${plan.repetitions}\n`);
        runs.push(await runLoad(target, rate));
      }
      load[target][rate] = {
        runs,
        median: {
          deliveryP50: median(runs.map((x) => x.delivery.p50)),
          deliveryP99: median(runs.map((x) => x.delivery.p99)),
          deliveryP999: median(runs.map((x) => x.delivery.p999)),
          ackP50: median(runs.map((x) => x.ack.p50)),
          ackP99: median(runs.map((x) => x.ack.p99)),
          ackP999: median(runs.map((x) => x.ack.p999)),
          lost: median(runs.map((x) => x.lost)),
          achievedRate: median(runs.map((x) => x.achievedRate)),
        },
      };
    }
  }
  const memory: Record<string, MemoryResult> = {};
  for (const target of targets) {
    process.stderr.write(`memory ${target}, ${plan.memoryVisitors} visitors\n`);
    memory[target] = await runMemory(target);
  }

  const result = {
    startedAt: startedAt.toISOString(),
    smoke,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version, platform: process.platform },
    plan,
    targets,
    load,
    memory,
  };
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}${smoke ? '-smoke' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const lines = [
    `Latency in ms from scheduled send time (${plan.visitors} visitors, ${plan.agents} agents, ${plan.duration} s, median of ${plan.repetitions} run(s)); ratios are against the bare relay.`,
    '',
    '| target | msg/s | delivery p50 | p99 | p99.9 | ack p50 | p99 | p99.9 | lost | delivery p99 vs bare | ack p99 vs bare |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const target of targets) {
    for (const rate of plan.rates) {
      const m = load[target]![rate]!.median;
      const bare = load.bare![rate]!.median;
      lines.push(
        `| ${target} | ${rate} | ${fmt(m.deliveryP50!)} | ${fmt(m.deliveryP99!)} | ${fmt(m.deliveryP999!)} | ${fmt(m.ackP50!)} | ${fmt(m.ackP99!)} | ${fmt(m.ackP999!)} | ${fmt(m.lost!, 0)} | ${target === 'bare' ? '1.0×' : ratio(m.deliveryP99!, bare.deliveryP99!)} | ${target === 'bare' ? '1.0×' : ratio(m.ackP99!, bare.ackP99!)} |`,
      );
    }
  }
  lines.push('', `Memory per connected visitor socket after GC (${plan.memoryVisitors} sockets):`, '', '| target | rss KiB/socket | heapUsed KiB/socket | rss vs bare | heap vs bare |', '| --- | ---: | ---: | ---: | ---: |');
  for (const target of targets) {
    const m = memory[target]!;
    const b = memory.bare!;
    lines.push(
      `| ${target} | ${fmt(m.rssPerSocket / 1024)} | ${fmt(m.heapPerSocket / 1024)} | ${target === 'bare' ? '1.0×' : ratio(m.rssPerSocket, b.rssPerSocket)} | ${target === 'bare' ? '1.0×' : ratio(m.heapPerSocket, b.heapPerSocket)} |`,
    );
  }
  lines.push('', `Results: ${file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

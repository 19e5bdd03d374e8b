/**
 * Line protocol between the orchestrator and its child processes (servers and the driver):
 * each child prints one JSON object per line on stdout; the orchestrator writes commands
 * (one word per line) on the child's stdin. No HTTP endpoint is added to the servers under test.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { MessageWriterStats as WriterCounts } from '@parley/server/src/modules/conversations/index.ts';

export interface MemorySample {
  type: 'memory';
  rss: number;
  heapUsed: number;
  external: number;
  gc: boolean;
}

/** CPU time used by the process so far, with a wall-clock stamp: two samples give a CPU share. */
export interface CpuSample {
  type: 'cpu';
  /** Microseconds of user + system CPU time since the process started. */
  cpuMicros: number;
  /** performance.now() in ms when sampled. */
  at: number;
}

export function sampleCpu(): CpuSample {
  const u = process.cpuUsage();
  return { type: 'cpu', cpuMicros: u.user + u.system, at: performance.now() };
}

/** CPU time and time spent runnable but waiting for a CPU (Linux schedstat), in microseconds. */
export interface ThreadTimes {
  cpuMicros: number;
  waitMicros: number;
}

/** A server's threads and garbage collections so far: two samples tell where a window's time went. */
export interface ThreadsSample {
  type: 'threads';
  at: number;
  /** The event loop's thread; null off Linux. */
  main: ThreadTimes | null;
  /** Every thread of the process together (the embedded database's, V8's and libuv's included). */
  all: ThreadTimes | null;
  /** The main thread's GC pauses so far, and the longest since the previous sample. */
  gcCount: number;
  gcMs: number;
  gcMaxMs: number;
  /** The event loop's longest stall since the previous sample (ms; see `watchLoop`). */
  loopMaxMs: number;
  /** Parley's message writer so far (batches, their messages, seconds to their answers); not the relay's. */
  writer?: WriterCounts;
}

/** `/proc/…/schedstat`: nanoseconds on a CPU, nanoseconds waiting on a run queue, timeslices. */
function schedstat(path: string): ThreadTimes | null {
  try {
    const [cpu, wait] = readFileSync(path, 'utf8').split(' ').map(Number);
    return { cpuMicros: cpu! / 1000, waitMicros: wait! / 1000 };
  } catch {
    return null;
  }
}

/** This thread's times (the caller's: the event loop when called from the main thread). */
export const ownThreadTimes = () => schedstat('/proc/thread-self/schedstat');

function processThreadTimes(): ThreadTimes | null {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const sum = { cpuMicros: 0, waitMicros: 0 };
  for (const tid of tids) {
    const t = schedstat(`/proc/self/task/${tid}/schedstat`);
    if (t) {
      sum.cpuMicros += t.cpuMicros;
      sum.waitMicros += t.waitMicros;
    }
  }
  return sum;
}

const gcPauses = { count: 0, ms: 0, maxMs: 0 };

/** Starts counting this thread's GC pauses (once per process). */
export function observeGc(): void {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauses.count++;
      gcPauses.ms += entry.duration;
      gcPauses.maxMs = Math.max(gcPauses.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
}

/** GC pauses so far, and the longest since the previous call. */
export function takeGc(): { count: number; ms: number; maxMs: number } {
  const taken = { ...gcPauses };
  gcPauses.maxMs = 0;
  return taken;
}

/**
 * The event loop's longest stall: a 5 ms timer's lateness (~200 wake-ups a second, nothing next
 * to thousands of messages). A stall the GC pauses do not explain is the loop's own work or its
 * thread waiting for a CPU.
 */
let loopDelay: IntervalHistogram | null = null;
export function watchLoop(): void {
  loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
}

/** The longest stall since the previous call (ms), 0 when not watched. */
export function takeLoopMaxMs(): number {
  if (!loopDelay) return 0;
  // The histogram counts the timer's whole wait: its own 5 ms are not a stall.
  const max = Math.max(0, loopDelay.max / 1e6 - 5);
  loopDelay.reset();
  return max;
}

function sampleThreads(writer?: () => WriterCounts): ThreadsSample {
  const gc = takeGc();
  const sample: ThreadsSample = { type: 'threads', at: performance.now(), main: ownThreadTimes(), all: processThreadTimes(), gcCount: gc.count, gcMs: gc.ms, gcMaxMs: gc.maxMs, loopMaxMs: takeLoopMaxMs() };
  if (writer) sample.writer = writer();
  return sample;
}

/** A thread's share of a window: on a CPU, and runnable but waiting for one (fractions of a core). */
export interface Share {
  busy: number;
  waiting: number;
}

export function shareOf(before: ThreadTimes | null, after: ThreadTimes | null, windowMs: number): Share | null {
  if (!before || !after || windowMs <= 0) return null;
  return { busy: (after.cpuMicros - before.cpuMicros) / 1000 / windowMs, waiting: (after.waitMicros - before.waitMicros) / 1000 / windowMs };
}

/** Where a server's time went between two samples: its event loop, its other threads, GC. */
export interface ServerWindow {
  loop: Share | null;
  /** Every other thread together (the embedded database's thread, V8's GC helpers, libuv). */
  others: Share | null;
  gc: { count: number; ms: number; maxMs: number };
  /** The event loop's longest stall over the window (ms). */
  loopMaxMs: number;
  /**
   * Parley's message batches over the window: how many a second, messages in each on average, and
   * the share of the window a batch was in flight (sent, not yet answered). Absent for the relay.
   */
  batches?: { perSecond: number; meanSize: number; inFlight: number };
}

export function serverWindow(before: ThreadsSample, after: ThreadsSample): ServerWindow {
  const ms = after.at - before.at;
  const loop = shareOf(before.main, after.main, ms);
  const all = shareOf(before.all, after.all, ms);
  return {
    loop,
    others: loop && all ? { busy: all.busy - loop.busy, waiting: all.waiting - loop.waiting } : null,
    gc: { count: after.gcCount - before.gcCount, ms: after.gcMs - before.gcMs, maxMs: after.gcMaxMs },
    loopMaxMs: after.loopMaxMs,
    ...(before.writer && after.writer ? { batches: batchesOver(before.writer, after.writer, ms) } : {}),
  };
}

function batchesOver(before: WriterCounts, after: WriterCounts, ms: number): ServerWindow['batches'] {
  const batches = after.batches - before.batches;
  return {
    perSecond: ms > 0 ? (batches / ms) * 1000 : 0,
    meanSize: batches ? (after.messages - before.messages) / batches : 0,
    inFlight: ms > 0 ? ((after.seconds - before.seconds) * 1000) / ms : 0,
  };
}

export function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Collects garbage (when the process runs with --expose-gc) and samples memory. */
export async function sampleMemory(): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    // Several passes with a pause between: weak refs and finalizers settle over more than one cycle.
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const m = process.memoryUsage();
  return { type: 'memory', rss: m.rss, heapUsed: m.heapUsed, external: m.external, gc: Boolean(gc) };
}

/**
 * Server side: `memory` answers with a sample after GC, `cpu` with the CPU time used so far,
 * `threads` with its threads' times and GC pauses (and `writer`'s counts, when given), `exit` (or
 * stdin closing) runs `stop` and exits.
 */
export function serveControl(stop: () => Promise<void>, writer?: () => WriterCounts): void {
  observeGc();
  watchLoop();
  const rl = createInterface({ input: process.stdin });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    const guard = setTimeout(() => process.exit(0), 5000);
    guard.unref();
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  };
  rl.on('line', (line) => {
    const command = line.trim();
    if (command === 'memory') void sampleMemory().then(send);
    else if (command === 'cpu') send(sampleCpu());
    else if (command === 'threads') send(sampleThreads(writer));
    else if (command === 'exit') void shutdown();
  });
  rl.on('close', () => void shutdown());
}

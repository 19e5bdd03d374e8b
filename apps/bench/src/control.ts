/**
 * Line protocol between the orchestrator and its child processes (servers and the driver):
 * each child prints one JSON object per line on stdout; the orchestrator writes commands
 * (one word per line) on the child's stdin. No HTTP endpoint is added to the servers under test.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

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
 * Server side: `memory` answers with a sample after GC, `cpu` with the CPU time used so far, `exit` (or stdin closing) runs `stop` and exits.
 */
export function serveControl(stop: () => Promise<void>): void {
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
    else if (command === 'exit') void shutdown();
  });
  rl.on('close', () => void shutdown());
}

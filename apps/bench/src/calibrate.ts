/**
 * How fast the machine is right now, measured the same way in every run, before the first target
 * and after the last: a fixed CPU-bound workload (JSON encode/decode and a sort, what the server's
 * message path is made of) and a thread round trip (a worker echoing MessagePort messages, what the
 * embedded database pays per statement). On a shared VM the same code gave a routing p50 of 4.6 ms
 * in one hour and 8.5 ms in the next; these two figures say whether the machine changed between
 * two results files, so their verdicts can be compared.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { median } from './stats.ts';

export interface Calibration {
  /** Ms of the fastest of 20 runs of the fixed workload (after 10 unmeasured). */
  cpuMs: number;
  /** Median µs of a MessagePort round trip to a worker thread and back. */
  threadRoundTripUs: number;
}

const ROWS = Array.from({ length: 1000 }, (_, i) => ({ id: `${i}`.padStart(8, '0'), seq: i, text: `message number ${i} from a visitor`, at: i * 1.5 }));

function workload(): number {
  const t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < 40; i++) {
    const rows = JSON.parse(JSON.stringify(ROWS)) as typeof ROWS;
    rows.sort((a, b) => (a.text < b.text ? -1 : 1));
    sum += rows[0]!.seq;
  }
  if (sum < 0) throw new Error('unreachable');
  return performance.now() - t0;
}

async function threadRoundTrips(count: number): Promise<number[]> {
  const worker = new Worker(`require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m));`, { eval: true });
  const samples: number[] = [];
  try {
    const payload = new Uint8Array(256);
    await new Promise<void>((resolve, reject) => {
      let sent = 0;
      worker.on('error', reject);
      worker.on('message', () => {
        samples.push((performance.now() - sent) * 1000);
        if (samples.length === count) return resolve();
        sent = performance.now();
        worker.postMessage(payload);
      });
      sent = performance.now();
      worker.postMessage(payload);
    });
  } finally {
    await worker.terminate();
  }
  return samples.slice(count / 10); // the first ones include the worker's start
}

export async function calibrate(): Promise<Calibration> {
  // The fastest run, after a long warm-up: on an idle machine the first ten or so runs after five
  // warm-ups took 35-45 ms and the rest ~25 (the JIT still tiering up), so a median of seven said
  // "slower" whenever the optimised code came late. Noise only adds time, so the minimum is stable
  // for a given CPU (this VM's CPU 0 is at times up to 1.7× slower than CPU 1: see the README).
  for (let i = 0; i < 10; i++) workload();
  const cpu = Array.from({ length: 20 }, workload);
  return { cpuMs: Number(Math.min(...cpu).toFixed(1)), threadRoundTripUs: Math.round(median(await threadRoundTrips(2000))!) };
}

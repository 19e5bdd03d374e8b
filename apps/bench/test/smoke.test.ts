/**
 * The benchmark's smoke mode, run as the CI would: every scenario in miniature against the bare
 * relay and Parley on the embedded database (and PostgreSQL when TEST_DATABASE_URL is set), so the
 * benchmark cannot rot. Checks the report has every section with finite numbers and that no
 * message, start or ack was lost. Numbers are not judged: the machine running tests is busy.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../src/summary.ts';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'parley-bench-smoke-'));
const hasChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((p) => p && existsSync(p));

function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, BENCH_DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' };
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'src/run.ts'), '--smoke', '--out', out], { cwd: benchDir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 290_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

describe('benchmark smoke run', () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every scenario in miniature and writes a complete report', async () => {
    const run = await runSmoke();
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const files = readdirSync(out);
    const json = files.find((f) => f.endsWith('-smoke.json'));
    expect(json).toBeDefined();
    expect(files).toContain(json!.replace(/\.json$/, '.md'));
    const r = JSON.parse(readFileSync(join(out, json!), 'utf8')) as Results;

    const targets = r.targets.filter((t) => t.ran).map((t) => t.name);
    expect(targets).toEqual(expect.arrayContaining(['bare', 'parley-embedded', ...(process.env.TEST_DATABASE_URL ? ['parley-postgres'] : [])]));
    expect(r.runs.filter((x) => x.error)).toEqual([]);
    for (const c of [r.machine.calibrationAtStart, r.machine.calibrationAtEnd]) {
      expect(finite(c?.cpuMs)).toBe(true);
      expect(finite(c?.threadRoundTripUs)).toBe(true);
    }
    for (const target of targets) {
      // 1. capacity
      const capacity = r.medians.capacity.filter((c) => c.target === target);
      expect(capacity.map((c) => c.visitors)).toEqual(r.plan.capacityLevels);
      for (const c of capacity) for (const v of [c.heapPerConnection, c.rssPerConnection, c.idleCpuPercent]) expect(finite(v)).toBe(true);
      // 2. latency, both directions, nothing lost
      const latency = r.medians.latency.filter((l) => l.target === target);
      expect(latency).toHaveLength(r.plan.latencyRates.length * 2);
      for (const l of latency) {
        for (const v of [l.deliveryP50, l.deliveryP99, l.deliveryP999, l.ackP50, l.ackP99, l.ackP999]) expect(finite(v)).toBe(true);
        expect(l.lost).toBe(0);
        expect(l.ackErrors).toBe(0);
      }
      // Parley's points carry its message batches: every message of the point went through one.
      for (const point of r.runs.filter((x) => x.target === target).flatMap((x) => x.latency ?? [])) {
        const batches = point.server?.batches;
        if (target === 'bare') expect(batches).toBeUndefined();
        else {
          expect(batches!.perSecond).toBeGreaterThan(0);
          expect(batches!.meanSize).toBeGreaterThanOrEqual(1);
          expect(batches!.inFlight).toBeGreaterThan(0);
        }
      }
      // 3. throughput: the steps ran and each was judged
      const tp = r.runs.find((x) => x.target === target)!.throughput!;
      expect(tp.steps.length).toBeGreaterThan(0);
      expect(finite(r.medians.throughput.find((t) => t.target === target)?.best)).toBe(true);
      for (const s of tp.steps) expect(s.lost).toBe(0);
      // 4. routing: every start reached its agent
      const routing = r.medians.routing.filter((x) => x.target === target);
      expect(routing).toHaveLength(r.plan.routingRates.length);
      for (const x of routing) {
        for (const v of [x.notifyP50, x.notifyP99, x.ackP50, x.ackP99]) expect(finite(v)).toBe(true);
        expect(x.lost).toBe(0);
        expect(x.ackErrors).toBe(0);
      }
    }
    // 5. widget: build sizes always; the browser figures when Chromium is there
    expect(r.widgetError).toBeNull();
    for (const v of [r.widget!.sizes.loaderGzip, r.widget!.sizes.openWidgetGzip]) expect(v).toBeGreaterThan(0);
    if (hasChromium) {
      const b = r.widget!.browser!;
      for (const v of [b.median.addedBlockingMs, b.median.widgetBlockingMs, b.median.addedBytes, b.median.panelUsableMs]) expect(finite(v)).toBe(true);
      expect(b.median.addedBytes!).toBeGreaterThan(0);
      expect(b.panel.every((p) => p.inputWorks)).toBe(true);
    } else expect(r.widget!.skipped).toMatch(/Chromium/);

    // The markdown: every section, ratios against bare and a verdict per target.
    const md = readFileSync(join(out, json!.replace(/\.json$/, '.md')), 'utf8');
    for (const heading of ['### 1. Capacity', '### 2. Message latency', '### 3. Throughput', '### 4. Routing', '### 5. Widget', '### Targets']) expect(md).toContain(heading);
    expect(md).toMatch(/PASS|FAIL/);
    expect(run.stdout).toContain('### Targets');
  });
});

import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../src/shared/coalesce.ts';

const silent = { error: () => {} };

describe('createCoalescer', () => {
  it('runs at once when idle, and merges a burst into one more run that starts after it', async () => {
    const runs: string[][] = [];
    let release!: () => void;
    const coalescer = createCoalescer<string>(async (keys) => {
      runs.push(keys);
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, silent);
    const first = coalescer.request('a');
    expect(runs).toEqual([['a']]);
    const burst = ['a', 'b', 'a', 'c'].map((k) => coalescer.request(k));
    expect(runs).toHaveLength(1);
    release();
    await Promise.all([first, ...burst]);
    expect(runs).toEqual([['a'], ['a', 'b', 'c']]);
  });

  it('answers the requests of a failed run, logs it, and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const coalescer = createCoalescer<number>(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    }, { error: (obj) => errors.push(obj) });
    await coalescer.request(1);
    await coalescer.request(2);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('spaces runs out by minIntervalMs, merging what is asked for meanwhile', async () => {
    const starts: { at: number; keys: string[] }[] = [];
    const coalescer = createCoalescer<string>(async (keys) => {
      starts.push({ at: performance.now(), keys });
    }, silent, 60);
    await coalescer.request('a'); // idle: at once
    const later = ['b', 'c', 'b'].map((k) => coalescer.request(k));
    await Promise.all(later);
    expect(starts.map((s) => s.keys)).toEqual([['a'], ['b', 'c']]);
    expect(starts[1]!.at - starts[0]!.at).toBeGreaterThanOrEqual(59);
  });
});

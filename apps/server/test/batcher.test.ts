import { describe, expect, it } from 'vitest';
import { createBatcher } from '../src/shared/batcher.ts';

describe('createBatcher', () => {
  it('runs one batch at a time; what arrives meanwhile is the next batch, sent before the last one is answered', async () => {
    const log: string[] = [];
    let release!: () => void;
    const batcher = createBatcher<string, string>(async (items) => {
      log.push(`run ${items.join(',')}`);
      if (items[0] === 'a') await new Promise<void>((resolve) => (release = resolve));
      return items.map((i) => i.toUpperCase());
    }, 10);
    const answered = (item: string) => batcher.submit(item).then((out) => void log.push(`answer ${out}`));
    const first = answered('a');
    const later = ['b', 'c'].map(answered);
    expect(log).toEqual(['run a']);
    release();
    await Promise.all([first, ...later]);
    // The next batch's statements go out before the finished batch's callers go on.
    expect(log).toEqual(['run a', 'run b,c', 'answer A', 'answer B', 'answer C']);
  });

  it('answers a lone batch at once, and keeps batches within their maximum size', async () => {
    const sizes: number[] = [];
    const batcher = createBatcher<number, number>(async (items) => (sizes.push(items.length), items.map((i) => i * 2)), 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.submit(i)))).toEqual([2, 4, 6, 8, 10]);
    expect(sizes).toEqual([1, 2, 2]);
    expect(await batcher.submit(7)).toBe(14);
  });

  it('retries the items of a failed batch alone, so only the bad one fails', async () => {
    const batcher = createBatcher<string, string>(async (items) => {
      if (items.includes('bad')) throw new Error(`rejected ${items.join(',')}`);
      return items;
    }, 10);
    const results = await Promise.allSettled(['first', 'good', 'bad', 'fine'].map((i) => batcher.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['first', 'good', 'rejected bad', 'fine']);
  });

  it('with a gather, answers a finished batch at once and waits for more before the next one', async () => {
    const log: string[] = [];
    let release!: () => void;
    const batcher = createBatcher<string, string>(
      async (items) => {
        log.push(`run ${items.join(',')}`);
        if (items[0] === 'a') await new Promise<void>((resolve) => (release = resolve));
        return items.map((i) => i.toUpperCase());
      },
      10,
      { items: 3 },
    );
    const answered = (item: string) => batcher.submit(item).then((out) => void log.push(`answer ${out}`));
    // A batch that starts an idle spell does not wait.
    const first = answered('a');
    expect(log).toEqual(['run a']);
    const second = answered('b');
    release();
    await first;
    // Fewer than three waiting: 'a' is answered, and the next batch waits for more.
    expect(log).toEqual(['run a', 'answer A']);
    const third = answered('c');
    await Promise.all([second, third]);
    expect(log).toEqual(['run a', 'answer A', 'run b,c', 'answer B', 'answer C']);
  });

  it('with a gather, does not wait when enough are waiting', async () => {
    const log: string[] = [];
    const batcher = createBatcher<number, number>(async (items) => (log.push(`run ${items.join(',')}`), items), 10, { items: 2 });
    await Promise.all([1, 2, 3].map((i) => batcher.submit(i).then(() => void log.push(`answer ${i}`))));
    // Two were waiting: the next batch went out before the first was answered, as without a gather.
    expect(log).toEqual(['run 1', 'run 2,3', 'answer 1', 'answer 2', 'answer 3']);
  });
});

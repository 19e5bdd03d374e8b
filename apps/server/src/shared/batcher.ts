/**
 * One batch in flight at a time: items submitted while it runs wait, and the next batch is all of
 * them (up to `maxBatch`), so batches grow with load and the per-batch cost (a transaction, a few
 * round trips) is shared. A failed batch fails no one else's item: each is retried alone, and
 * only its own error reaches its submitter.
 */
export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

/**
 * Under load, when fewer than `items` are waiting as a batch ends, the next batch waits one turn
 * of the event loop (setImmediate): messages already read from the sockets join it, so a fixed
 * per-batch cost is shared by more items, for no fixed delay. A batch that starts an idle spell
 * never waits.
 */
export interface Gather {
  items: number;
}

interface Waiter<I, O> {
  item: I;
  resolve(outcome: O): void;
  reject(error: unknown): void;
}

export function createBatcher<I, O>(run: (items: I[]) => Promise<O[]>, maxBatch: number, gather?: Gather): Batcher<I, O> {
  let queue: Waiter<I, O>[] = [];
  let inFlight = false;

  async function flush(): Promise<void> {
    inFlight = true;
    let answer: (() => void) | undefined;
    while (queue.length) {
      if (gather && answer && queue.length < gather.items) {
        // The finished batch's callers go on now, not after the wait.
        process.nextTick(answer);
        answer = undefined;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const done = runBatch(batch);
      // The last batch's callers go on once this batch's statements are sent (a pool hands out
      // its connection on the next tick, after the promise jobs queued now): what they do next
      // (publishing, acks) then overlaps this batch's time in the database.
      if (answer) process.nextTick(answer);
      answer = await done;
    }
    inFlight = false;
    // On the next tick as well, so batches are answered in their order.
    if (answer) process.nextTick(answer);
  }

  /** Runs a batch; returns how to answer its callers. */
  async function runBatch(batch: Waiter<I, O>[]): Promise<() => void> {
    try {
      const outcomes = await run(batch.map((w) => w.item));
      return () => batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (error) {
      if (batch.length === 1) return () => batch[0]!.reject(error);
      const alone = await Promise.allSettled(batch.map((w) => run([w.item])));
      return () => alone.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve(r.value[0]!) : batch[i]!.reject(r.reason)));
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!inFlight) void flush();
      });
    },
  };
}

/**
 * One batcher per handle (a database), created on first use: `batcherPerHandle(run, max)(db)`.
 * Batches run on the handle they were created for.
 */
export function batcherPerHandle<H extends object, I, O>(
  run: (handle: H, items: I[]) => Promise<O[]>,
  maxBatch: number,
  gather?: Gather,
): (handle: H) => Batcher<I, O> {
  const batchers = new WeakMap<H, Batcher<I, O>>();
  return (handle) => {
    let batcher = batchers.get(handle);
    if (!batcher) batchers.set(handle, (batcher = createBatcher((items) => run(handle, items), maxBatch, gather)));
    return batcher;
  };
}

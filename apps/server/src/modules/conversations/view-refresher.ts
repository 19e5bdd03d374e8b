/**
 * Coalesces the conversation refreshes that messages cause. Ids touched meanwhile are loaded in
 * one query and handed over together; after a refresh it waits `intervalMs` before the next, so
 * however many messages arrive, each site's agents get a few batches a second. The first touch
 * after a quiet spell goes out at once.
 */
import type { Conversation } from '@parley/protocol';

export interface ViewRefresher {
  touch(conversationId: string): void;
  stop(): void;
}

export function createViewRefresher(options: {
  load(ids: string[]): Promise<Conversation[]>;
  emit(views: Conversation[]): void;
  onError(error: unknown): void;
  intervalMs: number;
}): ViewRefresher {
  let pending = new Set<string>();
  let busy = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function run(): Promise<void> {
    busy = true;
    const ids = [...pending];
    pending = new Set();
    try {
      options.emit(await options.load(ids));
    } catch (error) {
      options.onError(error);
    }
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      busy = false;
      if (pending.size) void run();
    }, options.intervalMs);
  }

  return {
    touch(id) {
      if (stopped) return;
      pending.add(id);
      if (!busy) void run();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

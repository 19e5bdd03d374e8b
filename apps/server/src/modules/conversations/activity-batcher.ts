/**
 * Gathers what new messages change in the inbox — per conversation, the last sequence number and
 * the last preview — and hands it over per site, at most once every `intervalMs`. The first
 * message after a quiet spell goes out at once; under load, one small batch per site per interval.
 */
import type { ConversationActivity, Message } from '@parley/protocol';

export interface ActivityBatcher {
  add(siteId: string, message: Message): void;
  stop(): void;
}

export function createActivityBatcher(options: {
  intervalMs: number;
  emit(siteId: string, activity: ConversationActivity[]): void;
}): ActivityBatcher {
  let pending = new Map<string, Map<string, ConversationActivity>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function flush(): void {
    const batch = pending;
    pending = new Map();
    for (const [siteId, byConversation] of batch) options.emit(siteId, [...byConversation.values()]);
    // Quiet until the interval is over; what arrives meanwhile goes out at its end.
    timer = setTimeout(() => {
      timer = undefined;
      if (pending.size && !stopped) flush();
    }, options.intervalMs);
    timer.unref();
  }

  return {
    add(siteId, message) {
      if (stopped) return;
      let site = pending.get(siteId);
      if (!site) pending.set(siteId, (site = new Map()));
      const known = site.get(message.conversationId);
      const entry: ConversationActivity = { id: message.conversationId, lastSeq: Math.max(message.seq, known?.lastSeq ?? 0) };
      // System lines are not previews (the inbox shows the last thing someone wrote).
      const newer = !known || message.seq >= known.lastSeq;
      const preview = newer && message.sender !== 'system' ? { text: message.text, sender: message.sender, createdAt: message.createdAt } : known?.lastMessage;
      if (preview) entry.lastMessage = preview;
      site.set(message.conversationId, entry);
      if (!timer) flush();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

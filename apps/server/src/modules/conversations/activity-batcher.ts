/**
 * Gathers what the rest of a site's agents need for their inbox but not this instant, and hands it
 * over per site, at most once every `intervalMs`:
 * - conversations assigned the moment they started (their agent was told at once);
 * - what new messages change — per conversation, the last sequence number and preview.
 * The first item after a quiet spell goes out at once; under load, one small batch per site per
 * interval, new conversations before the activity that follows them.
 *
 * Every agent of the site receives every batch, so what a batch carries is multiplied by the
 * number of agents. A busy site stretches the interval — each entry buys `msPerEntry` of quiet
 * after the batch, up to `maxIntervalMs` — so an agent's inbox traffic stays near
 * 1000 / msPerEntry entries a second however many messages the site carries (the benchmark's
 * 2,000 msg/s over 500 chats filled every 250 ms batch with all 500 chats, ~70 KB, to each of 50
 * agents: four times the bytes of one batch a second, for the same previews). A quiet site's
 * batches still go out as soon as `intervalMs` allows.
 */
import { previewText, type Conversation, type ConversationActivity, type Message } from '@parley/protocol';

export interface ActivityBatcher {
  add(siteId: string, message: Message): void;
  created(conversation: Conversation): void;
  /** A full, newer view of the conversation went out: a pending copy of it would be older. */
  superseded(siteId: string, conversationId: string): void;
  stop(): void;
}

interface SiteBatch {
  created: Map<string, Conversation>;
  activity: Map<string, ConversationActivity>;
}

export function createActivityBatcher(options: {
  intervalMs: number;
  /** The longest quiet after a large batch (defaults to intervalMs: a fixed interval). */
  maxIntervalMs?: number;
  /** Quiet bought by each entry of the largest site batch just sent. */
  msPerEntry?: number;
  emit(siteId: string, batch: { created: Conversation[]; activity: ConversationActivity[] }): void;
}): ActivityBatcher {
  const { intervalMs, maxIntervalMs = intervalMs, msPerEntry = 0 } = options;
  let pending = new Map<string, SiteBatch>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function flush(): void {
    const batch = pending;
    pending = new Map();
    let largest = 0;
    for (const [siteId, site] of batch) {
      options.emit(siteId, { created: [...site.created.values()], activity: [...site.activity.values()] });
      largest = Math.max(largest, site.created.size + site.activity.size);
    }
    // Quiet until the interval is over; what arrives meanwhile goes out at its end.
    timer = setTimeout(
      () => {
        timer = undefined;
        if (pending.size && !stopped) flush();
      },
      Math.min(maxIntervalMs, Math.max(intervalMs, largest * msPerEntry)),
    );
    timer.unref();
  }

  function siteBatch(siteId: string): SiteBatch {
    let site = pending.get(siteId);
    if (!site) pending.set(siteId, (site = { created: new Map(), activity: new Map() }));
    return site;
  }

  return {
    add(siteId, message) {
      if (stopped) return;
      const site = siteBatch(siteId).activity;
      const known = site.get(message.conversationId);
      const entry: ConversationActivity = { id: message.conversationId, lastSeq: Math.max(message.seq, known?.lastSeq ?? 0) };
      // System lines are not previews (the inbox shows the last thing someone wrote).
      const newer = !known || message.seq >= known.lastSeq;
      const preview = newer && message.sender !== 'system' ? { text: previewText(message.text), sender: message.sender, createdAt: message.createdAt } : known?.lastMessage;
      if (preview) entry.lastMessage = preview;
      site.set(message.conversationId, entry);
      if (!timer) flush();
    },
    created(conversation) {
      if (stopped) return;
      siteBatch(conversation.siteId).created.set(conversation.id, conversation);
      if (!timer) flush();
    },
    superseded(siteId, conversationId) {
      pending.get(siteId)?.created.delete(conversationId);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

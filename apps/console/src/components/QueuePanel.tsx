/**
 * The queue strip above the inbox: per site its total against `maxWaitingTotal`, and per channel
 * how many wait against `maxWaiting`, how it routes and how many agents are online. Live from
 * `queue:updated`.
 */
import { useState } from 'preact/hooks';
import type { AgentSite, ChannelQueue, SiteQueue } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { readStored, writeStored } from '../storage.ts';

export interface QueuePanelProps {
  queues: SiteQueue[];
  loaded: boolean;
  /** The agent's sites, for their names. */
  sites: AgentSite[];
}

/** localStorage key remembering whether the agent folded the panel away. */
const FOLDED_STORAGE_KEY = 'parley:queues-folded';

/** A queue is at its cap when nobody else may join it. */
function isFull(waiting: number, max: number): boolean {
  return waiting >= max;
}

/** Renders nothing until the first overview; then one block per site. */
export function QueuePanel({ queues, loaded, sites }: QueuePanelProps) {
  const { t } = useI18n();
  const [folded, setFolded] = useState(() => readStored(FOLDED_STORAGE_KEY) === '1');
  if (!loaded && queues.length === 0) {
    return <p class="queue-panel queue-note">{t.queues.loading}</p>;
  }
  if (queues.length === 0) return null;

  const totalWaiting = queues.reduce((sum, q) => sum + q.waiting, 0);
  const anyFull = queues.some((q) => isFull(q.waiting, q.maxWaitingTotal) || q.channels.some((c) => isFull(c.waiting, c.maxWaiting)));

  function toggle() {
    writeStored(FOLDED_STORAGE_KEY, folded ? null : '1');
    setFolded(!folded);
  }

  return (
    <section class="queue-panel" aria-label={t.queues.heading}>
      <h2>
        <button type="button" class="section-toggle" aria-expanded={!folded} onClick={toggle}>
          <span class="chevron" aria-hidden="true">
            {folded ? '▸' : '▾'}
          </span>
          <span>{t.queues.heading}</span>
          <span class={`count${anyFull ? ' full' : ''}`}>{totalWaiting}</span>
        </button>
      </h2>
      {/* Folded with CSS rather than unmounted, so the counts stay in the page for anyone reading them. */}
      <div class="queue-sites" hidden={folded}>
        {queues.map((queue) => (
          <SiteBlock key={queue.siteId} queue={queue} name={sites.find((s) => s.id === queue.siteId)?.name ?? null} />
        ))}
      </div>
    </section>
  );
}

function SiteBlock({ queue, name }: { queue: SiteQueue; name: string | null }) {
  const { t } = useI18n();
  const full = isFull(queue.waiting, queue.maxWaitingTotal);
  return (
    <div class="queue-site-block">
      <div
        class={`queue-site${full ? ' full' : ''}`}
        data-testid="queue-site"
        data-site-id={queue.siteId}
        data-waiting={queue.waiting}
        data-max={queue.maxWaitingTotal}
        data-full={String(full)}
        title={full ? t.queues.full : t.queues.waitingTitle(queue.waiting, queue.maxWaitingTotal)}
      >
        <span class="queue-site-name">{name ?? t.queues.total}</span>
        <span class="queue-count">{`${queue.waiting} / ${queue.maxWaitingTotal}`}</span>
      </div>
      <ul class="queue-channels">
        {queue.channels.map((channel) => (
          <ChannelRow key={channel.channelId} channel={channel} />
        ))}
      </ul>
    </div>
  );
}

function ChannelRow({ channel }: { channel: ChannelQueue }) {
  const { t } = useI18n();
  const full = isFull(channel.waiting, channel.maxWaiting);
  const online = channel.agentsOnline > 0;
  return (
    <li
      class={`queue-channel${full ? ' full' : ''}`}
      data-testid="queue-channel"
      data-channel-id={channel.channelId}
      data-waiting={channel.waiting}
      data-max={channel.maxWaiting}
      data-full={String(full)}
      data-routing={channel.routingMode}
      data-agents-online={channel.agentsOnline}
    >
      <span class="queue-channel-name">{channel.name}</span>
      <span class={`routing-badge ${channel.routingMode}`} title={t.queues.routingTitle[channel.routingMode]}>
        {t.queues.routing[channel.routingMode]}
      </span>
      {/* Just a dot and a number, so the channel's name keeps room in a narrow column. */}
      <span
        class={`queue-agents${online ? ' online' : ''}`}
        title={t.queues.agentsOnlineTitle(channel.agentsOnline)}
        aria-label={t.queues.agentsOnlineTitle(channel.agentsOnline)}
        role="img"
      >
        <span class={`status-dot ${online ? 'online' : 'offline'}`} aria-hidden="true" />
        <span aria-hidden="true">{channel.agentsOnline}</span>
      </span>
      <span class="queue-count" title={full ? t.queues.full : t.queues.waitingTitle(channel.waiting, channel.maxWaiting)}>
        {`${channel.waiting} / ${channel.maxWaiting}`}
      </span>
    </li>
  );
}

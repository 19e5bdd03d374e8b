/**
 * The live strip at the top of the dashboard: agents online, active chats, and waiting visitors
 * per channel against each cap (live from the socket), with today's totals (polled).
 */
import type { MetricSummary } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { useDashboardText } from './i18n.ts';
import { formatCount } from './kpi.ts';
import type { LiveState, NowSummary } from './live.ts';

export function NowStrip({ live, now, today }: { live: LiveState; now: NowSummary | null; today: MetricSummary | null }) {
  const d = useDashboardText();
  const { lang } = useI18n();
  return (
    <section class="dash-now" data-testid="now-strip" data-status={live.status} aria-labelledby="now-heading">
      <h2 id="now-heading" class="dash-now-heading">
        <span class={`dash-live-dot ${live.status}`} aria-hidden="true" />
        {d.now.heading}
      </h2>
      {!now ? (
        <p class="dash-now-note" role="status">
          {live.status === 'unavailable' ? d.now.unavailable : d.now.connecting}
        </p>
      ) : (
        <div class="dash-now-figures">
          <div class="dash-now-figure" data-testid="now-online" data-value={now.agentsOnline}>
            <span class="dash-now-value">
              {now.agentsOnline}
              <span class="dash-now-of"> / {now.agentsTotal}</span>
            </span>
            <span class="dash-now-label">{d.now.agentsOnline}</span>
          </div>
          <div class="dash-now-figure" data-testid="now-active" data-value={now.activeChats}>
            <span class="dash-now-value">{now.activeChats}</span>
            <span class="dash-now-label">{d.now.activeChats}</span>
          </div>
          <div
            class={`dash-now-figure${now.siteFull ? ' full' : ''}`}
            data-testid="now-waiting"
            data-value={now.waiting}
            data-max={now.maxWaitingTotal}
          >
            <span class="dash-now-value">{d.now.ofCap(now.waiting, now.maxWaitingTotal)}</span>
            <span class="dash-now-label">
              {d.now.waiting} · {d.now.siteTotal}
            </span>
          </div>
          <ul class="dash-now-channels" aria-label={d.now.waiting}>
            {now.channels.map((channel) => (
              <li
                key={channel.channelId}
                class={`dash-now-channel${channel.full ? ' full' : ''}`}
                data-testid="now-channel"
                data-channel-id={channel.channelId}
                data-waiting={channel.waiting}
                data-max={channel.maxWaiting}
                data-full={String(channel.full)}
                title={d.now.channelTitle(channel.name, channel.waiting, channel.maxWaiting, channel.agentsOnline)}
              >
                <span class="dash-now-channel-name">{channel.name}</span>
                <span class="dash-now-channel-count">{d.now.ofCap(channel.waiting, channel.maxWaiting)}</span>
                {channel.full && <span class="dash-now-full">{d.now.full}</span>}
              </li>
            ))}
          </ul>
          {today && (
            <div class="dash-now-figure today" data-testid="now-today" data-value={today.started}>
              <span class="dash-now-value">{formatCount(today.started, lang)}</span>
              <span class="dash-now-label">{d.now.todayStarted}</span>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

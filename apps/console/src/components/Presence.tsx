/** The agent's availability switch and load, in the top bar; both follow `agent:state` live. */
import { useState } from 'preact/hooks';
import type { AgentState, AgentStatus } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { useI18n } from '../i18n-context.ts';
import { atCapacity } from '../store.ts';

export interface PresenceProps {
  /** Null until the server has told the console the agent's state. */
  me: AgentState | null;
  /** Resolves with the error, if any; on success the new state arrives through the store. */
  onSetStatus(status: AgentStatus): Promise<UiError | null>;
  /** The away status was set by auto-away (no activity for a while), not by the agent. */
  autoAway?: boolean;
}

const STATUSES: readonly AgentStatus[] = ['online', 'away', 'offline'];

/** A coloured dot, a status select and "2 / 3 chats". */
export function Presence({ me, onSetStatus, autoAway = false }: PresenceProps) {
  const { t } = useI18n();
  const [pending, setPending] = useState<AgentStatus | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const status = pending ?? me?.status ?? null;
  const full = me !== null && atCapacity(me);
  const auto = autoAway && status === 'away';

  async function change(next: AgentStatus) {
    if (next === me?.status) return;
    setPending(next);
    setError(null);
    const failure = await onSetStatus(next);
    setPending(null);
    // On failure the select falls back to the status the server last reported.
    if (failure) setError(failure);
  }

  return (
    <div class="presence">
      <label
        class={`status-switch${auto ? ' auto' : ''}`}
        title={auto ? t.inbox.presence.autoAwayTitle : t.presence.label}
        data-auto-away={String(auto)}
      >
        <span class={`status-dot ${status ?? 'unknown'}`} aria-hidden="true" />
        <select
          data-testid="status-switch"
          aria-label={t.presence.label}
          aria-description={auto ? t.inbox.presence.autoAwayTitle : undefined}
          value={status ?? 'offline'}
          disabled={me === null || pending !== null}
          onChange={(event) => void change(event.currentTarget.value as AgentStatus)}
        >
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value === 'away' && auto ? t.inbox.presence.autoAway : t.presence.status[value]}
            </option>
          ))}
        </select>
      </label>
      {me && (
        <span
          class={`agent-load${full ? ' full' : ''}`}
          title={full ? t.presence.atCapacity : t.presence.loadTitle(me.activeChats, me.maxChats)}
        >
          <span data-testid="agent-load" data-active={me.activeChats} data-max={me.maxChats}>
            {`${me.activeChats} / ${me.maxChats}`}
          </span>{' '}
          <span class="agent-load-unit">{t.presence.chats}</span>
        </span>
      )}
      {error && (
        <span class="presence-error" role="alert" title={errorText(error, t)}>
          {errorText(error, t)}
        </span>
      )}
    </div>
  );
}

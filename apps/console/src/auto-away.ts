/**
 * Auto-away: an online agent who has not touched the console (keyboard, mouse, touch) for ten
 * minutes is set to away, and set back online on their next activity, but only when auto-away
 * was what made them away. A status the agent picked themselves is never overridden. Pure: the
 * hook feeds it events and carries out the status change it returns.
 */
import type { AgentStatus } from '@parley/protocol';

export const AUTO_AWAY_MS = 10 * 60_000;

export interface AutoAwayState {
  /** When the agent last used the console (ms since the epoch). */
  lastActivity: number;
  /** True while the away status is one auto-away set. */
  auto: boolean;
}

export type AutoAwayEvent =
  /** A key press, pointer move, click, wheel or touch in the console. */
  | { type: 'activity'; at: number }
  /** A periodic check. */
  | { type: 'tick'; at: number }
  /** The agent picked a status themselves. */
  | { type: 'manual' }
  /** The status change asked for did not go through (disconnected, refused): try again later. */
  | { type: 'failed'; set: AgentStatus };

export interface AutoAwayStep {
  state: AutoAwayState;
  /** The status to set now, if any. */
  set: AgentStatus | null;
}

export function initialAutoAway(now: number): AutoAwayState {
  return { lastActivity: now, auto: false };
}

/** Applies one event, given the agent's current status (null while not known). */
export function autoAwayStep(state: AutoAwayState, event: AutoAwayEvent, status: AgentStatus | null): AutoAwayStep {
  switch (event.type) {
    case 'manual':
      return { state: state.auto ? { ...state, auto: false } : state, set: null };
    case 'failed':
      // Not away after all: the next check tries again. Still away: the next activity tries again.
      if (event.set === 'away') return { state: { ...state, auto: false }, set: null };
      if (event.set === 'online') return { state: { ...state, auto: true }, set: null };
      return { state, set: null };
    case 'activity': {
      const next = { lastActivity: event.at, auto: false };
      // Back only from the away auto-away set; if something else changed the status since, keep it.
      return { state: next, set: state.auto && status === 'away' ? 'online' : null };
    }
    case 'tick':
      if (!state.auto && status === 'online' && event.at - state.lastActivity >= AUTO_AWAY_MS) {
        return { state: { ...state, auto: true }, set: 'away' };
      }
      return { state, set: null };
  }
}

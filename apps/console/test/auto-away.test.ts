import { describe, expect, it } from 'vitest';
import { AUTO_AWAY_MS, autoAwayStep, initialAutoAway, type AutoAwayEvent, type AutoAwayState } from '../src/auto-away.ts';
import type { AgentStatus } from '@parley/protocol';

const T0 = 1_000_000;

/** Runs events against a status that follows what the machine sets (as the server would). */
function play(events: AutoAwayEvent[], status: AgentStatus, state: AutoAwayState = initialAutoAway(T0)) {
  const sets: (AgentStatus | null)[] = [];
  for (const event of events) {
    const step = autoAwayStep(state, event, status);
    state = step.state;
    sets.push(step.set);
    if (step.set) status = step.set;
  }
  return { state, status, sets };
}

describe('auto-away', () => {
  it('sets an online agent away after ten minutes without activity, once', () => {
    const { sets, status, state } = play(
      [
        { type: 'tick', at: T0 + AUTO_AWAY_MS - 1 },
        { type: 'tick', at: T0 + AUTO_AWAY_MS },
        { type: 'tick', at: T0 + AUTO_AWAY_MS + 60_000 },
      ],
      'online',
    );
    expect(sets).toEqual([null, 'away', null]);
    expect(status).toBe('away');
    expect(state.auto).toBe(true);
  });

  it('counts from the last activity', () => {
    const { sets } = play(
      [
        { type: 'activity', at: T0 + 5 * 60_000 },
        { type: 'tick', at: T0 + AUTO_AWAY_MS },
        { type: 'tick', at: T0 + 5 * 60_000 + AUTO_AWAY_MS },
      ],
      'online',
    );
    expect(sets).toEqual([null, null, 'away']);
  });

  it('brings the agent back online on their next activity', () => {
    const { sets, status, state } = play(
      [
        { type: 'tick', at: T0 + AUTO_AWAY_MS },
        { type: 'activity', at: T0 + AUTO_AWAY_MS + 1000 },
        { type: 'activity', at: T0 + AUTO_AWAY_MS + 2000 },
      ],
      'online',
    );
    expect(sets).toEqual(['away', 'online', null]);
    expect(status).toBe('online');
    expect(state.auto).toBe(false);
  });

  it('never touches an agent who is away or offline by choice', () => {
    expect(play([{ type: 'tick', at: T0 + 2 * AUTO_AWAY_MS }, { type: 'activity', at: T0 + 3 * AUTO_AWAY_MS }], 'away').sets).toEqual([
      null,
      null,
    ]);
    expect(play([{ type: 'tick', at: T0 + 2 * AUTO_AWAY_MS }], 'offline').sets).toEqual([null]);
    expect(play([{ type: 'tick', at: T0 + 2 * AUTO_AWAY_MS }], null as unknown as AgentStatus).sets).toEqual([null]);
  });

  it('lets go when the agent picks a status themselves while auto-away', () => {
    const away = play([{ type: 'tick', at: T0 + AUTO_AWAY_MS }], 'online');
    const { sets } = play([{ type: 'manual' }, { type: 'activity', at: T0 + AUTO_AWAY_MS + 1000 }], 'away', away.state);
    expect(sets).toEqual([null, null]);
  });

  it('does not force online when something else changed the status meanwhile', () => {
    const away = play([{ type: 'tick', at: T0 + AUTO_AWAY_MS }], 'online');
    // e.g. an admin or another tab set the agent offline
    const { sets, state } = play([{ type: 'activity', at: T0 + AUTO_AWAY_MS + 1000 }], 'offline', away.state);
    expect(sets).toEqual([null]);
    expect(state.auto).toBe(false);
  });
});

describe('auto-away when the status change fails', () => {
  it('tries to go away again at the next check', () => {
    const away = play([{ type: 'tick', at: T0 + AUTO_AWAY_MS }], 'online');
    // The request was lost (disconnected): the server still says online.
    const failed = autoAwayStep(away.state, { type: 'failed', set: 'away' }, 'online');
    expect(failed.state.auto).toBe(false);
    expect(autoAwayStep(failed.state, { type: 'tick', at: T0 + AUTO_AWAY_MS + 15_000 }, 'online').set).toBe('away');
  });

  it('tries to come back online at the next activity', () => {
    const away = play([{ type: 'tick', at: T0 + AUTO_AWAY_MS }], 'online');
    const back = autoAwayStep(away.state, { type: 'activity', at: T0 + AUTO_AWAY_MS + 1000 }, 'away');
    expect(back.set).toBe('online');
    const failed = autoAwayStep(back.state, { type: 'failed', set: 'online' }, 'away');
    expect(autoAwayStep(failed.state, { type: 'activity', at: T0 + AUTO_AWAY_MS + 2000 }, 'away').set).toBe('online');
  });
});

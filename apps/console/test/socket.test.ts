import { EVENTS } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { toUiError } from '../src/errors.ts';
import { EventEmitter } from 'node:events';
import { bindServerEvents, isUnauthorizedConnectError, serverEvents, type AgentSocket } from '../src/socket.ts';
import type { Action } from '../src/store.ts';
import { initialState, reducer } from '../src/store.ts';
import { conversation, message } from './fixtures.ts';

describe('server event table', () => {
  it('turns each server event into a state change', () => {
    const c = conversation();
    let state = reducer(initialState, serverEvents[EVENTS.conversationCreated]!(c));
    state = reducer(state, serverEvents[EVENTS.conversationUpdated]!({ ...c, status: 'active' }));
    state = reducer(state, serverEvents[EVENTS.messageNew]!(message(c.id, 1)));
    expect(state.conversations[c.id]).toMatchObject({ status: 'active', lastSeq: 1 });
  });

  it('unpacks a batch of conversation updates into one action each, and unsubscribes', () => {
    const socket = new EventEmitter();
    const actions: Action[] = [];
    const unbind = bindServerEvents(socket as unknown as AgentSocket, (a) => actions.push(a));
    const a = conversation();
    const b = conversation();
    socket.emit(EVENTS.conversationsUpdated, [a, b]);
    expect(actions).toEqual([
      { type: 'conversationUpdated', conversation: a },
      { type: 'conversationUpdated', conversation: b },
    ]);
    unbind();
    socket.emit(EVENTS.conversationsUpdated, [a]);
    expect(actions).toHaveLength(2);
  });
});

describe('errors', () => {
  it('recognises a refused token in a connect error', () => {
    expect(isUnauthorizedConnectError(new Error('UNAUTHORIZED'))).toBe(true);
    expect(isUnauthorizedConnectError(Object.assign(new Error('x'), { data: { code: 'UNAUTHORIZED' } }))).toBe(true);
    expect(isUnauthorizedConnectError(new Error('websocket error'))).toBe(false);
  });

  it('keeps the server message and falls back to the catalogue', () => {
    expect(toUiError({ code: 'QUEUE_FULL', message: 'Busy' })).toEqual({ code: 'QUEUE_FULL', message: 'Busy' });
    expect(toUiError({ code: 'NOT_FOUND' })).toEqual({ code: 'NOT_FOUND', message: 'Not found.' });
    expect(toUiError('garbage', 'UNAVAILABLE').code).toBe('UNAVAILABLE');
  });
});

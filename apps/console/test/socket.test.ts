import { EVENTS } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { toUiError } from '../src/errors.ts';
import { EventEmitter } from 'node:events';
import { bindServerEvents, isUnauthorizedConnectError, serverEvents, type AgentSocket } from '../src/socket.ts';
import type { Action } from '../src/store.ts';
import { initialState, reducer } from '../src/store.ts';
import { agentState, conversation, message } from './fixtures.ts';

describe('server event table', () => {
  it('turns each server event into a state change', () => {
    const c = conversation();
    let state = reducer(initialState, serverEvents[EVENTS.conversationCreated]!(c));
    state = reducer(state, serverEvents[EVENTS.conversationUpdated]!({ ...c, status: 'active' }));
    state = reducer(state, serverEvents[EVENTS.messageNew]!(message(c.id, 1)));
    expect(state.conversations[c.id]).toMatchObject({ status: 'active', lastSeq: 1 });
  });

  it('unpacks a batch of conversation activity into one action each, and unsubscribes', () => {
    const socket = new EventEmitter();
    const actions: Action[] = [];
    const unbind = bindServerEvents(socket as unknown as AgentSocket, (a) => actions.push(a));
    const a = { id: conversation().id, lastSeq: 3, lastMessage: { text: 'hi', sender: 'visitor' as const, createdAt: new Date().toISOString() } };
    const b = { id: conversation().id, lastSeq: 7 };
    socket.emit(EVENTS.conversationsActivity, [a, b]);
    expect(actions).toEqual([
      { type: 'conversationActivity', activity: a },
      { type: 'conversationActivity', activity: b },
    ]);
    unbind();
    socket.emit(EVENTS.conversationsActivity, [a]);
    expect(actions).toHaveLength(2);
  });

  it('unpacks a list of new conversations into one action each', () => {
    const socket = new EventEmitter();
    const actions: Action[] = [];
    bindServerEvents(socket as unknown as AgentSocket, (a) => actions.push(a));
    const [a, b] = [conversation(), conversation()];
    socket.emit(EVENTS.conversationsCreated, [a, b]);
    expect(actions).toEqual([
      { type: 'conversationCreated', conversation: a },
      { type: 'conversationCreated', conversation: b },
    ]);
  });

  it('unpacks a batch of agent states into one action each, and unsubscribes', () => {
    const socket = new EventEmitter();
    const actions: Action[] = [];
    const unbind = bindServerEvents(socket as unknown as AgentSocket, (a) => actions.push(a));
    const a = agentState({ agentId: 'a', activeChats: 1 });
    const b = agentState({ agentId: 'b', status: 'away' });
    socket.emit(EVENTS.agentsState, [a, b]);
    expect(actions).toEqual([
      { type: 'agentState', agent: a },
      { type: 'agentState', agent: b },
    ]);
    unbind();
    socket.emit(EVENTS.agentsState, [a]);
    expect(actions).toHaveLength(2);
  });

  it('applies batched activity to a conversation it holds, never backwards, and ignores others', () => {
    const c = conversation({ lastSeq: 2 });
    let state = reducer(initialState, serverEvents[EVENTS.conversationCreated]!(c));
    const createdAt = new Date().toISOString();
    state = reducer(state, { type: 'conversationActivity', activity: { id: c.id, lastSeq: 5, lastMessage: { text: 'new', sender: 'visitor', createdAt } } });
    expect(state.conversations[c.id]).toMatchObject({ lastSeq: 5, lastMessage: { text: 'new', sender: 'visitor' } });
    const same = reducer(state, { type: 'conversationActivity', activity: { id: c.id, lastSeq: 4 } });
    expect(same).toBe(state);
    expect(reducer(state, { type: 'conversationActivity', activity: { id: conversation().id, lastSeq: 9 } })).toBe(state);
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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand, type CommandTarget } from '../src/app/commands.ts';
import { createHostEvents, type HostEvents } from '../src/app/host.ts';
import { toIdentity } from '../src/app/identity.ts';
import { createCommandQueue, needsApp } from '../src/loader/queue.ts';

/** A command target that records which chat actions ran, with real host events. */
function recordingTarget(calls: unknown[][]): CommandTarget & { events: HostEvents } {
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  return {
    chat: {
      open: record('open'),
      close: record('close'),
      toggle: record('toggle'),
      show: record('show'),
      hide: record('hide'),
      identify: async (data) => void calls.push(['identify', data]),
      reset: record('reset'),
    },
    events: createHostEvents(),
  };
}

describe('host-page commands', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs open, close, toggle, show, hide, identify and reset', () => {
    const calls: unknown[][] = [];
    const target = recordingTarget(calls);
    for (const command of ['open', 'close', 'toggle', 'show', 'hide', 'reset']) runCommand(target, command, []);
    runCommand(target, 'identify', [{ name: 'Mai' }]);
    expect(calls).toEqual([['open'], ['close'], ['toggle'], ['show'], ['hide'], ['reset'], ['identify', { name: 'Mai' }]]);
  });

  it('ignores unknown commands, including Object.prototype names, with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const calls: unknown[][] = [];
    for (const command of ['send', 'toString', '__proto__']) runCommand(recordingTarget(calls), command, []);
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('registers and removes event handlers with on / off', () => {
    const target = recordingTarget([]);
    const heard: unknown[] = [];
    const handler = (count: unknown) => heard.push(count);
    runCommand(target, 'on', ['unread', handler]);
    target.events.emit('unread', 2);
    runCommand(target, 'off', ['unread', handler]);
    target.events.emit('unread', 3);
    expect(heard).toEqual([2]);
  });

  it('reports a command that throws instead of breaking the host page', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const target = recordingTarget([]);
    target.chat.open = () => {
      throw new Error('boom');
    };
    expect(() => runCommand(target, 'open', [])).not.toThrow();
    expect(error).toHaveBeenCalled();
  });
});

describe('host events', () => {
  afterEach(() => vi.restoreAllMocks());

  it('calls every handler of an event with its payload, in order', () => {
    const events = createHostEvents();
    const heard: string[] = [];
    events.on('message', (m: unknown) => heard.push(`a:${(m as { text: string }).text}`));
    events.on('message', (m: unknown) => heard.push(`b:${(m as { text: string }).text}`));
    events.emit('message', { text: 'hi' });
    expect(heard).toEqual(['a:hi', 'b:hi']);
  });

  it('keeps calling the other handlers when one throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const events = createHostEvents();
    const heard: string[] = [];
    events.on('opened', () => {
      throw new Error('host bug');
    });
    events.on('opened', () => heard.push('second'));
    events.emit('opened');
    expect(heard).toEqual(['second']);
  });

  it("remembers 'ready': a handler added afterwards runs at once", () => {
    const events = createHostEvents();
    events.emit('ready');
    const ready = vi.fn();
    events.on('ready', ready);
    expect(ready).toHaveBeenCalledTimes(1);
    events.on('opened', ready); // other events are not replayed
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('off without a handler removes all handlers of the event', () => {
    const events = createHostEvents();
    const closed = vi.fn();
    events.on('closed', closed);
    events.on('closed', () => closed());
    events.off('closed');
    events.emit('closed');
    expect(closed).not.toHaveBeenCalled();
  });

  it('warns about unknown events and handlers that are not functions', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const events = createHostEvents();
    events.on('clicked', () => {});
    events.on('opened', 'not a function');
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('the loader queue (window.Parley before the app has loaded)', () => {
  it("replays the host-page stub's queue, then later calls, in order, once the app attaches", () => {
    const stub = [['on', 'ready', 'fn'], ['identify', { name: 'Mai' }]];
    const early: string[] = [];
    const queue = createCommandQueue(stub, (command) => early.push(command));
    queue.call('open', []);
    expect(early).toEqual(['on', 'identify', 'open']); // seen as they are queued

    const handled: unknown[][] = [];
    queue.attach((command, args) => handled.push([command, ...args]));
    expect(handled).toEqual([['on', 'ready', 'fn'], ['identify', { name: 'Mai' }], ['open']]);
  });

  it('forwards calls straight to the app once attached', () => {
    const early: string[] = [];
    const queue = createCommandQueue(undefined, (command) => early.push(command));
    const handled: string[] = [];
    queue.attach((command) => handled.push(command));
    queue.call('toggle', []);
    expect(handled).toEqual(['toggle']);
    expect(early).toEqual([]);
  });

  it('reads the arguments objects a stub pushes (array-likes)', () => {
    function stubCall(..._args: unknown[]) {
      // eslint-disable-next-line prefer-rest-params
      return arguments;
    }
    const queue = createCommandQueue([stubCall('hide'), stubCall('on', 'unread', 1)], () => {});
    const handled: unknown[][] = [];
    queue.attach((command, args) => handled.push([command, ...args]));
    expect(handled).toEqual([['hide'], ['on', 'unread', 1]]);
  });

  it('imports the app only for commands that need it', () => {
    expect(['open', 'close', 'toggle', 'identify', 'reset'].every(needsApp)).toBe(true);
    expect(['on', 'off', 'show', 'hide'].some(needsApp)).toBe(false);
  });
});

describe('identify arguments', () => {
  it('keeps known fields of the right type, trimmed', () => {
    expect(
      toIdentity({
        name: ' Mai ',
        email: 'mai@example.com',
        userId: 42,
        identityToken: 'a.b.c',
        attributes: { plan: 'pro', orders: 3, vip: true, nested: { no: 1 }, list: [1] },
        extra: 'dropped',
      }),
    ).toEqual({
      name: 'Mai',
      email: 'mai@example.com',
      userId: '42',
      identityToken: 'a.b.c',
      attributes: { plan: 'pro', orders: 3, vip: true },
    });
  });

  it('refuses what is not an object or leaves nothing', () => {
    for (const value of [null, undefined, 'Mai', 42, [], {}, { name: '  ' }, { userId: Number.NaN }]) {
      expect(toIdentity(value)).toBeNull();
    }
  });
});

/**
 * Host-page commands (`window.Parley('open')`), allow-listed: only names in this table run.
 * Add a command by adding an entry; its arguments are the extra arguments of the call.
 */
import type { Chat } from './chat.ts';
import type { HostEvents } from './host.ts';

export interface CommandTarget {
  chat: Pick<Chat, 'open' | 'close' | 'toggle' | 'show' | 'hide' | 'identify' | 'reset'>;
  events: Pick<HostEvents, 'on' | 'off'>;
}

type Command = (target: CommandTarget, args: unknown[]) => void;

const commands: Record<string, Command> = {
  open: ({ chat }) => chat.open(),
  close: ({ chat }) => chat.close(),
  toggle: ({ chat }) => chat.toggle(),
  show: ({ chat }) => chat.show(),
  hide: ({ chat }) => chat.hide(),
  identify: ({ chat }, [data]) => void chat.identify(data),
  reset: ({ chat }) => chat.reset(),
  on: ({ events }, [event, handler]) => events.on(event, handler),
  off: ({ events }, [event, handler]) => events.off(event, handler),
};

/** Runs a host-page command; unknown names are ignored with a warning. */
export function runCommand(target: CommandTarget, command: string, args: unknown[]): void {
  // hasOwn, so names such as 'toString' or '__proto__' never reach Object.prototype.
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) {
    console.warn(`[parley] unknown command "${command}"`);
    return;
  }
  try {
    run(target, args);
  } catch (error) {
    console.error(`[parley] command "${command}" failed`, error);
  }
}

/**
 * Host-page commands (`window.Parley('open')`), allow-listed: only names in this table run.
 * Add a command by adding an entry; its arguments are the extra arguments of the call.
 */
import type { Chat } from './chat.ts';

type Command = (chat: Chat, args: unknown[]) => void;

const commands: Record<string, Command> = {
  open: (chat) => chat.open(),
  close: (chat) => chat.close(),
  toggle: (chat) => chat.toggle(),
};

/** Runs a host-page command; unknown names are ignored with a warning. */
export function runCommand(chat: Chat, command: string, args: unknown[]): void {
  // hasOwn, so names such as 'toString' or '__proto__' never reach Object.prototype.
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) {
    console.warn(`[parley] unknown command "${command}"`);
    return;
  }
  run(chat, args);
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Chat } from '../src/app/chat.ts';
import { runCommand } from '../src/app/commands.ts';

function recordingChat(calls: string[]): Chat {
  const record = (name: string) => () => void calls.push(name);
  return {
    init: record('init'),
    open: record('open'),
    close: record('close'),
    toggle: record('toggle'),
    send: () => true,
    retry: record('retry'),
    retrySession: record('retrySession'),
    chooseChannel: record('chooseChannel'),
    setDraft: record('setDraft'),
    setLeaveField: record('setLeaveField'),
    leaveMessage: () => null,
    dismissLeave: record('dismissLeave'),
  };
}

describe('host-page commands', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs open, close and toggle', () => {
    const calls: string[] = [];
    const chat = recordingChat(calls);
    for (const command of ['open', 'close', 'toggle']) runCommand(chat, command, []);
    expect(calls).toEqual(['open', 'close', 'toggle']);
  });

  it('ignores unknown commands, including Object.prototype names, with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const calls: string[] = [];
    for (const command of ['send', 'toString', '__proto__']) runCommand(recordingChat(calls), command, []);
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(3);
  });
});

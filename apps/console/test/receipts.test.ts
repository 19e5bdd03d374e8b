import { describe, expect, it } from 'vitest';
import { readSeqToSend, seenMessageId, type ReadInput } from '../src/receipts.ts';
import { conversation, message } from './fixtures.ts';

const ME = '00000000-0000-4000-8000-0000000000aa';
const mine = conversation({ status: 'active', agentId: ME, lastSeq: 3, agentReadSeq: 1 });
const history = [message(mine.id, 1), message(mine.id, 2, { sender: 'agent' }), message(mine.id, 3)];
const input = (overrides: Partial<ReadInput> = {}): ReadInput => ({
  conversation: mine,
  messages: history,
  agentId: ME,
  viewing: true,
  sent: 0,
  ...overrides,
});

describe('readSeqToSend', () => {
  it('reports the last seq on screen when a visitor message past the last receipt is there', () => {
    expect(readSeqToSend(input())).toBe(3);
  });

  it('reports nothing while the agent cannot see it (hidden tab, blurred window, other page)', () => {
    expect(readSeqToSend(input({ viewing: false }))).toBeNull();
  });

  it('reports each seq once: not again after sending, nor what the server already has', () => {
    expect(readSeqToSend(input({ sent: 3 }))).toBeNull();
    expect(readSeqToSend(input({ conversation: { ...mine, agentReadSeq: 3 } }))).toBeNull();
  });

  it('does not report for the agent’s own messages alone', () => {
    const messages = [...history, message(mine.id, 4, { sender: 'agent' })];
    expect(readSeqToSend(input({ messages, sent: 3 }))).toBeNull();
  });

  it('ignores internal notes and system lines when looking for unread visitor messages', () => {
    const messages = [message(mine.id, 1), message(mine.id, 2, { sender: 'system' }), message(mine.id, 3, { sender: 'agent', internal: true })];
    expect(readSeqToSend(input({ messages, sent: 1 }))).toBeNull();
  });

  it('only counts for the assigned agent of an active chat', () => {
    expect(readSeqToSend(input({ conversation: { ...mine, agentId: 'someone-else' } }))).toBeNull();
    expect(readSeqToSend(input({ conversation: { ...mine, status: 'waiting', agentId: null } }))).toBeNull();
    expect(readSeqToSend(input({ conversation: { ...mine, status: 'closed' } }))).toBeNull();
    expect(readSeqToSend(input({ agentId: null }))).toBeNull();
  });

  it('has nothing to report before the history has loaded', () => {
    expect(readSeqToSend(input({ messages: [] }))).toBeNull();
  });
});

describe('seenMessageId', () => {
  const c = conversation();
  const messages = [
    message(c.id, 1),
    message(c.id, 2, { sender: 'agent' }),
    message(c.id, 3, { sender: 'agent' }),
    message(c.id, 4, { sender: 'agent', internal: true }),
    message(c.id, 5, { sender: 'system' }),
  ];

  it('marks the agent’s last reply once the visitor has read up to it', () => {
    expect(seenMessageId(messages, 3)).toBe(messages[2]!.id);
    expect(seenMessageId(messages, 5)).toBe(messages[2]!.id);
  });

  it('marks nothing while the last reply is unread, even if earlier ones were read', () => {
    expect(seenMessageId(messages, 2)).toBeNull();
    expect(seenMessageId(messages, 0)).toBeNull();
  });

  it('marks nothing without replies (notes and system lines are not replies)', () => {
    expect(seenMessageId([message(c.id, 1), message(c.id, 2, { sender: 'agent', internal: true })], 9)).toBeNull();
  });
});

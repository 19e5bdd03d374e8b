import { describe, expect, it } from 'vitest';
import {
  addPending,
  applyConversation,
  initialState,
  readReceiptSeq,
  receiveMessage,
  seenKey,
  updateConversation,
  type WidgetState,
} from '../src/app/store.ts';
import { conversation, message } from './fixtures.ts';

const own = (seq: number, clientId: string | null = `c${seq}`) => message(seq, { sender: 'visitor', clientId, authorName: null });

/** A conversation holding: agent 1, visitor 2, visitor 3, agent 4 (the agent side read up to `agentReadSeq`). */
function chat(agentReadSeq: number): WidgetState {
  const c = conversation({ status: 'active', lastSeq: 4, agentReadSeq });
  return applyConversation({ ...initialState('en'), conversation: c }, c, [message(1), own(2), own(3), message(4)]);
}

describe('"Seen" under the visitor\'s last message', () => {
  it("shows once the agent side's read position reaches the visitor's last message", () => {
    expect(seenKey(chat(0))).toBeNull();
    expect(seenKey(chat(2))).toBeNull(); // an earlier message only
    expect(seenKey(chat(3))).toBe('c3');
    expect(seenKey(chat(4))).toBe('c3'); // agent messages after it do not move it
  });

  it('uses the message id for a message without clientId (the row key)', () => {
    const c = conversation({ status: 'active', lastSeq: 1, agentReadSeq: 1 });
    const state = applyConversation({ ...initialState('en'), conversation: c }, c, [own(1, null)]);
    expect(seenKey(state)).toBe(message(1).id);
  });

  it('follows conversation:updated (agentReadSeq)', () => {
    let state = chat(0);
    state = updateConversation(state, { ...state.conversation!, agentReadSeq: 3 });
    expect(seenKey(state)).toBe('c3');
  });

  it('moves to a newer message only once that one is read, and shows nothing while one is on its way', () => {
    let state = addPending(chat(3), 'c5', 'one more');
    expect(seenKey(state)).toBeNull();
    state = receiveMessage(state, own(5));
    expect(seenKey(state)).toBeNull();
    state = updateConversation(state, { ...state.conversation!, lastSeq: 5, agentReadSeq: 5 });
    expect(seenKey(state)).toBe('c5');
  });

  it('shows nothing without a conversation or without own messages', () => {
    expect(seenKey(initialState('en'))).toBeNull();
    const c = conversation({ status: 'active', lastSeq: 1, agentReadSeq: 1 });
    expect(seenKey(applyConversation({ ...initialState('en'), conversation: c }, c, [message(1)]))).toBeNull();
  });
});

describe('read receipts sent by the visitor', () => {
  const withVisitorRead = (visitorReadSeq: number) => {
    const state = chat(0);
    return { ...state, conversation: { ...state.conversation!, visitorReadSeq } };
  };

  it('carry the highest seq shown once an agent or system message is new to the visitor', () => {
    expect(readReceiptSeq(withVisitorRead(0), 0)).toBe(4);
    expect(readReceiptSeq(withVisitorRead(3), 0)).toBe(4);
  });

  it('are not sent again for what the server already has, or what was just sent', () => {
    expect(readReceiptSeq(withVisitorRead(4), 0)).toBeNull();
    expect(readReceiptSeq(withVisitorRead(0), 4)).toBeNull();
  });

  it("are not sent for the visitor's own messages alone, but then cover them", () => {
    let state = receiveMessage(withVisitorRead(4), own(5));
    expect(readReceiptSeq(state, 0)).toBeNull();
    state = receiveMessage(state, message(6));
    expect(readReceiptSeq(state, 0)).toBe(6);
    state = receiveMessage(state, own(7));
    expect(readReceiptSeq(state, 6)).toBeNull();
  });

  it('need a conversation', () => {
    expect(readReceiptSeq(initialState('en'), 0)).toBeNull();
  });
});

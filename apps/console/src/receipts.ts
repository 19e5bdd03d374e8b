/**
 * Read receipts both ways: when the console tells the server the agent has read a conversation,
 * and which of the agent's messages the visitor has seen. Pure, so it is unit-tested.
 */
import type { Conversation, Message } from '@parley/protocol';

export interface ReadInput {
  conversation: Pick<Conversation, 'id' | 'status' | 'agentId' | 'agentReadSeq'>;
  /** The open conversation's messages, by seq; empty while loading. */
  messages: readonly Pick<Message, 'seq' | 'sender' | 'internal'>[];
  /** The signed-in agent. */
  agentId: string | null;
  /** The conversation is on screen and the window has focus: the agent can actually see it. */
  viewing: boolean;
  /** The highest seq already reported for this conversation in this session. */
  sent: number;
}

/**
 * The seq to report with `conversation:read`, or null when there is nothing new to report. Only
 * the assigned agent's reading counts (a colleague looking in, or a peek at a waiting chat, must
 * not tell the visitor "seen"), only while they can see it, and only when a visitor message past
 * what was already reported is on screen.
 */
export function readSeqToSend({ conversation, messages, agentId, viewing, sent }: ReadInput): number | null {
  if (!viewing || agentId === null) return null;
  if (conversation.status !== 'active' || conversation.agentId !== agentId) return null;
  const last = messages.at(-1);
  if (!last) return null;
  const reported = Math.max(conversation.agentReadSeq, sent);
  const unseen = messages.some((m) => m.sender === 'visitor' && !m.internal && m.seq > reported);
  return unseen && last.seq > reported ? last.seq : null;
}

/**
 * The id of the agent's last message to the visitor (notes and system lines do not count), when
 * the visitor has read up to it: that message shows "Seen". Null otherwise.
 */
export function seenMessageId(
  messages: readonly Pick<Message, 'id' | 'seq' | 'sender' | 'internal'>[],
  visitorReadSeq: number,
): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.sender === 'agent' && !message.internal) return visitorReadSeq >= message.seq ? message.id : null;
  }
  return null;
}

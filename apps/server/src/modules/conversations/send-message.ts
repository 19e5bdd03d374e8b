/**
 * Stores a visitor's or agent's message exactly once per client id, through the batching writer.
 * An agent answering a waiting conversation claims it first (capacity and membership checked like
 * any claim).
 */
import type { Database } from '@parley/db';
import type { Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { mergeEffects, newEffects, type Effects } from '../../shared/effects.ts';
import { conversationFacts } from './conversation-facts.ts';
import { canAccess } from './load-conversation.ts';
import { toMessage } from './messages.repository.ts';
import { messageWriter, type WriteOutcome } from './message-writer.ts';
import { claimConversation } from './routing/claim-conversation.ts';

export interface SendMessageInput {
  conversationId: string;
  clientId: string;
  text: string;
  /** Agents only: a note other agents see and the visitor never does. */
  internal?: boolean;
}

export interface SendMessageResult {
  message: Message;
  /** False when this client id was already stored: a retry, acknowledged again, not re-sent. */
  created: boolean;
  effects: Effects;
}

export async function sendMessage(db: Database, actor: Actor, input: SendMessageInput): Promise<SendMessageResult> {
  const facts = await conversationFacts(db, input.conversationId);
  if (!facts || !canAccess(actor, facts)) throw new AppError('NOT_FOUND', 'Conversation not found.');
  const internal = actor.kind === 'agent' && input.internal === true;
  const write = (): Promise<WriteOutcome> =>
    messageWriter(db).write({
      conversationId: facts.id,
      siteId: facts.siteId,
      clientId: input.clientId,
      sender: actor.kind,
      agentId: actor.kind === 'agent' ? actor.agentId : null,
      authorName: actor.kind === 'agent' ? actor.name : null,
      text: input.text,
      internal,
    });
  let outcome = await write();
  let claimed: Effects | undefined;
  if (outcome.kind === 'needs-claim' && actor.kind === 'agent') {
    claimed = await claimConversation(db, actor, facts.id);
    outcome = await write();
  }
  if (outcome.kind === 'closed') throw new AppError('CONFLICT', 'This conversation has ended.');
  if (outcome.kind === 'needs-claim') throw new AppError('CONFLICT', 'This conversation is waiting to be claimed.');
  const message = toMessage(outcome.row);
  // The write's own Effects (its domain event) carry the message on, after the claim's (commit
  // order): no second Effects per message. The publisher refreshes the conversation's view (last
  // message, sequence) on its own.
  const recorded = outcome.kind === 'created' ? outcome.recorded : undefined;
  const effects = claimed && recorded ? mergeEffects(claimed, recorded) : (claimed ?? recorded ?? newEffects());
  if (recorded) effects.messages.push(message);
  return { message, created: outcome.kind === 'created', effects };
}

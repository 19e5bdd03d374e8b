/**
 * A message from the site's own software (REST API), shown under a bot's name. Stored exactly
 * once per client id through the same batching writer as any message, and published the same
 * way. A bot is not an agent: it claims nothing and does not count as the first agent reply (the
 * response-time KPIs stay human).
 */
import type { Database } from '@parley/db';
import type { Message } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { mergeEffects, newEffects, type Effects } from '../../shared/effects.ts';
import { conversationFacts } from './conversation-facts.ts';
import { toMessage } from './messages.repository.ts';
import { messageWriter } from './message-writer.ts';

export interface BotMessageInput {
  siteId: string;
  conversationId: string;
  clientId: string;
  botName: string;
  text: string;
  /** A note for agents only. */
  internal: boolean;
}

export async function sendBotMessage(db: Database, input: BotMessageInput): Promise<{ message: Message; created: boolean; effects: Effects }> {
  const facts = await conversationFacts(db, input.conversationId);
  if (!facts || facts.siteId !== input.siteId) throw new AppError('NOT_FOUND', 'Conversation not found.');
  const outcome = await messageWriter(db).write({
    conversationId: facts.id,
    siteId: facts.siteId,
    clientId: input.clientId,
    sender: 'bot',
    agentId: null,
    authorName: input.botName,
    text: input.text,
    internal: input.internal,
  });
  // (A bot never gets 'needs-claim': only agents' replies claim.)
  if (outcome.kind === 'closed' || outcome.kind === 'needs-claim') throw new AppError('CONFLICT', 'This conversation has ended.');
  const message = toMessage(outcome.row);
  const effects = newEffects();
  if (outcome.kind === 'created') {
    mergeEffects(effects, outcome.recorded);
    effects.messages.push(message);
  }
  return { message, created: outcome.kind === 'created', effects };
}

/** Decides which rooms hear about a conversation change or a new message. */
import { EVENTS, ROOMS, type Conversation, type Message } from '@parley/protocol';
import type { Realtime } from '../../socket/types.ts';
import { forVisitor } from './conversations.repository.ts';

export interface ConversationNotifier {
  conversationCreated(conversation: Conversation): void;
  conversationUpdated(conversation: Conversation): void;
  messagesCreated(messages: Message[], conversation: Conversation): void;
  /** Typing indicators go to the other side only, and are never stored. */
  typing(conversation: { id: string; visitorId: string }, from: 'visitor' | 'agent', typing: boolean, name: string | null): void;
}

export function createConversationNotifier({ visitors, agents }: Realtime): ConversationNotifier {
  const toVisitor = (c: { visitorId: string }) => visitors.to(ROOMS.visitor(c.visitorId));
  return {
    conversationCreated(c) {
      agents.to(ROOMS.siteAgents(c.siteId)).emit(EVENTS.conversationCreated, c);
      toVisitor(c).emit(EVENTS.conversationUpdated, forVisitor(c));
    },
    conversationUpdated(c) {
      agents.to(ROOMS.siteAgents(c.siteId)).emit(EVENTS.conversationUpdated, c);
      toVisitor(c).emit(EVENTS.conversationUpdated, forVisitor(c));
    },
    messagesCreated(messages, c) {
      for (const m of messages) {
        // Agents who opened the conversation get every message; the visitor never gets notes.
        agents.to(ROOMS.conversation(c.id)).emit(EVENTS.messageNew, m);
        if (!m.internal) toVisitor(c).emit(EVENTS.messageNew, m);
      }
      this.conversationUpdated(c);
    },
    typing(c, from, typing, name) {
      if (from === 'visitor') agents.to(ROOMS.conversation(c.id)).emit(EVENTS.typing, { conversationId: c.id, typing });
      else visitors.to(ROOMS.visitor(c.visitorId)).emit(EVENTS.typing, { conversationId: c.id, typing, name });
    },
  };
}

/** Visitor socket events: parse, call the domain, ack, notify. No rules live here. */
import type { Database } from '@parley/db';
import { EVENTS, ROOMS, type VisitorClientToServer } from '@parley/protocol';
import {
  conversationRefSchema,
  emptySchema,
  sendMessageSchema,
  startConversationSchema,
  syncConversationSchema,
  typingSchema,
} from '@parley/protocol/schemas';
import { bindHandlers, type HandlerContext } from '../../socket/handle.ts';
import type { VisitorSocket } from '../../socket/types.ts';
import { closeConversation } from './close-conversation.ts';
import type { ConversationNotifier } from './conversations.notifier.ts';
import { forVisitor } from './conversations.repository.ts';
import { loadConversationFor } from './load-conversation.ts';
import { resumeConversation, syncConversation } from './read-conversations.ts';
import { sendMessage } from './send-message.ts';
import { startConversation } from './start-conversation.ts';

export function registerVisitorHandlers(socket: VisitorSocket, db: Database, notify: ConversationNotifier, ctx: HandlerContext) {
  const actor = socket.data.actor;
  const on = bindHandlers<VisitorClientToServer>(socket, ctx);
  void socket.join(ROOMS.visitor(actor.visitorId));

  on(EVENTS.conversationStart, startConversationSchema, async (p) => {
    const result = await startConversation(db, actor, p);
    if (result.created) notify.conversationCreated(result.conversation);
    if (result.messages.length) notify.messagesCreated(result.messages, result.conversation);
    return { conversation: forVisitor(result.conversation), messages: result.messages };
  });

  on(EVENTS.conversationResume, emptySchema, () => resumeConversation(db, actor));

  on(EVENTS.conversationSync, syncConversationSchema, (p) => syncConversation(db, actor, p.conversationId, p.afterSeq));

  on(EVENTS.conversationClose, conversationRefSchema, async (p) => {
    const { conversation, message } = await closeConversation(db, actor, p.conversationId);
    if (message) notify.messagesCreated([message], conversation);
    return { conversation: forVisitor(conversation) };
  });

  on(EVENTS.messageSend, sendMessageSchema, async (p) => {
    const result = await sendMessage(db, actor, p);
    if (result.created) notify.messagesCreated([...result.before, result.message], result.conversation);
    return { message: result.message };
  });

  // Typing is neither stored nor acknowledged; it is relayed only for the visitor's own conversations.
  socket.on(EVENTS.typing, (payload: unknown) => {
    const parsed = typingSchema.safeParse(payload);
    if (!parsed.success) return;
    loadConversationFor(db, actor, parsed.data.conversationId)
      .then((row) => notify.typing(row, 'visitor', parsed.data.typing, null))
      .catch(() => {});
  });
}

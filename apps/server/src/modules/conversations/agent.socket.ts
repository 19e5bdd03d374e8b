/** Agent socket events: parse, call the domain, ack, notify. No rules live here. */
import type { Database } from '@parley/db';
import { EVENTS, ROOMS, type AgentClientToServer } from '@parley/protocol';
import {
  conversationRefSchema,
  listConversationsSchema,
  sendAgentMessageSchema,
  syncConversationSchema,
  typingSchema,
} from '@parley/protocol/schemas';
import { bindHandlers, type HandlerContext } from '../../socket/handle.ts';
import type { AgentSocket } from '../../socket/types.ts';
import { closeConversation } from './close-conversation.ts';
import type { ConversationNotifier } from './conversations.notifier.ts';
import { loadConversationFor } from './load-conversation.ts';
import { listConversations, openConversation, syncConversation } from './read-conversations.ts';
import { sendMessage } from './send-message.ts';

export function registerAgentHandlers(socket: AgentSocket, db: Database, notify: ConversationNotifier, ctx: HandlerContext) {
  const actor = socket.data.actor;
  const on = bindHandlers<AgentClientToServer>(socket, ctx);
  void socket.join([ROOMS.agent(actor.agentId), ...actor.siteIds.map(ROOMS.siteAgents)]);

  on(EVENTS.conversationList, listConversationsSchema, async (p) => ({
    conversations: await listConversations(db, actor, p),
  }));

  on(EVENTS.conversationOpen, conversationRefSchema, async (p) => {
    const result = await openConversation(db, actor, p.conversationId);
    // Joined only after the domain confirmed access: room membership is the server's decision.
    await socket.join(ROOMS.conversation(result.conversation.id));
    return result;
  });

  on(EVENTS.conversationSync, syncConversationSchema, async (p) => {
    const result = await syncConversation(db, actor, p.conversationId, p.afterSeq);
    await socket.join(ROOMS.conversation(result.conversation.id));
    return result;
  });

  on(EVENTS.conversationClose, conversationRefSchema, async (p) => {
    const { conversation, message } = await closeConversation(db, actor, p.conversationId);
    if (message) notify.messagesCreated([message], conversation);
    return { conversation };
  });

  on(EVENTS.messageSend, sendAgentMessageSchema, async (p) => {
    const result = await sendMessage(db, actor, p);
    await socket.join(ROOMS.conversation(result.conversation.id));
    if (result.created) notify.messagesCreated([...result.before, result.message], result.conversation);
    return { message: result.message };
  });

  socket.on(EVENTS.typing, (payload: unknown) => {
    const parsed = typingSchema.safeParse(payload);
    if (!parsed.success) return;
    loadConversationFor(db, actor, parsed.data.conversationId)
      .then((row) => notify.typing(row, 'agent', parsed.data.typing, actor.name))
      .catch(() => {});
  });
}

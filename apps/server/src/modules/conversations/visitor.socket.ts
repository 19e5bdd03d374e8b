/** Visitor socket events: parse, call the domain, ack, publish. No rules live here. */
import type { Database } from '@parley/db';
import { EVENTS, ROOMS, type VisitorClientToServer } from '@parley/protocol';
import {
  answerSurveySchema,
  conversationRefSchema,
  emptySchema,
  leaveMessageSchema,
  markReadSchema,
  sendMessageSchema,
  startConversationSchema,
  syncConversationSchema,
  typingSchema,
} from '@parley/protocol/schemas';
import { bindHandlers, type HandlerContext } from '../../socket/handle.ts';
import type { VisitorSocket } from '../../socket/types.ts';
import { answerSurvey } from './answer-survey.ts';
import { closeConversation } from './close-conversation.ts';
import { forVisitor } from './conversations.repository.ts';
import { markRead } from './mark-read.ts';
import { visitorTyping } from './typing-preview.ts';
import type { Publisher } from './publish-effects.ts';
import { resumeConversation, syncConversation } from './read-conversations.ts';
import { leaveMessage } from './routing/leave-message.ts';
import { getQueuePositions } from './routing/queue-info.ts';
import { sendMessage } from './send-message.ts';
import { startConversation } from './start-conversation.ts';

export function registerVisitorHandlers(socket: VisitorSocket, db: Database, publisher: Publisher, ctx: HandlerContext) {
  const actor = socket.data.actor;
  const { on, onSignal } = bindHandlers<VisitorClientToServer>(socket, ctx);
  void socket.join([ROOMS.visitor(actor.visitorId), ROOMS.siteVisitors(actor.siteId)]);
  // Flags may have changed since the session request: tell this socket the current ones.
  publisher
    .availability(actor.siteId)
    .then((payload) => socket.emit(EVENTS.siteAvailability, payload))
    .catch((error: unknown) => ctx.log.warn({ err: error }, 'availability lookup failed'));

  on(EVENTS.conversationStart, startConversationSchema, async (p) => {
    const result = await startConversation(db, actor, p);
    void publisher.publish(result.effects, { views: [result.conversation] });
    return { conversation: forVisitor(result.conversation), messages: result.messages };
  });

  on(EVENTS.conversationResume, emptySchema, async () => {
    const result = await resumeConversation(db, actor);
    // A waiting visitor who reloads learns their place in line again.
    if (result.conversation?.status === 'waiting') {
      const mine = (await getQueuePositions(db, actor.siteId)).find((p) => p.visitorId === actor.visitorId);
      if (mine) socket.emit(EVENTS.queuePosition, mine.position);
    }
    return result;
  });

  on(EVENTS.conversationSync, syncConversationSchema, (p) => syncConversation(db, actor, p.conversationId, p.afterSeq));

  on(EVENTS.conversationClose, conversationRefSchema, async (p) => {
    const { conversation, effects } = await closeConversation(db, actor, p.conversationId);
    void publisher.publish(effects);
    return { conversation: forVisitor(conversation) };
  });

  on(EVENTS.messageSend, sendMessageSchema, async (p) => {
    const result = await sendMessage(db, actor, p);
    void publisher.publish(result.effects, { sent: { socketId: socket.id, messageId: result.message.id } });
    return { message: result.message };
  });

  on(EVENTS.conversationLeaveMessage, leaveMessageSchema, async (p) => {
    const { conversation, effects } = await leaveMessage(db, actor, p);
    void publisher.publish(effects);
    return { conversation: forVisitor(conversation) };
  });

  on(EVENTS.conversationSurvey, answerSurveySchema, async (p) => {
    const { conversation, effects } = await answerSurvey(db, actor, p);
    void publisher.publish(effects);
    return { conversation };
  });

  // Typing is neither stored nor acknowledged; it is relayed only for the visitor's own conversations.
  onSignal(EVENTS.typing, typingSchema, async (p) => {
    const { conversation, preview } = await visitorTyping(db, actor, p);
    publisher.typing(conversation, 'visitor', p.typing, preview);
  });

  onSignal(EVENTS.conversationRead, markReadSchema, async (p) => publisher.publish(await markRead(db, actor, p.conversationId, p.seq)));
}

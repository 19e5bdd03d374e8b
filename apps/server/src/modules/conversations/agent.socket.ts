/** Agent socket events: parse, call the domain, ack, publish. No rules live here. */
import type { Database } from '@parley/db';
import { EVENTS, ROOMS, type AgentClientToServer } from '@parley/protocol';
import {
  blockVisitorSchema,
  conversationRefSchema,
  emptySchema,
  markReadSchema,
  searchConversationsSchema,
  visitorRefSchema,
  initiateConversationSchema,
  listConversationsSchema,
  sendAgentMessageSchema,
  setAgentStatusSchema,
  siteRefSchema,
  syncConversationSchema,
  transferConversationSchema,
  typingSchema,
} from '@parley/protocol/schemas';
import { AppError } from '../../errors.ts';
import { bindHandlers, type HandlerContext } from '../../socket/handle.ts';
import type { AgentSocket } from '../../socket/types.ts';
import { closeConversation } from './close-conversation.ts';
import { findConversationView } from './conversations.repository.ts';
import { loadConversationFor } from './load-conversation.ts';
import { markRead } from './mark-read.ts';
import { reopenConversation } from './reopen-conversation.ts';
import { searchConversations } from './search-conversations.ts';
import { getVisitorContext, setVisitorBlocked } from './visitor-context.ts';
import type { Publisher } from './publish-effects.ts';
import { listConversations, openConversation, syncConversation } from './read-conversations.ts';
import { claimConversation } from './routing/claim-conversation.ts';
import { describeOnlineVisitors, initiateConversation } from './routing/initiate-conversation.ts';
import { setAgentStatus } from './routing/presence.ts';
import { getAgentStates, getSiteQueue } from './routing/queue-info.ts';
import { transferConversation } from './routing/transfer-conversation.ts';
import { sendMessage } from './send-message.ts';

export function registerAgentHandlers(socket: AgentSocket, db: Database, publisher: Publisher, ctx: HandlerContext) {
  const actor = socket.data.actor;
  const { on, onSignal } = bindHandlers<AgentClientToServer>(socket, ctx);
  const own = actor.observer ? ROOMS.agentObservers(actor.agentId) : ROOMS.agent(actor.agentId);
  void socket.join([own, ...actor.siteIds.map(ROOMS.siteAgents)]);

  const myState = async () => (await getAgentStates(db, { agentIds: [actor.agentId] }))[0]!;
  const view = async (conversationId: string) => (await findConversationView(db, conversationId))!;

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
    const { conversation, effects } = await closeConversation(db, actor, p.conversationId);
    void publisher.publish(effects);
    return { conversation };
  });

  on(EVENTS.messageSend, sendAgentMessageSchema, async (p) => {
    const result = await sendMessage(db, actor, p);
    const room = ROOMS.conversation(p.conversationId);
    if (!socket.rooms.has(room)) await socket.join(room);
    void publisher.publish(result.effects, { sent: { socketId: socket.id, messageId: result.message.id } });
    return { message: result.message };
  });

  on(EVENTS.conversationClaim, conversationRefSchema, async (p) => {
    const effects = await claimConversation(db, actor, p.conversationId);
    await socket.join(ROOMS.conversation(p.conversationId));
    void publisher.publish(effects);
    return { conversation: await view(p.conversationId) };
  });

  on(EVENTS.conversationTransfer, transferConversationSchema, async (p) => {
    const effects = await transferConversation(db, actor, p);
    void publisher.publish(effects);
    return { conversation: await view(p.conversationId) };
  });

  on(EVENTS.agentSetStatus, setAgentStatusSchema, async (p) => {
    void publisher.publish(await setAgentStatus(db, actor.agentId, p.status));
    return { agent: await myState() };
  });

  on(EVENTS.agentList, siteRefSchema, async (p) => {
    if (!actor.siteIds.includes(p.siteId)) throw new AppError('NOT_FOUND', 'Site not found.');
    return { agents: await getAgentStates(db, { siteId: p.siteId }) };
  });

  on(EVENTS.queueOverview, emptySchema, async () => {
    const sites = await Promise.all(actor.siteIds.map((siteId) => getSiteQueue(db, siteId)));
    return { sites: sites.filter((s) => s !== undefined), me: await myState() };
  });

  on(EVENTS.conversationInitiate, initiateConversationSchema, async (p) => {
    const { conversation, effects } = await initiateConversation(db, actor, p);
    await socket.join(ROOMS.conversation(conversation.id));
    void publisher.publish(effects);
    return { conversation };
  });

  on(EVENTS.visitorListOnline, siteRefSchema, async (p) => {
    if (!actor.siteIds.includes(p.siteId)) throw new AppError('NOT_FOUND', 'Site not found.');
    return { visitors: await describeOnlineVisitors(db, p.siteId, await publisher.onlineVisitorIds(p.siteId)) };
  });

  on(EVENTS.conversationSearch, searchConversationsSchema, async (p) => ({ conversations: await searchConversations(db, actor, p) }));

  on(EVENTS.conversationReopen, conversationRefSchema, async (p) => {
    void publisher.publish(await reopenConversation(db, actor, p.conversationId));
    await socket.join(ROOMS.conversation(p.conversationId));
    return { conversation: await view(p.conversationId) };
  });

  on(EVENTS.visitorContext, visitorRefSchema, (p) => getVisitorContext(db, actor, p.visitorId));

  on(EVENTS.visitorBlock, blockVisitorSchema, async (p) => {
    const { visitor, effects } = await setVisitorBlocked(db, actor, p.visitorId, p.blocked);
    void publisher.publish(effects);
    return { visitor };
  });

  onSignal(EVENTS.conversationRead, markReadSchema, async (p) => publisher.publish(await markRead(db, actor, p.conversationId, p.seq)));

  onSignal(EVENTS.typing, typingSchema, async (p) => {
    const row = await loadConversationFor(db, actor, p.conversationId);
    publisher.typing(row, 'agent', p.typing, actor.name);
  });
}

/** REST API: conversations and their messages. Thin: parse (in addApiOperation) → domain → publish. */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { API } from '@parley/protocol';
import {
  apiCloseConversationSchema,
  apiListConversationsQuerySchema,
  apiListMessagesQuerySchema,
  apiSendMessageSchema,
  apiTransferConversationSchema,
  conversationIdParamsSchema,
  conversationPageSchema,
  conversationResponseSchema,
  messagePageSchema,
  messageResponseSchema,
} from '@parley/protocol/api';
import type { AppDeps } from '../../shared/deps.ts';
import { closeConversation } from '../conversations/close-conversation.ts';
import { findConversationView } from '../conversations/conversations.repository.ts';
import { transferConversation } from '../conversations/routing/transfer-conversation.ts';
import { sendBotMessage } from '../conversations/send-bot-message.ts';
import { sendMessage } from '../conversations/send-message.ts';
import { actingAgent } from './acting-agent.ts';
import { addApiOperation } from './api-route.ts';
import { getSiteConversation, listSiteConversations, listSiteMessages } from './site-conversations.ts';

export const conversationsApi: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;
  const ONE = API.conversation(':conversationId');

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.conversations,
    operationId: 'listConversations',
    tag: 'Conversations',
    summary: 'List conversations, newest first',
    description: 'Filters combine. Pages: pass `nextCursor` back as `cursor` until it is null.',
    scope: 'read',
    query: apiListConversationsQuerySchema,
    responses: { 200: { description: 'A page of conversations.', schema: conversationPageSchema } },
    handler: async ({ actor, query }) => ({ status: 200, body: await listSiteConversations(db, actor.siteId, query) }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: ONE,
    operationId: 'getConversation',
    tag: 'Conversations',
    summary: 'Get a conversation',
    scope: 'read',
    params: conversationIdParamsSchema,
    responses: { 200: { description: 'The conversation.', schema: conversationResponseSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params }) => ({
      status: 200,
      body: { conversation: await getSiteConversation(db, actor.siteId, params.conversationId) },
    }),
  });

  addApiOperation(app, deps, {
    method: 'POST',
    url: API.close(':conversationId'),
    operationId: 'closeConversation',
    tag: 'Conversations',
    summary: 'Close a conversation on behalf of an agent',
    description: 'Closing a closed conversation changes nothing and is not an error.',
    scope: 'write',
    params: conversationIdParamsSchema,
    body: apiCloseConversationSchema,
    responses: { 200: { description: 'The conversation, closed.', schema: conversationResponseSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params, body }) => {
      const agent = await actingAgent(db, actor, body.agentId);
      const { conversation, effects } = await closeConversation(db, agent, params.conversationId);
      void deps.publish(effects);
      return { status: 200, body: { conversation } };
    },
  });

  addApiOperation(app, deps, {
    method: 'POST',
    url: API.transfer(':conversationId'),
    operationId: 'transferConversation',
    tag: 'Conversations',
    summary: 'Transfer (or assign) a conversation to an agent or a channel',
    description:
      'Made on behalf of `agentId`. An agent without free capacity gets it through the queue (it waits for them only); a channel transfer is routed like a new conversation.',
    scope: 'write',
    params: conversationIdParamsSchema,
    body: apiTransferConversationSchema,
    responses: { 200: { description: 'The conversation after the transfer.', schema: conversationResponseSchema } },
    errors: ['NOT_FOUND', 'CONFLICT'],
    handler: async ({ actor, params, body }) => {
      const agent = await actingAgent(db, actor, body.agentId);
      void deps.publish(await transferConversation(db, agent, { ...body, conversationId: params.conversationId }));
      return { status: 200, body: { conversation: (await findConversationView(db, params.conversationId))! } };
    },
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.messages(':conversationId'),
    operationId: 'listMessages',
    tag: 'Messages',
    summary: "List a conversation's messages, oldest first",
    description: 'Pages: pass `nextAfter` back as `after` until it is null.',
    scope: 'read',
    params: conversationIdParamsSchema,
    query: apiListMessagesQuerySchema,
    responses: { 200: { description: 'A page of messages.', schema: messagePageSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params, query }) => ({
      status: 200,
      body: await listSiteMessages(db, actor.siteId, params.conversationId, query),
    }),
  });

  addApiOperation(app, deps, {
    method: 'POST',
    url: API.messages(':conversationId'),
    operationId: 'sendMessage',
    tag: 'Messages',
    summary: 'Send a message as an agent or as a bot',
    description:
      'Delivered live to the visitor and to agents, exactly like a console message. As an agent (`agentId`), answering a waiting conversation assigns it to them (they must be online, in its channel and under capacity). As a bot (`botName`), nothing is assigned. `internal: true` makes a note only agents see. Retrying with the same `clientId` stores the message once (200 with the stored message).',
    scope: 'write',
    params: conversationIdParamsSchema,
    body: apiSendMessageSchema,
    responses: {
      201: { description: 'The message, stored and delivered.', schema: messageResponseSchema },
      200: { description: 'A retry: the message stored earlier with this clientId.', schema: messageResponseSchema },
    },
    errors: ['NOT_FOUND', 'CONFLICT'],
    handler: async ({ actor, params, body }) => {
      const clientId = body.clientId ?? `api-${randomUUID()}`;
      const input = { conversationId: params.conversationId, clientId, text: body.text, internal: body.internal };
      const result = body.agentId
        ? await sendMessage(db, await actingAgent(db, actor, body.agentId), input)
        : await sendBotMessage(db, { ...input, siteId: actor.siteId, botName: body.botName! });
      void deps.publish(result.effects);
      return { status: result.created ? 201 : 200, body: { message: result.message } };
    },
  });
};

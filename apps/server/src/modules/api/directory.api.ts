/** REST API: the site, visitors, channels and queue, agents, metrics. */
import type { FastifyPluginAsync } from 'fastify';
import { API } from '@parley/protocol';
import {
  agentIdParamsSchema,
  agentListSchema,
  agentStateSchema,
  apiChannelSchema,
  apiListVisitorsQuerySchema,
  apiMetricsQuerySchema,
  apiSiteSchema,
  apiUpdateVisitorSchema,
  channelIdParamsSchema,
  channelListSchema,
  metricsReportSchema,
  siteQueueSchema,
  visitorDetailSchema,
  visitorIdParamsSchema,
  visitorListSchema,
  visitorResponseSchema,
} from '@parley/protocol/api';
import type { AppDeps } from '../../shared/deps.ts';
import { getSiteQueue } from '../conversations/routing/queue-info.ts';
import { buildMetricsReport } from '../metrics/metrics-report.ts';
import { addApiOperation } from './api-route.ts';
import { describeSite, getSiteAgent, getSiteChannel, listSiteAgents, listSiteChannels } from './site-directory.ts';
import { getSiteVisitor, listSiteVisitors, updateSiteVisitor } from './site-visitors.ts';

export const directoryApi: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.site,
    operationId: 'getSite',
    tag: 'Site',
    summary: 'The site this token belongs to, and the token',
    scope: 'read',
    responses: { 200: { description: 'The site.', schema: apiSiteSchema } },
    handler: async ({ actor }) => ({ status: 200, body: await describeSite(db, actor) }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.visitors,
    operationId: 'listVisitors',
    tag: 'Visitors',
    summary: 'List visitors, newest first',
    description: 'Find a visitor by `email` or by your own `userId` (of a verified identity). Pages: pass `nextCursor` back as `cursor`.',
    scope: 'read',
    query: apiListVisitorsQuerySchema,
    responses: { 200: { description: 'A page of visitors.', schema: visitorListSchema } },
    handler: async ({ actor, query }) => ({ status: 200, body: await listSiteVisitors(db, actor.siteId, query) }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.visitor(':visitorId'),
    operationId: 'getVisitor',
    tag: 'Visitors',
    summary: 'Get a visitor with their conversations',
    scope: 'read',
    params: visitorIdParamsSchema,
    responses: { 200: { description: 'The visitor and their conversations, newest first.', schema: visitorDetailSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params }) => ({ status: 200, body: await getSiteVisitor(db, actor.siteId, params.visitorId) }),
  });

  addApiOperation(app, deps, {
    method: 'PATCH',
    url: API.visitor(':visitorId'),
    operationId: 'updateVisitor',
    tag: 'Visitors',
    summary: "Update a visitor's name, email or custom attributes",
    description: 'Attributes are merged into the existing ones; `null` removes one. Agents see them in the visitor panel.',
    scope: 'write',
    params: visitorIdParamsSchema,
    body: apiUpdateVisitorSchema,
    responses: { 200: { description: 'The visitor, updated.', schema: visitorResponseSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params, body }) => ({
      status: 200,
      body: { visitor: await updateSiteVisitor(db, actor.siteId, params.visitorId, body) },
    }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.channels,
    operationId: 'listChannels',
    tag: 'Channels',
    summary: 'List channels with their queues',
    scope: 'read',
    responses: { 200: { description: 'The channels, in their display order.', schema: channelListSchema } },
    handler: async ({ actor }) => ({ status: 200, body: { channels: await listSiteChannels(db, actor.siteId) } }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.channel(':channelId'),
    operationId: 'getChannel',
    tag: 'Channels',
    summary: 'Get a channel with its queue',
    scope: 'read',
    params: channelIdParamsSchema,
    responses: { 200: { description: 'The channel.', schema: apiChannelSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params }) => ({ status: 200, body: await getSiteChannel(db, actor.siteId, params.channelId) }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.queue,
    operationId: 'getQueue',
    tag: 'Channels',
    summary: 'Waiting counts against the caps, per channel and for the site',
    scope: 'read',
    responses: { 200: { description: "The site's queues.", schema: siteQueueSchema } },
    handler: async ({ actor }) => ({ status: 200, body: (await getSiteQueue(db, actor.siteId))! }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.agents,
    operationId: 'listAgents',
    tag: 'Agents',
    summary: 'List active agents with their status and load',
    scope: 'read',
    responses: { 200: { description: "The site's active agents.", schema: agentListSchema } },
    handler: async ({ actor }) => ({ status: 200, body: { agents: await listSiteAgents(db, actor.siteId) } }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.agent(':agentId'),
    operationId: 'getAgent',
    tag: 'Agents',
    summary: "Get an agent's status and load",
    scope: 'read',
    params: agentIdParamsSchema,
    responses: { 200: { description: 'The agent.', schema: agentStateSchema } },
    errors: ['NOT_FOUND'],
    handler: async ({ actor, params }) => ({ status: 200, body: await getSiteAgent(db, actor.siteId, params.agentId) }),
  });

  addApiOperation(app, deps, {
    method: 'GET',
    url: API.metrics,
    operationId: 'getMetrics',
    tag: 'Metrics',
    summary: 'The KPI report for a time range',
    description: 'The same report as the console dashboard: first response, resolution, queue waits, CSAT, NPS, CES; in total, per bucket, per channel and per agent. Default range: the last 7 days.',
    scope: 'read',
    query: apiMetricsQuerySchema,
    responses: { 200: { description: 'The report.', schema: metricsReportSchema } },
    handler: async ({ actor, query }) => ({ status: 200, body: await buildMetricsReport(db, { siteId: actor.siteId, ...query }) }),
  });
};

/**
 * Admin routes of a site's webhooks (role admin, own sites only, like the rest of the admin API):
 * endpoints, their secrets, the delivery log, redeliver and test. Queued work is handed to this
 * node's delivery worker at once.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP } from '@parley/protocol';
import { createWebhookSchema, deliveryListQuerySchema, deliveryParamsSchema, itemParamsSchema, siteParamsSchema, updateWebhookSchema } from '@parley/protocol/admin';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { assertOwnSite, authenticateAdmin } from '../admin/admin-access.ts';
import { listDeliveries, redeliver, sendTestEvent } from './delivery-log.ts';
import type { DeliveryWorker } from './delivery-worker.ts';
import { createEndpoint, deleteEndpoint, listEndpoints, rotateEndpointSecret, updateEndpoint } from './manage-endpoints.ts';

const LIST = HTTP.adminWebhooks(':siteId');
const ITEM = HTTP.adminWebhook(':siteId', ':itemId');

export const webhooksRoutes: FastifyPluginAsync<{ deps: AppDeps; worker: DeliveryWorker }> = async (app, { deps, worker }) => {
  const { db, tokens } = deps;
  const allowedHosts = deps.config.webhooks.allowedHosts;
  const forSite = async (request: FastifyRequest) => {
    const actor = await authenticateAdmin(db, tokens, request.headers.authorization);
    const { siteId } = parse(siteParamsSchema, request.params);
    assertOwnSite(actor, siteId);
    return siteId;
  };
  const forItem = async (request: FastifyRequest) => {
    const siteId = await forSite(request);
    return { siteId, itemId: parse(itemParamsSchema, request.params).itemId };
  };

  app.get(LIST, async (request) => ({ endpoints: await listEndpoints(db, await forSite(request)) }));
  app.post(LIST, async (request, reply) => {
    const siteId = await forSite(request);
    return reply.status(201).send(await createEndpoint(db, siteId, parse(createWebhookSchema, request.body), allowedHosts));
  });
  app.patch(ITEM, async (request) => {
    const { siteId, itemId } = await forItem(request);
    return updateEndpoint(db, siteId, itemId, parse(updateWebhookSchema, request.body), allowedHosts);
  });
  app.delete(ITEM, async (request, reply) => {
    const { siteId, itemId } = await forItem(request);
    await deleteEndpoint(db, siteId, itemId);
    return reply.status(204).send();
  });
  app.post(HTTP.adminWebhookRotateSecret(':siteId', ':itemId'), async (request) => {
    const { siteId, itemId } = await forItem(request);
    return rotateEndpointSecret(db, siteId, itemId);
  });
  app.get(HTTP.adminWebhookDeliveries(':siteId', ':itemId'), async (request) => {
    const { siteId, itemId } = await forItem(request);
    const { limit } = parse(deliveryListQuerySchema, request.query);
    return { deliveries: await listDeliveries(db, siteId, itemId, limit) };
  });
  app.post(HTTP.adminWebhookTest(':siteId', ':itemId'), async (request, reply) => {
    const { siteId, itemId } = await forItem(request);
    const delivery = await sendTestEvent(db, siteId, itemId);
    worker.kick();
    return reply.status(202).send(delivery);
  });
  app.post(HTTP.adminWebhookRedeliver(':siteId', ':itemId', ':deliveryId'), async (request, reply) => {
    const siteId = await forSite(request);
    const { itemId, deliveryId } = parse(deliveryParamsSchema, request.params);
    const delivery = await redeliver(db, siteId, itemId, deliveryId);
    worker.kick();
    return reply.status(202).send(delivery);
  });
};

/** The admin API (role admin, own sites only), typed from @parley/protocol. */
import {
  HTTP,
  type AdminAgent,
  type AdminChannel,
  type AdminFaq,
  type AdminSite,
  type ApiToken,
  type CreateApiToken,
  type CreatedApiToken,
  type AdminWebhookEndpoint,
  type AdminWebhookEndpointWithSecret,
  type CreateWebhook,
  type UpdateWebhook,
  type WebhookDelivery,
  type CannedResponse,
  type CreateAgent,
  type UpdateAgent,
  type UpdateChannel,
  type UpdateSite,
  type UpsertCanned,
  type UpsertChannel,
  type UpsertFaq,
} from '@parley/protocol';
import { apiRequest } from './http.ts';

export const adminApi = {
  listSites: (token: string) => apiRequest<{ sites: AdminSite[] }>(token, HTTP.adminSites).then((r) => r.sites),
  createSite: (token: string, name: string) => apiRequest<AdminSite>(token, HTTP.adminSites, 'POST', { name }),
  updateSite: (token: string, siteId: string, patch: UpdateSite) =>
    apiRequest<AdminSite>(token, HTTP.adminSite(siteId), 'PATCH', patch),
  rotateSecret: (token: string, siteId: string) =>
    apiRequest<{ identitySecret: string }>(token, HTTP.adminRotateSecret(siteId), 'POST', {}).then((r) => r.identitySecret),

  listChannels: (token: string, siteId: string) =>
    apiRequest<{ channels: AdminChannel[] }>(token, HTTP.adminChannels(siteId)).then((r) => r.channels),
  createChannel: (token: string, siteId: string, body: UpsertChannel) =>
    apiRequest<AdminChannel>(token, HTTP.adminChannels(siteId), 'POST', body),
  updateChannel: (token: string, siteId: string, id: string, body: UpdateChannel) =>
    apiRequest<AdminChannel>(token, HTTP.adminChannel(siteId, id), 'PATCH', body),
  deleteChannel: (token: string, siteId: string, id: string) =>
    apiRequest<void>(token, HTTP.adminChannel(siteId, id), 'DELETE'),

  listAgents: (token: string, siteId: string) =>
    apiRequest<{ agents: AdminAgent[] }>(token, HTTP.adminAgents(siteId)).then((r) => r.agents),
  createAgent: (token: string, siteId: string, body: CreateAgent) =>
    apiRequest<AdminAgent>(token, HTTP.adminAgents(siteId), 'POST', body),
  updateAgent: (token: string, siteId: string, id: string, body: UpdateAgent) =>
    apiRequest<AdminAgent>(token, HTTP.adminAgent(siteId, id), 'PATCH', body),

  listCanned: (token: string, siteId: string) =>
    apiRequest<{ responses: CannedResponse[] }>(token, HTTP.adminCanned(siteId)).then((r) => r.responses),
  createCanned: (token: string, siteId: string, body: UpsertCanned) =>
    apiRequest<CannedResponse>(token, HTTP.adminCanned(siteId), 'POST', body),
  updateCanned: (token: string, siteId: string, id: string, body: UpsertCanned) =>
    apiRequest<CannedResponse>(token, HTTP.adminCannedItem(siteId, id), 'PUT', body),
  deleteCanned: (token: string, siteId: string, id: string) =>
    apiRequest<void>(token, HTTP.adminCannedItem(siteId, id), 'DELETE'),

  listFaq: (token: string, siteId: string) =>
    apiRequest<{ articles: AdminFaq[] }>(token, HTTP.adminFaq(siteId)).then((r) => r.articles),
  createFaq: (token: string, siteId: string, body: UpsertFaq) => apiRequest<AdminFaq>(token, HTTP.adminFaq(siteId), 'POST', body),
  updateFaq: (token: string, siteId: string, id: string, body: UpsertFaq) =>
    apiRequest<AdminFaq>(token, HTTP.adminFaqItem(siteId, id), 'PUT', body),
  deleteFaq: (token: string, siteId: string, id: string) => apiRequest<void>(token, HTTP.adminFaqItem(siteId, id), 'DELETE'),

  listApiTokens: (token: string, siteId: string) =>
    apiRequest<{ tokens: ApiToken[] }>(token, HTTP.adminApiTokens(siteId)).then((r) => r.tokens),
  createApiToken: (token: string, siteId: string, body: CreateApiToken) =>
    apiRequest<CreatedApiToken>(token, HTTP.adminApiTokens(siteId), 'POST', body),
  revokeApiToken: (token: string, siteId: string, id: string) => apiRequest<ApiToken>(token, HTTP.adminApiToken(siteId, id), 'DELETE'),
};

/** Webhook endpoints and their delivery log (admin API). */
export const webhooksApi = {
  list: (token: string, siteId: string) =>
    apiRequest<{ endpoints: AdminWebhookEndpoint[] }>(token, HTTP.adminWebhooks(siteId)).then((r) => r.endpoints),
  create: (token: string, siteId: string, body: CreateWebhook) =>
    apiRequest<AdminWebhookEndpointWithSecret>(token, HTTP.adminWebhooks(siteId), 'POST', body),
  update: (token: string, siteId: string, id: string, body: UpdateWebhook) =>
    apiRequest<AdminWebhookEndpoint>(token, HTTP.adminWebhook(siteId, id), 'PATCH', body),
  remove: (token: string, siteId: string, id: string) => apiRequest<void>(token, HTTP.adminWebhook(siteId, id), 'DELETE'),
  rotateSecret: (token: string, siteId: string, id: string) =>
    apiRequest<AdminWebhookEndpointWithSecret>(token, HTTP.adminWebhookRotateSecret(siteId, id), 'POST', {}),
  deliveries: (token: string, siteId: string, id: string) =>
    apiRequest<{ deliveries: WebhookDelivery[] }>(token, HTTP.adminWebhookDeliveries(siteId, id)).then((r) => r.deliveries),
  sendTest: (token: string, siteId: string, id: string) => apiRequest<WebhookDelivery>(token, HTTP.adminWebhookTest(siteId, id), 'POST', {}),
  redeliver: (token: string, siteId: string, id: string, deliveryId: string) =>
    apiRequest<WebhookDelivery>(token, HTTP.adminWebhookRedeliver(siteId, id, deliveryId), 'POST', {}),
};

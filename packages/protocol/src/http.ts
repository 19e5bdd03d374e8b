/** HTTP routes of the public API, shared so clients never hand-write a path. */
export const HTTP = {
  visitorSession: '/api/v1/visitor/session',
  /** POST: `IdentifyVisitorRequest` → `VisitorSessionResponse` (a new token when the verified user was known already). */
  visitorIdentify: '/api/v1/visitor/identify',
  /** GET ?siteKey=: the public site configuration (`PublicSite`), without creating a visitor. */
  widgetConfig: '/api/v1/widget/config',
  /** GET ?siteKey=&q=&lang=: `{ articles: FaqArticle[] }`, diacritics-insensitive. */
  faqSearch: '/api/v1/widget/faq',
  /** The hosted chat page a site owner links to: `/chat/<siteKey>`. */
  chatPage: (siteKey: string) => `/chat/${encodeURIComponent(siteKey)}`,
  agentLogin: '/api/v1/agent/login',
  agentMe: '/api/v1/agent/me',
  /** POST: ends this sign-in and every other of the agent (revokes all their tokens). */
  agentLogout: '/api/v1/agent/logout',
  /** GET (agent of the site) `?format=txt|json`: the transcript as a download, internal notes left out. */
  transcript: (conversationId: string) => `/api/v1/conversations/${conversationId}/transcript`,
  /** GET (agent of the site) with `MetricsQuery`: a `MetricsReport`, or CSV with `format=csv`. */
  metrics: (siteId: string) => `/api/v1/sites/${siteId}/metrics`,
  /** GET (any agent of the site): `{ responses: CannedResponse[] }`. */
  cannedResponses: (siteId: string) => `/api/v1/sites/${siteId}/canned`,
  /** Admin API (role admin, own sites only). GET list / POST create. */
  adminSites: '/api/v1/admin/sites',
  /** PATCH: `UpdateSite`. */
  adminSite: (siteId: string) => `/api/v1/admin/sites/${siteId}`,
  /** POST: a new identity secret for verified visitors, returned once: `{ identitySecret }`. */
  adminRotateSecret: (siteId: string) => `/api/v1/admin/sites/${siteId}/rotate-secret`,
  /** GET list / POST create; item: PATCH / DELETE. */
  adminChannels: (siteId: string) => `/api/v1/admin/sites/${siteId}/channels`,
  adminChannel: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/channels/${id}`,
  adminAgents: (siteId: string) => `/api/v1/admin/sites/${siteId}/agents`,
  adminAgent: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/agents/${id}`,
  adminCanned: (siteId: string) => `/api/v1/admin/sites/${siteId}/canned`,
  adminCannedItem: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/canned/${id}`,
  adminFaq: (siteId: string) => `/api/v1/admin/sites/${siteId}/faq`,
  adminFaqItem: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/faq/${id}`,
  /** Admin: a site's REST API tokens. GET list / POST create (`CreateApiToken` → `CreatedApiToken`, the token shown once). */
  adminApiTokens: (siteId: string) => `/api/v1/admin/sites/${siteId}/api-tokens`,
  /** DELETE: revokes the token (it stays listed, marked revoked). */
  adminApiToken: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/api-tokens/${id}`,
  /** Webhook endpoints: GET `{ endpoints }` / POST create (201, secret shown once); item: PATCH / DELETE. */
  adminWebhooks: (siteId: string) => `/api/v1/admin/sites/${siteId}/webhooks`,
  adminWebhook: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/webhooks/${id}`,
  /** POST: a new signing secret, returned once (`AdminWebhookEndpointWithSecret`). */
  adminWebhookRotateSecret: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/webhooks/${id}/rotate-secret`,
  /** POST: queues a `webhook.test` event for this endpoint only (202, `WebhookDelivery`). */
  adminWebhookTest: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/webhooks/${id}/test`,
  /** GET: `{ deliveries: WebhookDelivery[] }`, newest first. */
  adminWebhookDeliveries: (siteId: string, id: string) => `/api/v1/admin/sites/${siteId}/webhooks/${id}/deliveries`,
  /** POST: sends that delivery's event again as a new delivery (202, `WebhookDelivery`). */
  adminWebhookRedeliver: (siteId: string, id: string, deliveryId: string) =>
    `/api/v1/admin/sites/${siteId}/webhooks/${id}/deliveries/${deliveryId}/redeliver`,
  /** Erasure and data export of one visitor (GDPR), admins of the visitor's site. DELETE: `VisitorErasure`. */
  adminVisitor: (siteId: string, visitorId: string) => `/api/v1/admin/sites/${siteId}/visitors/${visitorId}`,
  /** GET: a `VisitorExport` as a JSON download (Content-Disposition: attachment). */
  adminVisitorExport: (siteId: string, visitorId: string) => `/api/v1/admin/sites/${siteId}/visitors/${visitorId}/export`,
  /** Prometheus text format; METRICS_TOKEN as a bearer token, or a direct loopback connection without one. */
  prometheus: '/metrics',
  health: '/healthz',
  ready: '/readyz',
} as const;

/**
 * The REST API for site owners' servers (`Authorization: Bearer <API token>`). A token belongs to
 * one site, so paths carry no site id. Schemas: `@parley/protocol/api`; the OpenAPI document is
 * served at `openapi` and rendered at `docs`.
 */
export const API = {
  site: '/api/v1/site',
  conversations: '/api/v1/conversations',
  conversation: (id: string) => `/api/v1/conversations/${id}`,
  messages: (conversationId: string) => `/api/v1/conversations/${conversationId}/messages`,
  close: (conversationId: string) => `/api/v1/conversations/${conversationId}/close`,
  transfer: (conversationId: string) => `/api/v1/conversations/${conversationId}/transfer`,
  visitors: '/api/v1/visitors',
  visitor: (id: string) => `/api/v1/visitors/${id}`,
  channels: '/api/v1/channels',
  channel: (id: string) => `/api/v1/channels/${id}`,
  queue: '/api/v1/queue',
  agents: '/api/v1/agents',
  agent: (id: string) => `/api/v1/agents/${id}`,
  metrics: '/api/v1/metrics',
  openapi: '/api/v1/openapi.json',
  docs: '/docs',
} as const;

/** Browser storage key of a site's visitor token (kept per site key). */
export const visitorTokenStorageKey = (siteKey: string) => `parley:${siteKey}:visitor`;

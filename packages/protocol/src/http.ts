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
  health: '/healthz',
  ready: '/readyz',
} as const;

/** Browser storage key of a site's visitor token (kept per site key). */
export const visitorTokenStorageKey = (siteKey: string) => `parley:${siteKey}:visitor`;

/** HTTP routes of the public API, shared so clients never hand-write a path. */
export const HTTP = {
  visitorSession: '/api/v1/visitor/session',
  agentLogin: '/api/v1/agent/login',
  agentMe: '/api/v1/agent/me',
  health: '/healthz',
  ready: '/readyz',
} as const;

/** Browser storage key of a site's visitor token (kept per site key). */
export const visitorTokenStorageKey = (siteKey: string) => `parley:${siteKey}:visitor`;

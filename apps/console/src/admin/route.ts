/**
 * The console's hash routes: `#/` the inbox, `#/dashboard` the KPI dashboard, `#/admin/<section>`
 * the settings. Pure, so it is unit-tested; App.tsx follows `hashchange` with it.
 */

/** The settings pages, in the order of their tabs. */
export const ADMIN_SECTIONS = ['site', 'channels', 'agents', 'canned', 'faq', 'triggers', 'widget', 'api', 'webhooks'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export type Route = { page: 'inbox' } | { page: 'dashboard' } | { page: 'admin'; section: AdminSection };

function isSection(value: string | undefined): value is AdminSection {
  return (ADMIN_SECTIONS as readonly string[]).includes(value ?? '');
}

/**
 * The route of a location hash. Anything unknown is the inbox, so an old or mistyped link still
 * lands somewhere useful; `#/settings` is an alias of the settings' first page.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split(/[?#]/)[0] ?? '';
  const parts = path.split('/').filter(Boolean).map((part) => part.toLowerCase());
  const [first, second] = parts;
  if (first === 'dashboard') return { page: 'dashboard' };
  if (first === 'admin' || first === 'settings') return { page: 'admin', section: isSection(second) ? second : 'site' };
  return { page: 'inbox' };
}

/** The hash of a route, for links. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'inbox':
      return '#/';
    case 'dashboard':
      return '#/dashboard';
    case 'admin':
      return `#/admin/${route.section}`;
  }
}

import type { SiteRow } from '@parley/db';
import { AppError } from '../../errors.ts';

/**
 * The widget may run only on origins the site allows. An empty allow-list means any origin
 * (the demo site); Parley's own origin (the demo and hosted chat pages) is always allowed.
 * Requests without an Origin header come from non-browser clients, which origin checks cannot
 * constrain anyway; they still need a valid site key and token.
 */
export function assertOriginAllowed(site: SiteRow, origin: string | undefined, ownOrigin: string | undefined): void {
  if (!origin || site.allowedOrigins.length === 0) return;
  const normalized = origin.replace(/\/+$/, '').toLowerCase();
  if (ownOrigin && normalized === ownOrigin.toLowerCase()) return;
  if (site.allowedOrigins.some((allowed) => allowed.replace(/\/+$/, '').toLowerCase() === normalized)) return;
  throw new AppError('ORIGIN_NOT_ALLOWED');
}

/**
 * Security headers (@fastify/helmet) and HTTP rate limits per IP (@fastify/rate-limit): well-kept
 * plugins rather than hand-written header and counter code. Widget files must load on any site,
 * so resources are cross-origin readable; the console gets its own strict CSP (see web routes).
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ERRORS } from '@parley/protocol';
import type { Config } from '../config.ts';

export async function installSecurity(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimits.perMinute,
    timeWindow: 60_000,
    // Thrown as an error with status 429: the error handler turns it into RATE_LIMITED.
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `${ERRORS.RATE_LIMITED.message} (retry in ${Math.ceil(context.ttl / 1000)} s)`,
    }),
  });
}

/** The console's Content-Security-Policy: only its own scripts, and sockets to itself. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

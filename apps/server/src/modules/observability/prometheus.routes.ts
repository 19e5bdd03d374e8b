/**
 * GET /metrics in the Prometheus text format. Who may scrape:
 * - METRICS_TOKEN set: anyone presenting `Authorization: Bearer <METRICS_TOKEN>` (compared in
 *   constant time), and nobody else (401) — the way to scrape nodes from another machine;
 * - METRICS_TOKEN unset: only a direct loopback connection (a Prometheus or curl on the same
 *   host). A request relayed by a proxy (X-Forwarded-For / Forwarded present) is refused even
 *   though the proxy connects from loopback; refusals are 404, the endpoint is not advertised.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { bearerToken } from '../auth/authenticate.ts';
import type { Prometheus } from './prometheus.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (value: string) => createHash('sha256').update(value).digest();

export function isDirectLoopback(request: FastifyRequest): boolean {
  const relayed = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !relayed && LOOPBACK.test(request.socket.remoteAddress ?? '');
}

/** Times every request of the app (call on the root instance: hooks in a plugin stay in it). */
export function timeHttpRequests(app: FastifyInstance, prometheus: Prometheus): void {
  // Labelled by route pattern (bounded label values); unmatched URLs share one label.
  app.addHook('onResponse', async (request, reply) => {
    prometheus.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
}

export const prometheusRoutes: FastifyPluginAsync<{ deps: AppDeps; prometheus: Prometheus }> = async (app, { deps, prometheus }) => {
  const expected = deps.config.metricsToken ? digest(deps.config.metricsToken) : undefined;

  app.get(HTTP.prometheus, async (request, reply) => {
    if (expected) {
      const presented = bearerToken(request.headers.authorization);
      if (!presented || !timingSafeEqual(digest(presented), expected)) throw new AppError('UNAUTHORIZED', 'A valid metrics token is required.');
    } else if (!isDirectLoopback(request)) {
      throw new AppError('NOT_FOUND', `No route for GET ${HTTP.prometheus}`);
    }
    const body = await prometheus.registry.metrics();
    return reply.type(prometheus.registry.contentType).header('cache-control', 'no-store').send(body);
  });
};

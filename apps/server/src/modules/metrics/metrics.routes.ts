/** GET /api/v1/sites/:siteId/metrics: the KPI report as JSON, or CSV with `format=csv`. */
import type { FastifyPluginAsync } from 'fastify';
import { HTTP } from '@parley/protocol';
import { metricsQuerySchema } from '@parley/protocol/schemas';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { authenticateAgent, bearerToken } from '../auth/authenticate.ts';
import { buildMetricsReport, metricsCsv } from './metrics-report.ts';

const paramsSchema = z.object({ siteId: z.string().uuid() });

export const metricsRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(HTTP.metrics(':siteId'), async (request, reply) => {
    const { actor } = await authenticateAgent(deps.db, deps.tokens, bearerToken(request.headers.authorization));
    const { siteId } = parse(paramsSchema, request.params);
    if (!actor.siteIds.includes(siteId)) throw new AppError('NOT_FOUND', 'Site not found.');
    const { format, ...query } = parse(metricsQuerySchema, request.query);
    const report = await buildMetricsReport(deps.db, { siteId, ...query });
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="parley-metrics-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`)
        .send(metricsCsv(report));
    }
    return report;
  });
};

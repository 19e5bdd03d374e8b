/**
 * Data-subject requests, for admins of the visitor's site (another site's visitor is NOT_FOUND):
 * GET …/visitors/:visitorId/export downloads everything about the visitor as JSON;
 * DELETE …/visitors/:visitorId erases them and answers with what was removed.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP } from '@parley/protocol';
import { visitorParamsSchema } from '@parley/protocol/admin';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { assertOwnSite, authenticateAdmin } from '../admin/admin-access.ts';
import { eraseVisitor } from './erase-visitor.ts';
import { exportVisitor } from './export-visitor.ts';

export const privacyRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, tokens } = deps;
  const forVisitor = async (request: FastifyRequest) => {
    const actor = await authenticateAdmin(db, tokens, request.headers.authorization);
    const { siteId, visitorId } = parse(visitorParamsSchema, request.params);
    assertOwnSite(actor, siteId);
    return { actor, siteId, visitorId };
  };

  app.get(HTTP.adminVisitorExport(':siteId', ':visitorId'), async (request, reply) => {
    const { siteId, visitorId } = await forVisitor(request);
    const data = await exportVisitor(db, siteId, visitorId);
    const name = `visitor-${visitorId.slice(0, 8)}-export.json`;
    void reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
  });

  app.delete(HTTP.adminVisitor(':siteId', ':visitorId'), async (request) => {
    const { actor, siteId, visitorId } = await forVisitor(request);
    const { erasure, effects } = await eraseVisitor(db, siteId, visitorId);
    void deps.publish(effects);
    // An audit line without personal data: who erased which visitor id, and how much.
    request.log.info({ agentId: actor.agentId, siteId, ...erasure }, 'visitor erased');
    return erasure;
  });
};

/** The admin side of API tokens: a site's admins list, create (token shown once) and revoke them. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP } from '@parley/protocol';
import { itemParamsSchema, siteParamsSchema } from '@parley/protocol/admin';
import { createApiTokenSchema } from '@parley/protocol/api';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { assertOwnSite, authenticateAdmin } from '../admin/admin-access.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';

export const apiTokenRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, tokens } = deps;
  const forSite = async (request: FastifyRequest) => {
    const actor = await authenticateAdmin(db, tokens, request.headers.authorization);
    const { siteId } = parse(siteParamsSchema, request.params);
    assertOwnSite(actor, siteId);
    return { actor, siteId };
  };

  app.get(HTTP.adminApiTokens(':siteId'), async (request) => ({ tokens: await listApiTokens(db, (await forSite(request)).siteId) }));
  app.post(HTTP.adminApiTokens(':siteId'), async (request, reply) => {
    const { actor, siteId } = await forSite(request);
    const created = await createApiToken(db, actor, siteId, parse(createApiTokenSchema, request.body));
    request.log.info({ siteId, tokenId: created.id, scopes: created.scopes }, 'API token created');
    // The token itself is in this answer only: never cache it.
    return reply.status(201).header('cache-control', 'no-store').send(created);
  });
  app.delete(HTTP.adminApiToken(':siteId', ':itemId'), async (request) => {
    const { siteId } = await forSite(request);
    const { itemId } = parse(itemParamsSchema, request.params);
    const revoked = await revokeApiToken(db, siteId, itemId);
    request.log.info({ siteId, tokenId: itemId }, 'API token revoked');
    return revoked;
  });
};

/** The REST API (token-authenticated, documented in OpenAPI) and the admin routes of its tokens. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../shared/deps.ts';
import { documentOnlySchemas } from './api-route.ts';
import { apiTokenRoutes } from './api-tokens.routes.ts';
import { conversationsApi } from './conversations.api.ts';
import { directoryApi } from './directory.api.ts';

export const apiRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  documentOnlySchemas(app);
  await app.register(conversationsApi, { deps });
  await app.register(directoryApi, { deps });
  await app.register(apiTokenRoutes, { deps });
};

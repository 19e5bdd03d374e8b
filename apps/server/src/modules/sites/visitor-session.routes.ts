/**
 * The widget's first call: a visitor session for a site key. Called cross-origin from site
 * owners' pages, so CORS reflects the origin; which origins a site accepts is the domain's check.
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import { HTTP, type VisitorSessionResponse } from '@parley/protocol';
import { visitorSessionRequestSchema } from '@parley/protocol/schemas';
import { ownOrigin } from '../../http/error-handler.ts';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { startVisitorSession } from './start-visitor-session.ts';

export const visitorSessionRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, tokens, config } = deps;
  await app.register(cors, { origin: true, methods: ['POST'], maxAge: 600 });

  app.post(HTTP.visitorSession, async (request): Promise<VisitorSessionResponse> => {
    const body = parse(visitorSessionRequestSchema, request.body);
    let previous: { visitorId: string; siteId: string } | undefined;
    if (body.token) {
      try {
        previous = tokens.verifyVisitor(body.token);
      } catch {
        // An expired or foreign token just means a new anonymous visitor.
      }
    }
    const { site, visitor } = await startVisitorSession(db, {
      siteKey: body.siteKey,
      origin: request.headers.origin,
      ownOrigin: ownOrigin(config.publicUrl, request),
      previous,
    });
    return { token: tokens.signVisitor({ visitorId: visitor.id, siteId: site.id }), visitor, site };
  });
};

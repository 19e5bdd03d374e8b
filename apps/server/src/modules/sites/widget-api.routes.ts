/**
 * The widget's public API: config, visitor session, identify, FAQ search. Called cross-origin
 * from site owners' pages, so CORS reflects the origin; which origins a site accepts is the
 * domain's check (sessions and identify), and config and FAQ are public anyway.
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP, type FaqArticle, type PublicSite, type VisitorSessionResponse } from '@parley/protocol';
import {
  faqSearchQuerySchema,
  identifyVisitorRequestSchema,
  visitorSessionRequestSchema,
  widgetConfigQuerySchema,
} from '@parley/protocol/schemas';
import { AppError } from '../../errors.ts';
import { ownOrigin } from '../../http/error-handler.ts';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { authenticateVisitor } from '../auth/authenticate.ts';
import { identifyVisitor } from './identify-visitor.ts';
import { searchFaq } from './search-faq.ts';
import { findPublicSite } from './sites.repository.ts';
import { startVisitorSession } from './start-visitor-session.ts';

/** Public config changes rarely; a short shared cache spares the database on busy sites. */
const CONFIG_CACHE = 'public, max-age=60';

export const widgetApiRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, tokens, config } = deps;
  await app.register(cors, { origin: true, methods: ['GET', 'POST'], maxAge: 600 });
  const self = (request: FastifyRequest) => ownOrigin(config.publicUrl, request);

  app.get(HTTP.widgetConfig, async (request, reply): Promise<PublicSite> => {
    const { siteKey } = parse(widgetConfigQuerySchema, request.query);
    const site = await findPublicSite(db, siteKey);
    if (!site) throw new AppError('NOT_FOUND', 'Unknown site key.');
    void reply.header('cache-control', CONFIG_CACHE);
    return site;
  });

  app.get(HTTP.faqSearch, async (request): Promise<{ articles: FaqArticle[] }> => {
    const query = parse(faqSearchQuerySchema, request.query);
    return { articles: await searchFaq(db, query) };
  });

  // Caps new visitor identities per IP (renewals with a valid token are cheap and not counted).
  const sessionLimit = {
    rateLimit: {
      max: config.rateLimits.sessionsPerMinute,
      timeWindow: 60_000,
      // After parsing, so the allow-list can see whether a token came with the body.
      hook: 'preHandler' as const,
      keyGenerator: (request: FastifyRequest) => `session:${request.ip}`,
      allowList: (request: FastifyRequest) => Boolean((request.body as { token?: unknown } | undefined)?.token),
    },
  };
  app.post(HTTP.visitorSession, { config: sessionLimit }, async (request): Promise<VisitorSessionResponse> => {
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
      ownOrigin: self(request),
      previous,
      page: body.page,
      locale: body.locale,
      timeZone: body.timeZone,
    });
    return { token: tokens.signVisitor({ visitorId: visitor.id, siteId: site.id }), visitor, site };
  });

  app.post(HTTP.visitorIdentify, async (request): Promise<VisitorSessionResponse> => {
    const body = parse(identifyVisitorRequestSchema, request.body);
    const actor = await authenticateVisitor(db, tokens, body.token, request.headers.origin, self(request));
    const site = await findPublicSite(db, body.siteKey);
    if (!site || site.id !== actor.siteId) throw new AppError('UNAUTHORIZED');
    const visitor = await identifyVisitor(db, actor, body);
    return { token: tokens.signVisitor({ visitorId: visitor.id, siteId: site.id }), visitor, site };
  });
};

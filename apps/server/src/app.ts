/**
 * The app factory: Fastify and Socket.IO on one server, every module registered. `main.ts` only
 * listens; tests build the app directly with their own database.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { DatabaseHandle } from '@parley/db';
import { LIMITS } from '@parley/protocol';
import type { Config } from './config.ts';
import { installErrorHandlers, ownOrigin } from './http/error-handler.ts';
import { installSecurity } from './http/security.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { authenticateAgent, authenticateVisitor } from './modules/auth/authenticate.ts';
import { createTokenService } from './modules/auth/tokens.ts';
import { registerConversationSockets } from './modules/conversations/conversations.sockets.ts';
import { createPublisher } from './modules/conversations/publish-effects.ts';
import { transcriptRoutes } from './modules/conversations/transcript.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { metricsRoutes } from './modules/metrics/metrics.routes.ts';
import { createPrometheus } from './modules/observability/prometheus.ts';
import { prometheusRoutes, timeHttpRequests } from './modules/observability/prometheus.routes.ts';
import { privacyRoutes } from './modules/privacy/privacy.routes.ts';
import { startRetentionJob } from './modules/privacy/retention.ts';
import { widgetApiRoutes } from './modules/sites/widget-api.routes.ts';
import { webRoutes } from './modules/web/web.routes.ts';
import type { AppDeps } from './shared/deps.ts';
import { createRealtime } from './socket/create-realtime.ts';
import type { Realtime } from './socket/types.ts';

export interface BuildAppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Logger settings; defaults to pino at the configured level. */
  logger?: FastifyServerOptions['logger'];
}

export interface ParleyApp {
  app: FastifyInstance;
  realtime: Realtime;
}

export async function buildApp({ config, database, logger }: BuildAppOptions): Promise<ParleyApp> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: LIMITS.httpBodyBytes,
    genReqId: () => randomUUID(),
    trustProxy: true,
  });
  const tokens = createTokenService(config.jwtSecret, { visitor: config.visitorTokenTtl, agent: config.agentTokenTtl });
  installErrorHandlers(app);
  await installSecurity(app, config);

  const realtime = createRealtime(
    app.server,
    database.pool,
    {
      visitor: (token, origin, self) => authenticateVisitor(database.db, tokens, token, origin, ownOrigin(config.publicUrl, self)),
      agent: async (token) => (await authenticateAgent(database.db, tokens, token)).actor,
    },
    app.log,
  );
  const prometheus = createPrometheus(realtime, database.db, app.log);
  timeHttpRequests(app, prometheus);
  const publisher = createPublisher(realtime, database.db, app.log, prometheus.observeEffects);
  const deps: AppDeps = { config, db: database.db, tokens, pingDatabase: database.ping, publish: publisher.publish };
  const presence = registerConversationSockets(realtime, deps.db, publisher, app.log, {
    agentGraceMs: config.agentGraceMs,
    visitorGraceMs: config.visitorGraceMs,
    visitorEvents: config.rateLimits.visitorEvents,
    agentEvents: config.rateLimits.agentEvents,
  });
  const retention = startRetentionJob(deps.db, config.retentionIntervalMs, app.log, deps.publish);
  // Open sockets would keep the HTTP server from closing: end them first.
  app.addHook('preClose', async () => {
    presence.stop();
    await retention.stop();
    // Local sockets only: with the adapter, a plain disconnectSockets would reach every node.
    realtime.io.local.disconnectSockets(true);
    await Promise.allSettled([realtime.io.of('/'), realtime.visitors, realtime.agents].map((nsp) => nsp.adapter.close()));
    realtime.io.engine.close();
  });

  await app.register(healthRoutes, { deps });
  await app.register(authRoutes, { deps });
  await app.register(widgetApiRoutes, { deps });
  await app.register(adminRoutes, { deps });
  await app.register(transcriptRoutes, { deps });
  await app.register(metricsRoutes, { deps });
  await app.register(privacyRoutes, { deps });
  await app.register(prometheusRoutes, { deps, prometheus });
  await app.register(webRoutes, { deps });
  return { app, realtime };
}

/**
 * The app factory: Fastify and Socket.IO on one server, every module registered. `main.ts` only
 * listens; tests build the app directly with their own database.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { DatabaseHandle } from '@parley/db';
import { LIMITS } from '@parley/protocol';
import type { Config } from './config.ts';
import { installErrorHandlers, ownOrigin } from './http/error-handler.ts';
import { installSecurity } from './http/security.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { apiRoutes } from './modules/api/api.routes.ts';
import { installOpenApi } from './modules/api/openapi.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { authenticateAgent, authenticateVisitor } from './modules/auth/authenticate.ts';
import { createTokenService } from './modules/auth/tokens.ts';
import { registerConversationSockets } from './modules/conversations/conversations.sockets.ts';
import { presenceJob, queueRefreshJob } from './modules/conversations/conversation-jobs.ts';
import { createPublisher, type Publisher } from './modules/conversations/publish-effects.ts';
import { transcriptRoutes } from './modules/conversations/transcript.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { metricsRoutes } from './modules/metrics/metrics.routes.ts';
import { createPrometheus } from './modules/observability/prometheus.ts';
import { prometheusRoutes, timeHttpRequests } from './modules/observability/prometheus.routes.ts';
import { privacyRoutes } from './modules/privacy/privacy.routes.ts';
import { startRetentionJob } from './modules/privacy/retention.ts';
import { widgetApiRoutes } from './modules/sites/widget-api.routes.ts';
import { webRoutes } from './modules/web/web.routes.ts';
import { startScheduler, type Scheduler } from './jobs/scheduler.ts';
import { startDeliveryWorker } from './modules/webhooks/delivery-worker.ts';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.ts';
import type { AppDeps } from './shared/deps.ts';
import { postgresAdapter, redisAdapter } from './socket/cluster-adapter.ts';
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
  scheduler: Scheduler;
  /** This process's name among the nodes (in logs and the scheduler lease). */
  nodeId: string;
  /** Starts a graceful shutdown: readiness fails from now on, so the proxy stops sending traffic. */
  drain(): void;
}

export async function buildApp({ config, database, logger }: BuildAppOptions): Promise<ParleyApp> {
  const nodeId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, base: { node: nodeId }, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: LIMITS.httpBodyBytes,
    genReqId: () => randomUUID(),
    trustProxy: true,
  });
  const tokens = createTokenService(config.jwtSecret, { visitor: config.visitorTokenTtl, agent: config.agentTokenTtl });
  installErrorHandlers(app);
  await installSecurity(app, config);

  const adapterError = (err: unknown) => app.log.warn({ err }, 'socket.io adapter error');
  const redis = config.redisUrl ? await redisAdapter(config.redisUrl, adapterError) : undefined;
  const realtime = createRealtime(
    app.server,
    redis?.factory ?? (database.pool ? postgresAdapter(database.pool, adapterError) : undefined),
    {
      visitor: (token, origin, self) => authenticateVisitor(database.db, tokens, token, origin, ownOrigin(config.publicUrl, self)),
      agent: async (token) => (await authenticateAgent(database.db, tokens, token)).actor,
    },
    app.log,
  );
  const webhooks = startDeliveryWorker(database.db, config.webhooks, app.log.child({ module: 'webhooks' }));
  const prometheus = createPrometheus(realtime, database.db, app.log);
  timeHttpRequests(app, prometheus);
  const announcer = createPublisher(realtime, database.db, app.log, prometheus.observeEffects);
  const publisher: Publisher = {
    ...announcer,
    publish(effects, options) {
      // New webhook deliveries are sent now rather than at the next poll.
      if (effects.outbox) webhooks.kick();
      return announcer.publish(effects, options);
    },
  };
  let draining = false;
  const deps: AppDeps = { config, db: database.db, tokens, pingDatabase: database.ping, publish: publisher.publish, nodeId, draining: () => draining };
  registerConversationSockets(realtime, deps.db, publisher, app.log, {
    visitorEvents: config.rateLimits.visitorEvents,
    agentEvents: config.rateLimits.agentEvents,
  });
  const scheduler = startScheduler({
    db: database.db,
    nodeId,
    tickMs: config.schedulerTickMs,
    log: app.log,
    onRun: prometheus.observeJobRun,
    jobs: [
      presenceJob(realtime, database.db, publisher, { agentGraceMs: config.agentGraceMs, visitorGraceMs: config.visitorGraceMs }),
      queueRefreshJob(database.db, publisher),
    ],
  });
  prometheus.watchScheduler(scheduler);
  // Retention keeps its own timer: each run takes an advisory lock, so nodes never overlap.
  const retention = startRetentionJob(deps.db, config.retentionIntervalMs, app.log, deps.publish);
  // Open sockets would keep the HTTP server from closing: end them first. Closing the transports
  // (not disconnecting the sockets, which tells clients not to come back) makes every client
  // reconnect — through the proxy, to another node.
  app.addHook('preClose', async () => {
    draining = true;
    await scheduler.stop();
    publisher.stop();
    // Requests in flight are cancelled and left due, for this node's next start or another node.
    await webhooks.stop();
    await retention.stop();
    realtime.io.engine.close();
    await Promise.allSettled([realtime.io.of('/'), realtime.visitors, realtime.agents].map((nsp) => nsp.adapter.close()));
    await redis?.close();
  });

  // Before any route: the OpenAPI collector sees routes as they are added.
  await installOpenApi(app);
  await app.register(healthRoutes, { deps });
  await app.register(authRoutes, { deps });
  await app.register(widgetApiRoutes, { deps });
  await app.register(adminRoutes, { deps });
  await app.register(apiRoutes, { deps });
  await app.register(transcriptRoutes, { deps });
  await app.register(metricsRoutes, { deps });
  await app.register(webhooksRoutes, { deps, worker: webhooks });
  await app.register(privacyRoutes, { deps });
  await app.register(prometheusRoutes, { deps, prometheus });
  await app.register(webRoutes, { deps });
  return {
    app,
    realtime,
    scheduler,
    nodeId,
    drain: () => {
      draining = true;
    },
  };
}

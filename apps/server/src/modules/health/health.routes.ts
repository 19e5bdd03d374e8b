/** Liveness (process up) and readiness (database answers) probes. */
import type { FastifyPluginAsync } from 'fastify';
import { HTTP } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../shared/deps.ts';

const READY_TIMEOUT_MS = 2000;

export const healthRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  // The node's name tells which node of several answered (behind a proxy).
  app.get(HTTP.health, async () => ({ status: 'ok', node: deps.nodeId }));

  app.get(HTTP.ready, async () => {
    if (deps.draining()) throw new AppError('UNAVAILABLE', 'This node is shutting down.');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database ping timed out')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([deps.pingDatabase(), timeout]);
    } catch {
      throw new AppError('UNAVAILABLE', 'The database is not reachable.');
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ready' };
  });
};

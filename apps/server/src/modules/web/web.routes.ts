/**
 * Serves the built widget (`/widget.js` loader with a short cache, hashed bundles cached forever),
 * the console SPA under `/console/`, and the demo host page.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../../errors.ts';
import { ownOrigin } from '../../http/error-handler.ts';
import { CONSOLE_CSP } from '../../http/security.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { findPublicSite } from '../sites/index.ts';
import { renderChatPage, renderDemoPage } from './demo-page.ts';

export const WIDGET_DIST = fileURLToPath(new URL('../../../../widget/dist', import.meta.url));
export const CONSOLE_DIST = fileURLToPath(new URL('../../../../console/dist', import.meta.url));
const LOADER_CACHE = 'public, max-age=300';

const notBuilt = (what: string) =>
  new AppError('UNAVAILABLE', `The ${what} is not built. Run \`pnpm build\` and restart.`);

export const webRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/widget.js', async (_request, reply) => {
    const file = join(WIDGET_DIST, 'widget.js');
    if (!existsSync(file)) throw notBuilt('widget');
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', LOADER_CACHE)
      .header('access-control-allow-origin', '*')
      .send(await readFile(file));
  });

  if (existsSync(join(WIDGET_DIST, 'widget'))) {
    await app.register(fastifyStatic, {
      root: join(WIDGET_DIST, 'widget'),
      prefix: '/widget/',
      decorateReply: false,
      index: false,
      // File names carry a content hash, so a bundle never changes under its URL.
      maxAge: '365d',
      immutable: true,
      setHeaders: (res) => void res.header('access-control-allow-origin', '*'),
    });
  }

  const consoleIndex = join(CONSOLE_DIST, 'index.html');
  const sendConsole = async (reply: FastifyReply) => {
    if (!existsSync(consoleIndex)) throw notBuilt('console');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONSOLE_CSP)
      .send(await readFile(consoleIndex));
  };
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', (_request, reply) => sendConsole(reply));
  if (existsSync(join(CONSOLE_DIST, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(CONSOLE_DIST, 'assets'),
      prefix: '/console/assets/',
      decorateReply: false,
      index: false,
      maxAge: '365d',
      immutable: true,
    });
  }

  // The hosted chat page a site owner links to from email or social media.
  app.get<{ Params: { siteKey: string } }>('/chat/:siteKey', async (request, reply) => {
    const site = await findPublicSite(deps.db, request.params.siteKey);
    if (!site) throw new AppError('NOT_FOUND', 'Unknown site key.');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(renderChatPage({ baseUrl: ownOrigin(deps.config.publicUrl, request), siteKey: site.siteKey, siteName: site.name }));
  });

  app.get('/', (_request, reply) => reply.redirect('/demo'));
  app.get('/demo', (request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(
      renderDemoPage({ baseUrl: ownOrigin(deps.config.publicUrl, request), siteKey: 'demo' }),
    ),
  );
};

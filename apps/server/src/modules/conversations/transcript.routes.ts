/** Transcript downloads for agents (text or JSON). */
import type { FastifyPluginAsync } from 'fastify';
import { HTTP } from '@parley/protocol';
import { z } from 'zod';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { authenticateAgent, bearerToken } from '../auth/authenticate.ts';
import { getTranscript, transcriptText } from './transcript.ts';

const paramsSchema = z.object({ conversationId: z.string().uuid() });
const querySchema = z.object({ format: z.enum(['txt', 'json']).default('txt') });

export const transcriptRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(HTTP.transcript(':conversationId'), async (request, reply) => {
    const { actor } = await authenticateAgent(deps.db, deps.tokens, bearerToken(request.headers.authorization));
    const { conversationId } = parse(paramsSchema, request.params);
    const { format } = parse(querySchema, request.query);
    const transcript = await getTranscript(deps.db, actor, conversationId);
    const name = `conversation-${conversationId.slice(0, 8)}.${format}`;
    void reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(transcript);
    return reply.type('text/plain; charset=utf-8').send(transcriptText(transcript));
  });
};

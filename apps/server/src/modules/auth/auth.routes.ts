/** Agent sign-in and session routes. */
import type { FastifyPluginAsync } from 'fastify';
import { HTTP, type AgentSessionResponse } from '@parley/protocol';
import { agentLoginRequestSchema } from '@parley/protocol/schemas';
import { parse } from '../../http/parse.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { findAgentSites } from '../sites/index.ts';
import { loginAgent, revokeAgentSessions, toAgent } from './agent-session.ts';
import { authenticateAgent, bearerToken } from './authenticate.ts';

export const authRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, tokens } = deps;

  const loginLimit = { rateLimit: { max: deps.config.rateLimits.loginPerMinute, timeWindow: 60_000 } };
  app.post(HTTP.agentLogin, { config: loginLimit }, async (request): Promise<AgentSessionResponse> => {
    const body = parse(agentLoginRequestSchema, request.body);
    const agent = await loginAgent(db, body.email, body.password);
    request.log.info({ agentId: agent.id }, 'agent signed in');
    return {
      token: tokens.signAgent({ agentId: agent.id, version: agent.tokenVersion }),
      agent: toAgent(agent),
      sites: await findAgentSites(db, agent.id),
    };
  });

  app.post(HTTP.agentLogout, async (request, reply) => {
    const { agent } = await authenticateAgent(db, tokens, bearerToken(request.headers.authorization));
    void deps.publish(await revokeAgentSessions(db, agent.id));
    request.log.info({ agentId: agent.id }, 'agent signed out everywhere');
    return reply.status(204).send();
  });

  app.get(HTTP.agentMe, async (request): Promise<AgentSessionResponse> => {
    const token = bearerToken(request.headers.authorization);
    const { agent } = await authenticateAgent(db, tokens, token);
    return { token: token!, agent: toAgent(agent), sites: await findAgentSites(db, agent.id) };
  });
};

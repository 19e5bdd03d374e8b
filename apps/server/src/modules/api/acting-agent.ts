/**
 * The API acts for a named agent of the token's site (closing, transferring, answering), so the
 * conversation's record and the visitor see who did it, as if done in the console. The actor is
 * limited to the token's site even when the agent also works for other sites.
 */
import { and, eq } from 'drizzle-orm';
import { agents, siteAgents, type Database } from '@parley/db';
import { AppError } from '../../errors.ts';
import type { AgentActor, ApiActor } from '../../shared/actor.ts';

export async function actingAgent(db: Database, actor: ApiActor, agentId: string): Promise<AgentActor> {
  const [agent] = await db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .innerJoin(siteAgents, and(eq(siteAgents.agentId, agents.id), eq(siteAgents.siteId, actor.siteId)))
    .where(and(eq(agents.id, agentId), eq(agents.active, true)))
    .limit(1);
  if (!agent) throw new AppError('NOT_FOUND', 'No such agent on this site.');
  return { kind: 'agent', agentId: agent.id, name: agent.name, siteIds: [actor.siteId] };
}

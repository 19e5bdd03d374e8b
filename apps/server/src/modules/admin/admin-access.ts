/** Who may use the admin API: signed-in agents with role `admin`, on their own sites only. */
import type { Database } from '@parley/db';
import { AppError } from '../../errors.ts';
import type { AgentActor } from '../../shared/actor.ts';
import type { TokenService } from '../auth/tokens.ts';
import { authenticateAgent, bearerToken } from '../auth/authenticate.ts';

export async function authenticateAdmin(db: Database, tokens: TokenService, authorization: string | undefined): Promise<AgentActor> {
  const { agent, actor } = await authenticateAgent(db, tokens, bearerToken(authorization));
  if (agent.role !== 'admin') throw new AppError('FORBIDDEN', 'Only admins can change settings.');
  return actor;
}

/** Another site's id is NOT_FOUND, never FORBIDDEN: its existence is not confirmed. */
export function assertOwnSite(actor: AgentActor, siteId: string): void {
  if (!actor.siteIds.includes(siteId)) throw new AppError('NOT_FOUND', 'Site not found.');
}

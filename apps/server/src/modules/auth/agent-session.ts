/** Agent sign-in and the checks every agent request repeats (active, token not revoked). */
import { eq, sql } from 'drizzle-orm';
import { agents, type AgentRow, type Database } from '@parley/db';
import type { Agent } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.ts';

export async function loginAgent(db: Database, email: string, password: string): Promise<AgentRow> {
  const [agent] = await db.select().from(agents).where(eq(agents.email, email)).limit(1);
  // Verify against a dummy hash for unknown emails so response time does not reveal which exist.
  const ok = await verifyPassword(password, agent?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!agent || !ok || !agent.active) throw new AppError('UNAUTHORIZED', 'Wrong email or password.');
  return agent;
}

/** Loads the agent behind a verified token; a deactivated agent or a revoked token is refused. */
export async function loadAgent(db: Database, agentId: string, version: number): Promise<AgentRow> {
  const [agent] = await db.select().from(agents).where(eq(agents.id, agentId)).limit(1);
  if (!agent || !agent.active || agent.tokenVersion !== version) throw new AppError('UNAUTHORIZED');
  return agent;
}

export const toAgent = (a: AgentRow): Agent => ({ id: a.id, name: a.name, email: a.email, role: a.role });

/** Logout everywhere: every token of the agent stops working, and their open sockets close. */
export async function revokeAgentSessions(db: Database, agentId: string): Promise<Effects> {
  await db.update(agents).set({ tokenVersion: sql`${agents.tokenVersion} + 1` }).where(eq(agents.id, agentId));
  const effects = newEffects();
  effects.revokedAgents.add(agentId);
  return effects;
}

/**
 * The scheduled half of presence (run by one node at a time, see jobs/scheduler.ts): agents and
 * waiting visitors with no connection on any node are noted as gone — which also catches those
 * whose node died without a disconnect event — and once gone for longer than the grace period,
 * agents go offline (their chats are requeued) and waiting conversations are missed.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { agents, conversations, visitors, type Database } from '@parley/db';
import { mergeEffects, newEffects, type Effects } from '../../../shared/effects.ts';
import { agentGone, visitorGone } from './presence.ts';

export interface SweepOptions {
  agentGraceMs: number;
  visitorGraceMs: number;
  /** Which of these ids have a socket open on some node now (asks every node). */
  connectedAgents(ids: string[]): Promise<Set<string>>;
  connectedVisitors(ids: string[]): Promise<Set<string>>;
}

interface Candidate {
  id: string;
  disconnectedAt: Date | null;
  expired: boolean;
}

const expiredAfter = (column: typeof agents.disconnectedAt | typeof visitors.disconnectedAt, graceMs: number) =>
  sql<boolean>`coalesce(${column} < now() - make_interval(secs => ${graceMs / 1000}), false)`;

export async function sweepPresence(db: Database, options: SweepOptions): Promise<Effects> {
  const effects = newEffects();
  const present = await db
    .select({ id: agents.id, disconnectedAt: agents.disconnectedAt, expired: expiredAfter(agents.disconnectedAt, options.agentGraceMs) })
    .from(agents)
    .where(inArray(agents.status, ['online', 'away']));
  for (const id of await settle(db, 'agent', present, await options.connectedAgents(present.map((a) => a.id)))) {
    mergeEffects(effects, await agentGone(db, id, present.find((a) => a.id === id)!.disconnectedAt!));
  }

  const waiting = await db
    .selectDistinct({ id: visitors.id, disconnectedAt: visitors.disconnectedAt, expired: expiredAfter(visitors.disconnectedAt, options.visitorGraceMs) })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(eq(conversations.status, 'waiting'));
  for (const id of await settle(db, 'visitor', waiting, await options.connectedVisitors(waiting.map((v) => v.id)))) {
    mergeEffects(effects, await visitorGone(db, id, waiting.find((v) => v.id === id)!.disconnectedAt!));
  }
  return effects;
}

/**
 * Brings the disconnect marks in line with who is connected, and returns the ids gone past the
 * grace period (marked on an earlier sweep or by their node, so never on the sweep that noticed).
 */
async function settle(db: Database, kind: 'agent' | 'visitor', rows: Candidate[], connected: Set<string>): Promise<string[]> {
  const table = kind === 'agent' ? agents : visitors;
  const unmarked = rows.filter((r) => !connected.has(r.id) && !r.disconnectedAt).map((r) => r.id);
  const back = rows.filter((r) => connected.has(r.id) && r.disconnectedAt).map((r) => r.id);
  if (unmarked.length) {
    await db.update(table).set({ disconnectedAt: sql`now()` }).where(and(inArray(table.id, unmarked), sql`${table.disconnectedAt} is null`));
  }
  if (back.length) await db.update(table).set({ disconnectedAt: null }).where(and(inArray(table.id, back), isNotNull(table.disconnectedAt)));
  return rows.filter((r) => !connected.has(r.id) && r.expired).map((r) => r.id);
}

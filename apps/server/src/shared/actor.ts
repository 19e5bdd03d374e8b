/** Who is asking: decided by the server from a verified token, never from a payload. */
export interface VisitorActor {
  kind: 'visitor';
  visitorId: string;
  siteId: string;
}
export interface AgentActor {
  kind: 'agent';
  agentId: string;
  name: string;
  /** The sites this agent belongs to: the limit of what they may read or change. */
  siteIds: string[];
  /** A watching socket (`auth.observe`, e.g. the dashboard): it does not make the agent present. */
  observer?: boolean;
}
export type Actor = VisitorActor | AgentActor;

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

/**
 * A site's own software, calling the REST API with an API token. Not an `Actor`: the domain acts
 * for it as a named agent of the site, or posts as a bot (see modules/api).
 */
export interface ApiActor {
  kind: 'api';
  tokenId: string;
  tokenName: string;
  siteId: string;
  scopes: ('read' | 'write')[];
}

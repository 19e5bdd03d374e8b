import type { AgentClientToServer, AgentServerToClient, VisitorClientToServer, VisitorServerToClient } from '@parley/protocol';
import type { Namespace, Server, Socket } from 'socket.io';
import type { AgentActor, VisitorActor } from '../shared/actor.ts';

export interface VisitorSocketData {
  actor: VisitorActor;
}
export interface AgentSocketData {
  actor: AgentActor;
}
export type VisitorNamespace = Namespace<VisitorClientToServer, VisitorServerToClient, Record<string, never>, VisitorSocketData>;
export type AgentNamespace = Namespace<AgentClientToServer, AgentServerToClient, Record<string, never>, AgentSocketData>;
export type VisitorSocket = Socket<VisitorClientToServer, VisitorServerToClient, Record<string, never>, VisitorSocketData>;
export type AgentSocket = Socket<AgentClientToServer, AgentServerToClient, Record<string, never>, AgentSocketData>;

export interface Realtime {
  io: Server;
  visitors: VisitorNamespace;
  agents: AgentNamespace;
}
